// The outbound HTTP/HTTPS client: one Client per origin (a subscriber endpoint, a vendor API),
// a small pool of keep-alive connections, a bounded wait queue, and one deadline over every
// step of every attempt. Deliveries use post(); the vendor API client uses send().
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/verb.hpp>

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "daemon/http/address_policy.h"
#include "daemon/http/url.h"
#include "providers/core/headers.h"

namespace weft::http {

class ClientConnection;
struct ExchangeResult;

struct PostResult {
  int status = 0;       // HTTP status; 0 when no response was received
  std::string error;    // empty on a response; else one line: "resolve: …", "connect: …",
                        // "tls: …", "timeout", "write: …", "read: …", "pool queue full",
                        // "client closed", "refused: <class> address", "refused: plain http"
  std::string refused;  // when the address policy refused the attempt: its reason
                        // ("loopback", "private", "link-local", ..., "plain-http")
  std::chrono::microseconds latency{0};  // from post() to the result
  bool reused_connection = false;        // the answering connection had carried a request
  std::string retry_after;               // the response's Retry-After header, if any
};
using PostCallback = std::function<void(PostResult)>;

// A request for send(): any method, any target on the client's origin.
struct ClientRequest {
  std::string method = "GET";           // an HTTP method token (GET, POST, ...)
  std::string target = "/";             // origin-form: path and optional query, starting with '/'
  std::vector<weft::Header> headers{};  // besides Host, User-Agent and the framing headers
  std::string body{};                   // sent with Content-Length when not empty (or POST/PUT)
};

struct ClientResponse {
  int status = 0;           // HTTP status; 0 when no response was received
  weft::Headers headers{};  // the response's headers, on a response
  std::string body{};       // the response's body, on a response
  // Empty on a response; else one line: the errors of PostResult, "response too large" (the
  // body passed max_response), "write: invalid method", "write: invalid target".
  std::string error{};
  std::string refused{};                 // see PostResult::refused
  std::chrono::microseconds latency{0};  // from send() to the result
  bool reused_connection = false;
};
using SendCallback = std::function<void(ClientResponse)>;

using Endpoints = std::vector<boost::asio::ip::tcp::endpoint>;
using ResolveDone = std::function<void(boost::system::error_code, Endpoints)>;
// Resolves host and (numeric) port; done may run on any thread, at most once.
using Resolver =
    std::function<void(const std::string& host, const std::string& port, ResolveDone done)>;
using ConnectDone = std::function<void(boost::system::error_code)>;
// Connects stream to one endpoint; done runs on the stream's executor. The stream's own
// expiry (the attempt's deadline) is set before it is called.
using Connector =
    std::function<void(boost::beast::tcp_stream& stream,
                       const boost::asio::ip::tcp::endpoint& endpoint, ConnectDone done)>;

struct ClientOptions {
  // The SSRF guard. After resolution, every address it refuses is dropped before any connect;
  // when none is left the attempt fails with refusal_error(). nullptr: nothing is refused.
  std::shared_ptr<const AddressPolicy> policy{};
  Resolver resolve{};   // empty: the system resolver (getaddrinfo); tests inject names
  Connector connect{};  // empty: a TCP connect; tests record and confine every connect
};

// One client per subscriber endpoint (one origin). Keeps up to max_connections keep-alive
// connections; requests beyond that wait in a bounded queue (max_queue); a full queue fails at
// once. Must be owned by a std::shared_ptr; ioc and tls must outlive it.
class Client : public std::enable_shared_from_this<Client> {
 public:
  Client(boost::asio::io_context& ioc, boost::asio::ssl::context& tls, Url url,
         unsigned max_connections, std::size_t max_queue = 1024, ClientOptions options = {});
  ~Client();

  // The address policy it was made with; nullptr: none.
  const std::shared_ptr<const AddressPolicy>& policy() const { return options_->policy; }

  // POST body to url.target with these extra headers (content-type: application/json is
  // added). The whole attempt (queue wait, resolve, connect, TLS handshake, write, read) must
  // finish within timeout, else it fails with "timeout" and the connection is closed. A 3xx is
  // just a status: redirects are not followed. Thread-safe: callable from any thread; the
  // callback runs on the client's strand, exactly once.
  void post(std::vector<weft::Header> headers, std::shared_ptr<const std::string> body,
            std::chrono::milliseconds timeout, PostCallback done);

  // Sends request to this client's origin and reads the whole response, whose body may be at
  // most max_response bytes (else "response too large" and the connection is closed). Same
  // deadline, pooling, redirect and threading rules as post(); no header is added but Host,
  // User-Agent and the framing headers.
  void send(ClientRequest request, std::chrono::milliseconds timeout, std::size_t max_response,
            SendCallback done);

  // Closes idle connections and fails queued requests ("client closed"); requests already on
  // a connection finish, then their connections close. Later posts fail with "client closed".
  // For reload/shutdown; thread-safe.
  void close();

 private:
  struct Pending;
  using ConnectionPtr = std::shared_ptr<ClientConnection>;

  void start(const std::shared_ptr<Pending>& pending);
  void enqueue(const std::shared_ptr<Pending>& pending);
  void run(ConnectionPtr connection, std::shared_ptr<Pending> pending, bool reused);
  void on_exchange(const ConnectionPtr& connection, const std::shared_ptr<Pending>& pending,
                   bool reused, ExchangeResult result);
  // A connection came free: it serves the oldest queued request, or waits idle.
  void hand_over(ConnectionPtr connection);
  // A connection was dropped: its slot may open a new one for the oldest queued request.
  void refill();
  std::shared_ptr<Pending> pop_queued();
  ConnectionPtr make_connection();
  // Builds the pending request (off the strand) and queues it on the strand.
  void submit(const std::shared_ptr<Pending>& pending, boost::beast::http::verb method,
              const std::string& target, const std::vector<weft::Header>& headers,
              std::chrono::milliseconds timeout, bool json_body);
  static void finish(const std::shared_ptr<Pending>& pending, ClientResponse result);

  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  boost::asio::ssl::context& tls_;
  Url url_;
  std::shared_ptr<const ClientOptions> options_;  // shared with its connections
  unsigned max_connections_;
  std::size_t max_queue_;
  // Below: touched only on strand_.
  unsigned busy_ = 0;  // connections carrying (or opening for) a request
  std::vector<ConnectionPtr> idle_;
  std::deque<std::shared_ptr<Pending>> queue_;
  bool closed_ = false;
};

// An ssl::context for clients: TLS 1.2+, peer verified against the system store. Each
// connection adds SNI and host name verification for its own host.
std::unique_ptr<boost::asio::ssl::context> make_client_tls_context();

}  // namespace weft::http
