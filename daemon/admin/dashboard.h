// The admin dashboard: one static HTML page (daemon/admin/dashboard.html, embedded at build
// time) that asks for the admin token and reads the admin API from the browser.
#pragma once

#include "daemon/http/server.h"

namespace weft::admin {

http::Response dashboard_response(unsigned version, bool head);

}  // namespace weft::admin
