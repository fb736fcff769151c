// Bearer-token authentication of the admin listener: `Authorization: Bearer <token>`,
// compared in constant time. A refusal is 401 with WWW-Authenticate and never says whether
// a token was close.
#pragma once

#include <string_view>

#include "daemon/http/server.h"

namespace weft::admin {

// True when the request carries exactly `token` as its bearer credentials.
bool authorized(const http::Request& req, std::string_view token);
// 401 {"error": reason} with `WWW-Authenticate: Bearer realm="weft-admin"`.
http::Response unauthorized(unsigned version, const http::Request& req);

}  // namespace weft::admin
