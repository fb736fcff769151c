// Pinpoint: PINPOINT-HMAC-SHA256 (base64) over the raw body; thin application webhooks
// enriched through Pinpoint's JSON:API.
#pragma once

#include "providers/core/provider.h"

namespace weft {
extern const Provider pinpoint_provider;
}  // namespace weft
