// A human summary of a loaded configuration for `weftd --check-config`: counts, ids,
// providers, endpoints and settings. Secrets are shown only as a count; URL queries are
// elided because some endpoints carry tokens there.
#pragma once

#include <string>

#include "daemon/config/config.h"

namespace weft::config {

std::string describe(const Config& config);

}  // namespace weft::config
