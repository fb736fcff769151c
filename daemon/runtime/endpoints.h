// The public listener's routes:
//   POST /v1/webhooks/{connection_id}             vendor webhooks -> ingest
//   POST /v1/sandbox/{connection_id}/events?scenario=NAME   a sandbox webhook on demand
//   GET  /healthz   the process is up       GET /readyz   it takes traffic (503 while draining)
#pragma once

#include <atomic>

#include "daemon/http/server.h"
#include "daemon/ingest/ingest.h"
#include "daemon/sandbox/driver.h"

namespace weft {

http::Handler make_public_handler(ingest::Ingest& ingest, sandbox::Driver& sandbox,
                                  const ConfigHolder& config, const std::atomic<bool>& ready);

// Beast's header list as the providers see it.
Headers to_headers(const http::Request& request);
http::Response to_response(const Reply& reply, unsigned version);

}  // namespace weft
