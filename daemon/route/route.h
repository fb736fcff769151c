// Which subscribers take an event: pure, on an immutable config snapshot.
#pragma once

#include <string_view>
#include <vector>

#include "daemon/config/config.h"

namespace weft::route {

// Subscribers whose connection filter names this connection (or is empty) and one of whose
// event patterns matches the type, in config order.
std::vector<const config::Subscriber*> match(const config::Config& config,
                                             std::string_view connection_id, std::string_view type);

}  // namespace weft::route
