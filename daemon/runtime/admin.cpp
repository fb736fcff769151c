#include "daemon/runtime/admin.h"

#include "daemon/metrics/delivery.h"

namespace weft {

namespace bhttp = boost::beast::http;

http::Handler make_admin_handler(const deliver::Dispatcher& dispatcher) {
  return [&dispatcher](http::Request&& req, http::Respond respond) {
    const unsigned version = req.version();
    std::string_view target(req.target().data(), req.target().size());
    std::string_view path = target.substr(0, target.find('?'));
    const bool read_only = req.method() == bhttp::verb::get || req.method() == bhttp::verb::head;
    if (path == "/metrics" || path == "/healthz") {
      if (!read_only) return respond(http::error_response(version, 405, "method not allowed"));
      if (path == "/healthz")
        return respond(http::json_response(version, 200, "{\"status\":\"ok\"}"));
      metrics::Text text;
      metrics::add_delivery_metrics(text, dispatcher);
      http::Response res{bhttp::status::ok, version};
      res.set(bhttp::field::content_type, metrics::kContentType);
      res.body() = text.str();
      res.prepare_payload();
      return respond(std::move(res));
    }
    respond(http::error_response(version, 404, "no such endpoint"));
  };
}

}  // namespace weft
