#include "daemon/http/server.h"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <optional>

#include "daemon/log/log.h"
#include "daemon/metrics/counters.h"
#include "providers/core/json.h"

namespace weft::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

Response json_response(unsigned version, int status, std::string body) {
  Response res{static_cast<bhttp::status>(status), version};
  res.set(bhttp::field::content_type, "application/json");
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

std::string error_json(std::string_view reason) {
  json::Document doc;
  doc.SetObject();
  doc.AddMember("error", json::string(reason, doc.GetAllocator()), doc.GetAllocator());
  return json::serialize(doc);
}

Response error_response(unsigned version, int status, std::string_view reason) {
  return json_response(version, status, error_json(reason));
}

namespace {

// "1.5s": a deadline in a refusal reason.
std::string seconds_text(std::chrono::milliseconds d) {
  const auto ms = d.count();
  std::string text = std::to_string(ms / 1000);
  if (ms % 1000) {
    std::string frac = std::to_string(1000 + ms % 1000).substr(1);
    while (frac.back() == '0') frac.pop_back();
    text += "." + frac;
  }
  return text + "s";
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, const ServerLimits& limits, const Handler& handler,
          std::shared_ptr<Server::State> state, const std::string& name)
      : stream_(std::move(socket)),
        timer_(stream_.get_executor()),
        limits_(limits),
        handler_(handler),
        state_(std::move(state)),
        name_(name) {}

  void start() {
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&Session::read_header, shared_from_this()));
  }

 private:
  // Each phase of a request has its own deadline: a kept-alive connection waits idle_timeout
  // for the next request's first byte, then the request line and headers must arrive within
  // header_timeout and the body within body_timeout. A new connection starts in the header
  // phase, so a client that connects and sends nothing is closed after header_timeout.
  void read_header() {
    if (state_->closing.load()) return close();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(limits_.max_headers));
    parser_->body_limit(limits_.max_body);
    if (first_ || buffer_.size() > 0) return read_header_phase();
    phase_ = Phase::idle;
    arm(limits_.idle_timeout);
    stream_.async_read_some(
        buffer_.prepare(kFirstRead),
        beast::bind_front_handler(&Session::on_first_bytes, shared_from_this()));
  }

  void on_first_bytes(beast::error_code ec, std::size_t n) {
    if (ec) return on_read_error(ec);
    buffer_.commit(n);
    read_header_phase();
  }

  void read_header_phase() {
    phase_ = Phase::headers;
    arm(limits_.header_timeout);
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             beast::bind_front_handler(&Session::on_header, shared_from_this()));
  }

  void on_header(beast::error_code ec, std::size_t) {
    if (ec) return on_read_error(ec);
    first_ = false;
    phase_ = Phase::body;
    arm(limits_.body_timeout);
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&Session::on_body, shared_from_this()));
  }

  // A read deadline: when it passes, the pending read is cancelled and its handler sees
  // timed_out_. Unlike the stream's own expiry this keeps the socket open, so the 408 can
  // still be written. The generation makes a stale expiry of an earlier phase harmless.
  void arm(std::chrono::milliseconds deadline) {
    stream_.expires_never();
    timed_out_ = false;
    const unsigned generation = ++generation_;
    timer_.expires_after(deadline);
    timer_.async_wait([self = shared_from_this(), generation](beast::error_code ec) {
      if (ec || generation != self->generation_) return;
      self->timed_out_ = true;
      beast::error_code ignored;
      self->stream_.socket().cancel(ignored);
    });
  }

  void disarm() {
    ++generation_;
    timer_.cancel();
  }

  void on_read_error(beast::error_code ec) {
    disarm();
    if (timed_out_) ec = beast::error::timeout;
    if (ec == bhttp::error::end_of_stream || ec == asio::error::eof ||
        ec == asio::error::connection_reset || ec == asio::error::operation_aborted) {
      return close();
    }
    if (ec == beast::error::timeout) {
      // A request that started but did not finish in time gets a 408; an idle one just closes.
      if (phase_ == Phase::body) {
        return reply_and_close(
            408, "request body not received within " + seconds_text(limits_.body_timeout));
      }
      if (phase_ == Phase::headers && (parser_->got_some() || buffer_.size() > 0)) {
        return reply_and_close(
            408, "request headers not received within " + seconds_text(limits_.header_timeout));
      }
      return close();
    }
    if (ec == bhttp::error::body_limit) return reply_and_close(413, "body exceeds the limit");
    if (ec == bhttp::error::header_limit) return reply_and_close(431, "headers exceed the limit");
    return reply_and_close(400, std::string("malformed HTTP request: ") + ec.message());
  }

  // Requests refused before a handler saw them still get their one log line.
  void reply_and_close(int status, std::string_view reason) {
    metrics::counters().add(metrics::Counter::http_refused, {name_, std::to_string(status)});
    log::warn(name_, "request refused",
              {{"status", std::to_string(status)}, {"reason", std::string(reason)}});
    Response res = error_response(11, status, reason);
    res.keep_alive(false);
    write(std::move(res));
  }

  void on_body(beast::error_code ec, std::size_t) {
    if (ec) return on_read_error(ec);
    disarm();
    Request req = parser_->release();
    keep_alive_ = req.keep_alive();
    version_ = req.version();
    state_->in_flight.fetch_add(1);
    auto self = shared_from_this();
    // The handler may answer from any thread; the write goes back onto this session's strand.
    handler_(std::move(req), [self](Response res) {
      asio::post(self->stream_.get_executor(), [self, res = std::move(res)]() mutable {
        res.version(self->version_);
        res.keep_alive(self->keep_alive_ && !self->state_->closing.load());
        self->write(std::move(res), true);
      });
    });
  }

  // A request counts as in flight until its answer is written, so a drain waits for it.
  void write(Response res, bool counted = false) {
    auto sp = std::make_shared<Response>(std::move(res));
    stream_.expires_after(limits_.write_timeout);
    bhttp::async_write(stream_, *sp,
                       [self = shared_from_this(), sp, counted](beast::error_code ec, std::size_t) {
                         if (counted) self->state_->in_flight.fetch_sub(1);
                         if (ec || !sp->keep_alive()) return self->close();
                         self->read_header();
                       });
  }

  void close() {
    disarm();
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.close();
  }

  beast::tcp_stream stream_;
  asio::steady_timer timer_;  // the read deadline of the current phase (arm)
  unsigned generation_ = 0;
  bool timed_out_ = false;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  const ServerLimits& limits_;
  const Handler& handler_;
  std::shared_ptr<Server::State> state_;
  const std::string& name_;
  enum class Phase { idle, headers, body };
  static constexpr std::size_t kFirstRead = 4096;
  Phase phase_ = Phase::headers;
  bool first_ = true;
  bool keep_alive_ = true;
  unsigned version_ = 11;
};

}  // namespace

Server::Server(asio::io_context& ioc, std::string_view host, uint16_t port, ServerLimits limits,
               Handler handler, std::string name)
    : ioc_(ioc),
      acceptor_(asio::make_strand(ioc)),
      limits_(limits),
      handler_(std::move(handler)),
      name_(std::move(name)) {
  std::string h(host == "localhost" ? "127.0.0.1" : host);
  beast::error_code ec;
  auto address = asio::ip::make_address(h, ec);
  tcp::endpoint endpoint{address, port};
  if (!ec) acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw std::runtime_error("cannot listen on " + h + ":" + std::to_string(port) + ": " +
                             ec.message());
  }
  port_ = acceptor_.local_endpoint().port();
  address_ = acceptor_.local_endpoint().address().to_string();
}

Server::~Server() = default;

void Server::start() {
  log::info(name_, "listening", {{"address", address_}, {"port", std::to_string(port_)}});
  accept();
}

void Server::stop_accepting() {
  state_->closing.store(true);
  asio::post(acceptor_.get_executor(), [this] {
    beast::error_code ec;
    acceptor_.close(ec);
  });
}

void Server::accept() {
  acceptor_.async_accept(asio::make_strand(ioc_), [this](beast::error_code ec, tcp::socket socket) {
    if (!acceptor_.is_open()) return;
    if (ec) {
      // An accept error (for example EMFILE) never stops the loop.
      log::warn(name_, "accept failed", {{"error", ec.message()}});
    } else {
      socket.set_option(tcp::no_delay(true), ec);
      std::make_shared<Session>(std::move(socket), limits_, handler_, state_, name_)->start();
    }
    accept();
  });
}

}  // namespace weft::http
