// The Workable provider (workable.cpp).
#pragma once

#include "providers/core/provider.h"

namespace weft {
extern const Provider workable_provider;
}  // namespace weft
