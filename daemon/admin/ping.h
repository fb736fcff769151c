// The weft.ping test event (schema/ping.json): an envelope sealed like any other event, from
// one of the subscriber's connections, with a subject of its own so it waits behind nothing.
#pragma once

#include <optional>
#include <string>

#include "daemon/config/config.h"
#include "providers/core/envelope.h"

namespace weft::admin {

// The connection a ping to `subscriber` is sent from: its first configured connection that
// exists, or the config's first; nullptr when there is none.
const config::Connection* ping_connection(const config::Config& config,
                                          const config::Subscriber& subscriber);

// A new weft.ping event (a fresh event id each time). now_unix_ms: the daemon's clock.
UnifiedEvent make_ping(const config::Connection& connection, int64_t now_unix_ms);

}  // namespace weft::admin
