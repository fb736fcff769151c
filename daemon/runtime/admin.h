// The admin listener's routes (admin.listen; loopback by default, never the public listener):
//   GET  /healthz          the process is up (no token)
//   GET  /metrics          Prometheus text format: delivery, dead letters, queues, breakers, spool
//   GET  / and /dashboard  the dashboard page (daemon/admin/dashboard.html; no token)
//   /v1/admin/...          the admin API (daemon/admin/routes.h, docs/admin-api.yaml)
// Everything else needs `Authorization: Bearer <admin.token>`. The dashboard page is static
// and holds no data (a browser cannot send a bearer token when it opens a page): it asks for
// the token and sends it with each API call. Everything here is ids, types, statuses and
// counts: no payload content, no secret.
#pragma once

#include <string>

#include "daemon/deliver/dispatcher.h"
#include "daemon/http/server.h"
#include "daemon/runtime/config_holder.h"

namespace weft {

http::Handler make_admin_handler(deliver::Dispatcher& dispatcher, const ConfigHolder& config);

}  // namespace weft
