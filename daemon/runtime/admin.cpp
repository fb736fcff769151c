// The admin listener's handler (admin.h): the token check and the top-level routes.
#include "daemon/runtime/admin.h"

#include "daemon/admin/auth.h"
#include "daemon/admin/dashboard.h"
#include "daemon/admin/routes.h"
#include "daemon/metrics/counters.h"
#include "daemon/metrics/delivery.h"
#include "daemon/metrics/process.h"

namespace weft {

namespace bhttp = boost::beast::http;

http::Handler make_admin_handler(deliver::Dispatcher& dispatcher, const ConfigHolder& config) {
  // The token is the current snapshot's, so a reload (SIGHUP) rotates it; the listener itself
  // changes only on restart.
  return [&dispatcher, &config](http::Request&& req, http::Respond respond) {
    const unsigned version = req.version();
    std::string_view target(req.target().data(), req.target().size());
    std::string_view path = target.substr(0, target.find('?'));
    const bool read_only = req.method() == bhttp::verb::get || req.method() == bhttp::verb::head;
    if (path == "/healthz") {
      if (!read_only) return respond(http::error_response(version, 405, "method not allowed"));
      return respond(http::json_response(version, 200, "{\"status\":\"ok\"}"));
    }
    // The dashboard page holds no data; it is served without a token so that a browser can
    // load it and ask for one. Everything it shows comes from the API below, with the token.
    if (path == "/" || path == "/dashboard") {
      if (!read_only) return respond(http::error_response(version, 405, "method not allowed"));
      return respond(admin::dashboard_response(version, req.method() == bhttp::verb::head));
    }
    if (!admin::authorized(req, config.current()->admin.token)) {
      return respond(admin::unauthorized(version, req));
    }
    if (path == "/metrics") {
      if (!read_only) return respond(http::error_response(version, 405, "method not allowed"));
      metrics::Text text;
      metrics::add_process_metrics(text);
      metrics::counters().render(text);
      metrics::add_delivery_metrics(text, dispatcher);
      http::Response res{bhttp::status::ok, version};
      res.set(bhttp::field::content_type, metrics::kContentType);
      res.body() = text.str();
      res.prepare_payload();
      return respond(std::move(res));
    }
    if (path.starts_with("/v1/admin/"))
      return admin::handle_api(admin::Context{dispatcher, config}, std::move(req),
                               std::move(respond));
    respond(http::error_response(version, 404, "no such endpoint"));
  };
}

}  // namespace weft
