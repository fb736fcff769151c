// Lever: signed fields in the body, thin webhooks enriched through Lever's API.
#pragma once

#include "providers/core/provider.h"

namespace weft {
extern const Provider lever_provider;
}  // namespace weft
