// Fuzz target: the inbound server's request parsing. Raw bytes go through Beast's
// request_parser<string_body> with the configured header and body limits, as the server's
// session reads them (the header first, then the body), delivered in chunks whose size the
// first input byte picks; a parsed request then takes the path to a provider (to_headers,
// the target split into path and query) and an answer is built.
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <optional>

#include "daemon/config/config.h"
#include "daemon/http/server.h"
#include "daemon/runtime/endpoints.h"

namespace bhttp = boost::beast::http;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const std::size_t chunk = 1 + data[0] % 64 * 16;  // 1, 17, 33, ... bytes per read
  const char* bytes = reinterpret_cast<const char*>(data + 1);
  const std::size_t total = size - 1;

  const weft::config::Limits limits;  // the defaults of server.limits
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(limits.max_headers));
  parser.body_limit(limits.max_body);
  parser.eager(false);  // async_read_header: stop after the header

  // Bytes received so far are [used, received); the parser consumes from the front.
  std::size_t used = 0, received = 0;
  boost::beast::error_code ec;
  while (!parser.is_done()) {
    if (parser.is_header_done()) parser.eager(true);  // async_read: the body
    std::size_t n = parser.put(boost::asio::buffer(bytes + used, received - used), ec);
    used += n;
    if (ec == bhttp::error::need_more) {
      ec = {};
      if (received == total) {
        // The peer closed: before any byte the session just closes (Beast reports
        // end_of_stream without the parser); after some, the parser decides.
        if (!parser.got_some()) return 0;
        parser.put_eof(ec);
        break;
      }
      received = std::min(total, received + chunk);
      continue;
    }
    if (ec) break;
    if (n == 0 && received == total && !parser.is_done()) {
      if (!parser.got_some()) return 0;
      parser.put_eof(ec);
      break;
    }
    if (n == 0) received = std::min(total, received + chunk);
  }
  if (ec || !parser.is_done()) {
    // The session answers 413 / 431 / 400 with one of these.
    std::string reason = ec ? "malformed HTTP request: " + ec.message() : "incomplete";
    weft::http::error_response(11, 400, reason);
    return 0;
  }

  weft::http::Request req = parser.release();
  if (req.body().size() > limits.max_body) std::abort();
  weft::Headers headers = weft::to_headers(req);
  if (headers.all().size() != static_cast<std::size_t>(std::distance(req.begin(), req.end())))
    std::abort();
  std::string_view target(req.target().data(), req.target().size());
  auto qmark = target.find('?');
  std::string_view path = target.substr(0, qmark);
  std::string_view query = qmark == std::string_view::npos ? "" : target.substr(qmark + 1);
  if (path.size() + (qmark == std::string_view::npos ? 0 : query.size() + 1) != target.size())
    std::abort();
  weft::Reply reply{202, {{"Content-Type", "application/json"}}, "{}"};
  weft::http::Response res = weft::to_response(reply, req.version());
  res.keep_alive(req.keep_alive());
  return 0;
}
