// Normalize one vendor payload with no network and no signature check: the engine of
// `weftd normalize`, and of the golden-file tests.
#pragma once

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

OfflineResult normalize_offline(const Provider& provider, const ConnectionInfo& connection,
                                const Headers& headers, std::string_view body,
                                std::string_view received_at);

}  // namespace weft
