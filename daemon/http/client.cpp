#include "daemon/http/client.h"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/http/field.hpp>

#include <algorithm>
#include <cctype>
#include <optional>

#include <openssl/ssl.h>

#include "daemon/http/client_connection.h"

namespace weft::http {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::string_view kUserAgent = "weft/0.1";
// Subscribers answer with a status; anything longer than this is not an acknowledgement.
constexpr std::uint64_t kPostBodyLimit = 64 * 1024;
constexpr std::chrono::hours kMaxTimeout{24};

bool is_token_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// A name or value that could end the header line early would let data inject headers; the
// framing headers are the client's own.
bool valid_header(const Header& header) {
  if (header.name.empty()) return false;
  for (std::string_view own : {"host", "content-length", "transfer-encoding", "connection"}) {
    if (iequals(header.name, own)) return false;
  }
  if (!std::all_of(header.name.begin(), header.name.end(), is_token_char)) return false;
  return std::none_of(header.value.begin(), header.value.end(),
                      [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
}

// Origin-form: a path, maybe a query; printable ASCII without spaces, nothing to split the line.
bool valid_target(std::string_view target) {
  return target.starts_with('/') && std::all_of(target.begin(), target.end(), [](char c) {
           return c > 0x20 && c < 0x7f && c != '#';
         });
}

std::chrono::microseconds since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
}

}  // namespace

struct Client::Pending {
  std::shared_ptr<const std::string> body;  // the request's body points into it
  std::shared_ptr<const OutboundRequest> request;
  std::string invalid;  // set when the request cannot be sent at all
  Clock::time_point start;
  Clock::time_point deadline;
  std::uint64_t body_limit = kPostBodyLimit;
  bool from_send = false;  // send() names an oversized body "response too large"
  SendCallback done;
  std::optional<asio::steady_timer> queue_timer;
  bool queued = false;
  bool retried = false;
};

Client::Client(asio::io_context& ioc, asio::ssl::context& tls, Url url, unsigned max_connections,
               std::size_t max_queue, ClientOptions options)
    : strand_(asio::make_strand(ioc)),
      tls_(tls),
      url_(std::move(url)),
      options_(std::make_shared<const ClientOptions>(std::move(options))),
      max_connections_(std::max(1u, max_connections)),
      max_queue_(max_queue) {}

Client::~Client() = default;

void Client::post(std::vector<Header> headers, std::shared_ptr<const std::string> body,
                  std::chrono::milliseconds timeout, PostCallback done) {
  auto pending = std::make_shared<Pending>();
  pending->start = Clock::now();
  pending->body = body ? std::move(body) : std::make_shared<const std::string>();
  pending->done = [done = std::move(done)](ClientResponse response) {
    auto retry_after = response.headers.find("retry-after");
    done({.status = response.status,
          .error = std::move(response.error),
          .refused = std::move(response.refused),
          .latency = response.latency,
          .reused_connection = response.reused_connection,
          .retry_after = retry_after ? std::string(*retry_after) : std::string()});
  };
  submit(pending, bhttp::verb::post, url_.target, headers, timeout, true);
}

void Client::send(ClientRequest request, std::chrono::milliseconds timeout,
                  std::size_t max_response, SendCallback done) {
  auto pending = std::make_shared<Pending>();
  pending->start = Clock::now();
  pending->body = std::make_shared<const std::string>(std::move(request.body));
  pending->body_limit = max_response;
  pending->from_send = true;
  pending->done = std::move(done);
  auto method = bhttp::string_to_verb(request.method);
  if (method == bhttp::verb::unknown) {
    pending->invalid = "write: invalid method";
  } else if (!valid_target(request.target)) {
    pending->invalid = "write: invalid target";
  }
  submit(pending, method, request.target, request.headers, timeout, false);
}

void Client::submit(const std::shared_ptr<Pending>& pending, bhttp::verb method,
                    const std::string& target, const std::vector<Header>& headers,
                    std::chrono::milliseconds timeout, bool json_body) {
  // Clamped so that start + timeout cannot overflow the clock.
  pending->deadline = pending->start + std::clamp(timeout, std::chrono::milliseconds::zero(),
                                                  std::chrono::milliseconds(kMaxTimeout));
  if (pending->invalid.empty()) {
    // Built here, off the strand: it touches nothing shared.
    auto request = std::make_shared<OutboundRequest>(method, target, 11);
    request->set(bhttp::field::host, url_.host_header);
    request->set(bhttp::field::user_agent, kUserAgent);
    if (json_body) request->set(bhttp::field::content_type, "application/json");
    for (const auto& header : headers) {
      if (!valid_header(header)) {
        pending->invalid = "write: invalid header";
        break;
      }
      request->set(header.name, header.value);
    }
    request->body() = {pending->body->data(), pending->body->size()};
    request->keep_alive(true);
    request->prepare_payload();
    pending->request = std::move(request);
  }

  asio::post(strand_, [self = shared_from_this(), pending] { self->start(pending); });
}

void Client::close() {
  asio::post(strand_, [self = shared_from_this()] {
    self->closed_ = true;
    for (auto& connection : self->idle_) connection->close();
    self->idle_.clear();
    while (auto pending = self->pop_queued()) {
      finish(pending, {.error = "client closed", .latency = since(pending->start)});
    }
  });
}

void Client::start(const std::shared_ptr<Pending>& pending) {
  if (!pending->invalid.empty()) {
    return finish(pending, {.error = pending->invalid, .latency = since(pending->start)});
  }
  if (closed_) return finish(pending, {.error = "client closed", .latency = since(pending->start)});
  // Checked before taking a connection, so a spent budget never costs a healthy one.
  if (Clock::now() >= pending->deadline) {
    return finish(pending, {.error = "timeout", .latency = since(pending->start)});
  }
  if (!idle_.empty()) {
    // Most recently used first: the least likely to have been closed by the server.
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    ++busy_;
    return run(std::move(connection), pending, true);
  }
  if (busy_ < max_connections_) {
    ++busy_;
    return run(make_connection(), pending, false);
  }
  if (queue_.size() < max_queue_) return enqueue(pending);
  finish(pending, {.error = "pool queue full", .latency = since(pending->start)});
}

void Client::enqueue(const std::shared_ptr<Pending>& pending) {
  // The deadline covers the wait too: a request that never gets a connection still ends.
  pending->queued = true;
  pending->queue_timer.emplace(strand_, pending->deadline);
  pending->queue_timer->async_wait([self = shared_from_this(), pending](auto ec) {
    if (ec || !pending->queued) return;
    pending->queued = false;
    std::erase(self->queue_, pending);
    finish(pending, {.error = "timeout", .latency = since(pending->start)});
  });
  queue_.push_back(pending);
}

std::shared_ptr<Client::Pending> Client::pop_queued() {
  while (!queue_.empty()) {
    auto pending = std::move(queue_.front());
    queue_.pop_front();
    pending->queued = false;
    pending->queue_timer->cancel();
    // Its timer may have fired with the handler not yet run: end it here instead.
    if (closed_ || Clock::now() < pending->deadline) return pending;
    finish(pending, {.error = "timeout", .latency = since(pending->start)});
  }
  return nullptr;
}

Client::ConnectionPtr Client::make_connection() {
  return std::make_shared<ClientConnection>(strand_, tls_, url_, options_);
}

void Client::run(ConnectionPtr connection, std::shared_ptr<Pending> pending, bool reused) {
  auto request = pending->request;
  auto deadline = pending->deadline;
  auto body_limit = pending->body_limit;
  // The connection keeps its callback until the exchange ends, so the callback holds it weakly:
  // a strong reference would be a cycle that outlives an io_context destroyed with the
  // exchange still out. It is alive whenever it calls back (its caller holds it).
  std::weak_ptr<ClientConnection> weak = connection;
  connection->exchange(std::move(request), deadline, body_limit,
                       [self = shared_from_this(), weak, pending, reused](ExchangeResult result) {
                         self->on_exchange(weak.lock(), pending, reused, std::move(result));
                       });
}

void Client::on_exchange(const ConnectionPtr& connection, const std::shared_ptr<Pending>& pending,
                         bool reused, ExchangeResult result) {
  // A server may close a keep-alive connection while it sits idle; the request never reached
  // it, so one fresh connection gets it, in the same slot and under the same deadline.
  if (!result.error.empty() && reused && result.no_response && !result.timed_out &&
      !pending->retried) {
    pending->retried = true;
    return run(make_connection(), pending, false);
  }
  if (result.error.empty() && result.keep_alive && !closed_ && connection) {
    hand_over(connection);
  } else {
    if (connection) connection->close();
    --busy_;
    refill();
  }
  if (result.too_large && pending->from_send) result.error = "response too large";
  finish(pending, {.status = result.status,
                   .headers = std::move(result.headers),
                   .body = std::move(result.body),
                   .error = std::move(result.error),
                   .refused = std::move(result.refused),
                   .latency = since(pending->start),
                   .reused_connection = reused});
}

void Client::hand_over(ConnectionPtr connection) {
  if (auto next = pop_queued()) return run(std::move(connection), std::move(next), true);
  idle_.push_back(std::move(connection));
  --busy_;
}

void Client::refill() {
  if (busy_ >= max_connections_) return;
  if (auto next = pop_queued()) {
    ++busy_;
    run(make_connection(), std::move(next), false);
  }
}

void Client::finish(const std::shared_ptr<Pending>& pending, ClientResponse result) {
  auto done = std::move(pending->done);
  pending->done = nullptr;
  if (done) done(std::move(result));
}

std::unique_ptr<asio::ssl::context> make_client_tls_context() {
  auto context = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_client);
  SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_2_VERSION);
  context->set_options(asio::ssl::context::default_workarounds |
                       asio::ssl::context::no_compression);
  context->set_default_verify_paths();
  context->set_verify_mode(asio::ssl::verify_peer);
  return context;
}

}  // namespace weft::http
