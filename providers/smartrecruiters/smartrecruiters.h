// The SmartRecruiters provider (smartrecruiters.cpp).
#pragma once

#include "providers/core/provider.h"

namespace weft {
extern const Provider smartrecruiters_provider;
}  // namespace weft
