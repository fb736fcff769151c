// The Recruitee adapter (providers/recruitee): signed `{"id","event_type","event_subtype",
// "payload"}` webhooks and the unsigned `{"test":true}` delivery.
#pragma once

#include <string>
#include <vector>

#include "providers/core/provider.h"

namespace weft {
extern const Provider recruitee_provider;
}  // namespace weft

namespace weft::recruitee {
// Every event_type (with its subtype, "candidate_moved.stage_changed") the adapter maps.
std::vector<std::string> event_names();
}  // namespace weft::recruitee
