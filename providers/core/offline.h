// Normalize one vendor payload with no network and no signature check: the engine of
// `weftd normalize`, and of the golden-file tests.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "providers/core/envelope.h"

namespace weft {

struct OfflineResult {
  std::string error;           // set when the provider rejected the payload
  std::optional<Reply> reply;  // set for pings and handshakes
  std::vector<UnifiedEvent> events;
};

// Answers a thin webhook's API reads offline (canned responses); nullopt: not available.
using FetchAnswer = std::function<std::optional<FetchResult>(const Fetch&)>;

// The file name a canned response of one API read is kept under (weftd normalize --api-dir,
// and the golden tests' tests/fixtures/<vendor>/api/): the target without scheme, host and
// leading '/', each character other than [A-Za-z0-9._-] replaced by '_', then ".json";
// "POST_" first for a POST. GET /v1/opportunities/abc?expand=stage is
// "v1_opportunities_abc_expand_stage.json".
std::string canned_response_file(const Fetch& fetch);

// With answer set, a thin webhook's fetches are answered by it, round after round, as the
// daemon would with the vendor's API; without it (or when it has no answer) the result's
// error says which read was needed.
OfflineResult normalize_offline(const Provider& provider, const ConnectionInfo& connection,
                                const Headers& headers, std::string_view body,
                                std::string_view received_at, std::string_view query = {},
                                const FetchAnswer& answer = {});

}  // namespace weft
