// The JazzHR adapter (providers/jazzhr): Custom Integration webhooks, the event in the
// X-JazzHR-Event header (VERIFY, CANDIDATE-EXPORT), an HR Open Standards candidate in the body.
#pragma once

#include "providers/core/provider.h"

namespace weft {
extern const Provider jazzhr_provider;
}  // namespace weft
