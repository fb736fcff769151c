// The Teamtailor company-webhooks adapter (TT-Signature v2, JSON:API-like resources).
#pragma once

#include "providers/core/provider.h"

namespace weft {
extern const Provider teamtailor_provider;
}  // namespace weft
