#include "daemon/runtime/endpoints.h"

#include "daemon/config/checks.h"

namespace weft {

namespace bhttp = boost::beast::http;

Headers to_headers(const http::Request& request) {
  Headers headers;
  for (const auto& field : request) {
    headers.add(std::string(field.name_string()), std::string(field.value()));
  }
  return headers;
}

http::Response to_response(const Reply& reply, unsigned version) {
  http::Response res{static_cast<bhttp::status>(reply.status), version};
  bool has_type = false;
  for (const auto& h : reply.headers) {
    res.insert(h.name, h.value);
    has_type |= iequals(h.name, "content-type");
  }
  if (!has_type && !reply.body.empty()) res.set(bhttp::field::content_type, "application/json");
  res.body() = reply.body;
  res.prepare_payload();
  return res;
}

namespace {

// "key=a&scenario=hired" -> "hired"
std::string_view query_param(std::string_view query, std::string_view key) {
  while (!query.empty()) {
    auto amp = query.find('&');
    auto pair = query.substr(0, amp);
    auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == key) return pair.substr(eq + 1);
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return {};
}

}  // namespace

http::Handler make_public_handler(ingest::Ingest& ingest, sandbox::Driver& sandbox,
                                  const ConfigHolder& config, const std::atomic<bool>& ready) {
  return [&ingest, &sandbox, &config, &ready](http::Request&& req, http::Respond respond) {
    unsigned version = req.version();
    std::string_view target(req.target().data(), req.target().size());
    auto qmark = target.find('?');
    std::string_view path = target.substr(0, qmark);
    std::string_view query = qmark == std::string_view::npos ? "" : target.substr(qmark + 1);
    auto answer = [respond, version](Reply reply) { respond(to_response(reply, version)); };

    if (path == "/healthz" || path == "/readyz") {
      if (req.method() != bhttp::verb::get && req.method() != bhttp::verb::head) {
        return answer(ingest::error_reply(405, "method not allowed"));
      }
      bool ok = path == "/healthz" || ready.load();
      return answer(
          Reply{ok ? 200 : 503, {}, ok ? "{\"status\":\"ok\"}" : "{\"status\":\"draining\"}"});
    }

    constexpr std::string_view webhooks = "/v1/webhooks/";
    if (path.starts_with(webhooks)) {
      std::string_view id = path.substr(webhooks.size());
      if (req.method() != bhttp::verb::post) return answer(ingest::error_reply(405, "use POST"));
      if (!config::valid_id(id)) return answer(ingest::error_reply(404, "unknown connection"));
      Headers headers = to_headers(req);
      // The body is read synchronously by ingest (verify, normalize, seal) before it returns.
      return ingest.receive(id, headers, req.body(), query, answer);
    }

    constexpr std::string_view sandbox_prefix = "/v1/sandbox/";
    constexpr std::string_view sandbox_suffix = "/events";
    if (path.starts_with(sandbox_prefix) && path.ends_with(sandbox_suffix) &&
        path.size() > sandbox_prefix.size() + sandbox_suffix.size()) {
      std::string_view id = path.substr(
          sandbox_prefix.size(), path.size() - sandbox_prefix.size() - sandbox_suffix.size());
      if (req.method() != bhttp::verb::post) return answer(ingest::error_reply(405, "use POST"));
      std::string_view scenario = query_param(query, "scenario");
      if (scenario.empty()) scenario = "application_created";
      return sandbox.trigger(*config.current(), id, scenario, answer);
    }
    answer(ingest::error_reply(404, "no such endpoint"));
  };
}

}  // namespace weft
