// One outbound connection of a Client's pool: opens itself on first use (resolve, drop the
// addresses the SSRF guard refuses, connect to one of the rest, TLS handshake) and then
// carries one request/response exchange at a time. Runs on the Client's strand; the Client
// decides when it is reused and when it is dropped.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/span_body.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "daemon/http/client.h"
#include "daemon/http/url.h"
#include "providers/core/headers.h"

namespace weft::http {

using Strand = boost::asio::strand<boost::asio::io_context::executor_type>;
// The body is borrowed: the caller keeps it alive until the exchange ends.
using OutboundRequest = boost::beast::http::request<boost::beast::http::span_body<const char>>;

struct ExchangeResult {
  int status = 0;
  std::string error;         // empty on a response; see PostResult::error
  std::string refused;       // see PostResult::refused
  bool keep_alive = false;   // the connection may carry another request
  bool no_response = false;  // failed before any response byte arrived
  bool timed_out = false;
  bool too_large = false;  // the response body passed the exchange's body limit
  weft::Headers headers;   // the response's headers, on a response
  std::string body;        // the response's body, on a response
};

class ClientConnection : public std::enable_shared_from_this<ClientConnection> {
 public:
  using Done = std::function<void(ExchangeResult)>;

  ClientConnection(Strand strand, boost::asio::ssl::context& tls, const Url& url,
                   std::shared_ptr<const ClientOptions> options);

  // Sends request and reads its response (a body of at most body_limit bytes), opening the
  // connection first if it is not open. Everything must finish by deadline. done runs on the
  // strand, exactly once; the connection holds it until then, so done must not hold the
  // connection strongly (a cycle that outlives an io_context destroyed mid-exchange).
  void exchange(std::shared_ptr<const OutboundRequest> request,
                std::chrono::steady_clock::time_point deadline, std::uint64_t body_limit,
                Done done);
  // Final: a closed connection is never reopened; the Client makes a new one.
  void close();

 private:
  void resolve();
  void on_resolved(boost::system::error_code ec, const Endpoints& endpoints);
  // Keeps the endpoints the policy allows, or fails the exchange with the first refusal.
  void screen(const Endpoints& endpoints);
  // Tries endpoints_[index], then the next ones, until one connects.
  void connect(std::size_t index);
  void on_connected();
  void handshake();
  void write();
  void read();
  void finish(ExchangeResult result);
  // Fills error (and timed_out) from ec, phase being "connect", "tls", "write" or "read".
  ExchangeResult failure(std::string_view phase, const boost::system::error_code& ec);
  boost::beast::tcp_stream& tcp();
  template <class F>
  void with_stream(F&& f) {
    if (tls_stream_) {
      f(*tls_stream_);
    } else {
      f(*plain_);
    }
  }

  Strand strand_;
  boost::asio::ssl::context& tls_;
  Url url_;
  std::shared_ptr<const ClientOptions> options_;
  boost::asio::ip::tcp::resolver resolver_;
  boost::asio::steady_timer resolve_timer_;
  bool resolving_ = false;  // a resolution is out and neither answered nor timed out
  Endpoints endpoints_;     // the resolved addresses the policy allows
  std::optional<boost::beast::tcp_stream> plain_;
  std::optional<boost::beast::ssl_stream<boost::beast::tcp_stream>> tls_stream_;
  bool open_ = false;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::response_parser<boost::beast::http::string_body>> parser_;
  std::shared_ptr<const OutboundRequest> request_;
  std::chrono::steady_clock::time_point deadline_;
  std::uint64_t body_limit_ = 0;
  Done done_;
};

}  // namespace weft::http
