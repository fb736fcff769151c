// Serves the embedded dashboard page (dashboard.h). The page carries no data: everything it
// shows comes from the admin API with the token the operator enters.
#include "daemon/admin/dashboard.h"

#include <string_view>

namespace weft::admin {

namespace bhttp = boost::beast::http;

namespace {

constexpr std::string_view kPage =
#include "dashboard_html.inc"
    ;

}  // namespace

http::Response dashboard_response(unsigned version, bool head) {
  http::Response res{bhttp::status::ok, version};
  res.set(bhttp::field::content_type, "text/html; charset=utf-8");
  res.set(bhttp::field::cache_control, "no-store");
  // Only its own inline script and same-origin API calls; no frames, no other origin.
  res.set("Content-Security-Policy",
          "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
          "img-src data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'");
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "no-referrer");
  res.body() = head ? std::string() : std::string(kPage);
  res.prepare_payload();
  if (head) res.content_length(kPage.size());
  return res;
}

}  // namespace weft::admin
