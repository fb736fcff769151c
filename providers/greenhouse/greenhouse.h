#pragma once

#include "providers/core/provider.h"

namespace weft {
extern const Provider greenhouse_provider;
}  // namespace weft
