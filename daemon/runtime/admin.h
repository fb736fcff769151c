// The admin listener's routes (server.admin_listen; loopback by default, never the public
// listener):
//   GET /metrics   Prometheus text format: delivery, dead letters, queues, breakers, spool
//   GET /healthz   the process is up
// Everything here is ids, types and counts: no payload content, no secret.
#pragma once

#include "daemon/deliver/dispatcher.h"
#include "daemon/http/server.h"

namespace weft {

http::Handler make_admin_handler(const deliver::Dispatcher& dispatcher);

}  // namespace weft
