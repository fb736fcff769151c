#pragma once

#include "providers/core/provider.h"

namespace weft {
extern const Provider ashby_provider;
}  // namespace weft
