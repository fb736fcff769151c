#include "daemon/route/route.h"

#include <algorithm>

#include "daemon/config/patterns.h"

namespace weft::route {

std::vector<const config::Subscriber*> match(const config::Config& config,
                                             std::string_view connection_id,
                                             std::string_view type) {
  std::vector<const config::Subscriber*> out;
  for (const auto& sub : config.subscribers) {
    bool connection_ok = sub.connections.empty() ||
                         std::find(sub.connections.begin(), sub.connections.end(), connection_id) !=
                             sub.connections.end();
    if (!connection_ok) continue;
    bool type_ok = std::any_of(sub.events.begin(), sub.events.end(),
                               [&](const std::string& p) { return config::type_matches(p, type); });
    if (type_ok) out.push_back(&sub);
  }
  return out;
}

}  // namespace weft::route
