// The admin API under /v1/admin/ (docs/admin-api.yaml): listings of connections,
// subscribers, recent delivery attempts, held pairs and dead letters, and the subscriber
// actions redeliver, pause, resume and ping. The caller has checked the bearer token.
#pragma once

#include <string>

#include "daemon/deliver/dispatcher.h"
#include "daemon/http/server.h"
#include "daemon/runtime/config_holder.h"

namespace weft::admin {

struct Context {
  deliver::Dispatcher& dispatcher;
  const ConfigHolder& config;
};

// Answers one request whose path starts with /v1/admin/.
void handle_api(const Context& context, http::Request&& req, http::Respond respond);

}  // namespace weft::admin
