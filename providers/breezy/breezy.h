// The Breezy HR adapter (X-Hook-Signature, {"_id","type","object","creation_date"} bodies).
#pragma once

#include "providers/core/provider.h"

namespace weft {
extern const Provider breezy_provider;
}  // namespace weft
