#pragma once

#include "providers/core/provider.h"

namespace weft {
extern const Provider sandbox_provider;
}  // namespace weft
