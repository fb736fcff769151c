#include "daemon/http/client_connection.h"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <openssl/ssl.h>

namespace weft::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using Clock = std::chrono::steady_clock;
using boost::system::error_code;

namespace {
constexpr std::uint32_t kHeaderLimit = 16 * 1024;
}  // namespace

ClientConnection::ClientConnection(Strand strand, asio::ssl::context& tls, const Url& url,
                                   std::shared_ptr<const ClientOptions> options)
    : strand_(strand),
      tls_(tls),
      url_(url),
      options_(std::move(options)),
      resolver_(strand),
      resolve_timer_(strand) {
  if (url_.tls) {
    tls_stream_.emplace(strand_, tls_);
  } else {
    plain_.emplace(strand_);
  }
}

beast::tcp_stream& ClientConnection::tcp() {
  return tls_stream_ ? beast::get_lowest_layer(*tls_stream_) : *plain_;
}

void ClientConnection::exchange(std::shared_ptr<const OutboundRequest> request,
                                Clock::time_point deadline, std::uint64_t body_limit, Done done) {
  request_ = std::move(request);
  deadline_ = deadline;
  body_limit_ = body_limit;
  done_ = std::move(done);
  if (Clock::now() >= deadline_) {
    ExchangeResult result;
    result.error = "timeout";
    result.timed_out = true;
    result.no_response = true;
    return finish(std::move(result));
  }
  if (open_) return write();
  resolve();
}

void ClientConnection::resolve() {
  // The resolver has no deadline of its own (getaddrinfo runs on a helper thread): a timer
  // ends the wait, and a late answer is then discarded.
  resolving_ = true;
  resolve_timer_.expires_at(deadline_);
  resolve_timer_.async_wait([self = shared_from_this()](error_code ec) {
    if (ec || !self->resolving_) return;
    self->resolving_ = false;
    self->resolver_.cancel();
    ExchangeResult result;
    result.error = "timeout";
    result.timed_out = true;
    result.no_response = true;
    self->finish(std::move(result));
  });
  auto self = shared_from_this();
  if (options_->resolve) {
    // An injected resolver may answer at once or from another thread: back to the strand.
    options_->resolve(url_.host, url_.port, [self](error_code ec, Endpoints endpoints) {
      asio::post(self->strand_, [self, ec, endpoints = std::move(endpoints)] {
        self->on_resolved(ec, endpoints);
      });
    });
    return;
  }
  // No address_configured flag: it hides loopback on hosts without another interface.
  resolver_.async_resolve(
      url_.host, url_.port, asio::ip::tcp::resolver::numeric_service,
      [self](error_code ec, const asio::ip::tcp::resolver::results_type& results) {
        Endpoints endpoints;
        for (const auto& entry : results) endpoints.push_back(entry.endpoint());
        self->on_resolved(ec, endpoints);
      });
}

void ClientConnection::on_resolved(error_code ec, const Endpoints& endpoints) {
  if (!resolving_) return;  // the deadline came first
  resolving_ = false;
  resolve_timer_.cancel();
  if (ec || endpoints.empty()) {
    ExchangeResult result;
    result.no_response = true;
    if (Clock::now() >= deadline_) {
      result.error = "timeout";
      result.timed_out = true;
    } else {
      result.error = "resolve: " + (ec ? ec.message() : std::string("no address"));
    }
    return finish(std::move(result));
  }
  screen(endpoints);
}

void ClientConnection::screen(const Endpoints& endpoints) {
  // Only the addresses checked here are ever connected to: nothing is resolved again, so a
  // name cannot answer differently between the check and the connect (DNS rebinding).
  endpoints_.clear();
  std::string first_refusal;
  for (const auto& endpoint : endpoints) {
    std::string why =
        options_->policy ? options_->policy->refusal(endpoint.address(), !url_.tls) : "";
    if (why.empty()) {
      endpoints_.push_back(endpoint);
    } else if (first_refusal.empty()) {
      first_refusal = std::move(why);
    }
  }
  if (endpoints_.empty()) {
    ExchangeResult result;
    result.error = refusal_error(first_refusal);
    result.refused = std::move(first_refusal);
    result.no_response = true;
    return finish(std::move(result));
  }
  connect(0);
}

void ClientConnection::connect(std::size_t index) {
  tcp().expires_at(deadline_);
  ConnectDone done = [self = shared_from_this(), index](error_code ec) {
    if (!ec) return self->on_connected();
    const bool last = index + 1 >= self->endpoints_.size();
    if (last || ec == beast::error::timeout || Clock::now() >= self->deadline_) {
      return self->finish(self->failure("connect", ec));
    }
    error_code ignored;
    self->tcp().socket().close(ignored);
    self->connect(index + 1);
  };
  if (options_->connect) return options_->connect(tcp(), endpoints_[index], std::move(done));
  tcp().async_connect(endpoints_[index], std::move(done));
}

void ClientConnection::on_connected() {
  // The address actually connected to is judged once more, whatever did the connecting.
  error_code ec;
  auto peer = tcp().socket().remote_endpoint(ec);
  if (ec) return finish(failure("connect", ec));
  if (options_->policy) {
    std::string why = options_->policy->refusal(peer.address(), !url_.tls);
    if (!why.empty()) {
      ExchangeResult result;
      result.error = refusal_error(why);
      result.refused = std::move(why);
      result.no_response = true;
      return finish(std::move(result));
    }
  }
  if (tls_stream_) return handshake();
  open_ = true;
  write();
}

void ClientConnection::handshake() {
  auto& stream = *tls_stream_;
  error_code ec;
  asio::ip::make_address(url_.host, ec);
  bool is_address = !ec;
  // SNI carries host names only (RFC 6066).
  if (!is_address && !SSL_set_tlsext_host_name(stream.native_handle(), url_.host.c_str())) {
    ExchangeResult result;
    result.error = "tls: cannot set server name";
    result.no_response = true;
    return finish(std::move(result));
  }
  // Per stream, so verification never depends on how the shared context was set up.
  ec = {};
  stream.set_verify_mode(asio::ssl::verify_peer, ec);
  if (!ec) stream.set_verify_callback(asio::ssl::host_name_verification(url_.host), ec);
  if (ec) return finish(failure("tls", ec));
  stream.async_handshake(asio::ssl::stream_base::client,
                         [self = shared_from_this()](error_code ec) {
                           if (ec) return self->finish(self->failure("tls", ec));
                           self->open_ = true;
                           self->write();
                         });
}

void ClientConnection::write() {
  tcp().expires_at(deadline_);
  with_stream([this](auto& stream) {
    bhttp::async_write(stream, *request_, [self = shared_from_this()](error_code ec, std::size_t) {
      if (ec) {
        ExchangeResult result = self->failure("write", ec);
        result.no_response = true;
        return self->finish(std::move(result));
      }
      self->read();
    });
  });
}

void ClientConnection::read() {
  parser_.emplace();
  parser_->body_limit(body_limit_);
  parser_->header_limit(kHeaderLimit);
  // A HEAD response announces a length it does not carry.
  if (request_->method() == bhttp::verb::head) parser_->skip(true);
  with_stream([this](auto& stream) {
    bhttp::async_read(
        stream, buffer_, *parser_, [self = shared_from_this()](error_code ec, std::size_t) {
          if (ec) {
            ExchangeResult result = self->failure("read", ec);
            result.no_response = !self->parser_->got_some() && self->buffer_.size() == 0;
            result.too_large = ec == bhttp::error::body_limit;
            return self->finish(std::move(result));
          }
          auto& response = self->parser_->get();
          // Interim answers (100 Continue, 103 Early Hints) precede the real one.
          if (response.result_int() >= 100 && response.result_int() < 200 &&
              response.result_int() != 101) {
            return self->read();
          }
          ExchangeResult result;
          result.status = static_cast<int>(response.result_int());
          // Bytes past the response mean the peer and we disagree on framing: do not reuse.
          result.keep_alive =
              response.keep_alive() && self->buffer_.size() == 0 && response.result_int() != 101;
          for (const auto& field : response) {
            result.headers.add(std::string(field.name_string()), std::string(field.value()));
          }
          result.body = std::move(response.body());
          self->finish(std::move(result));
        });
  });
}

ExchangeResult ClientConnection::failure(std::string_view phase, const error_code& ec) {
  ExchangeResult result;
  if (ec == beast::error::timeout || Clock::now() >= deadline_) {
    result.error = "timeout";
    result.timed_out = true;
  } else {
    result.error = std::string(phase) + ": " + ec.message();
  }
  return result;
}

void ClientConnection::finish(ExchangeResult result) {
  request_.reset();
  parser_.reset();
  if (result.error.empty() && result.keep_alive) {
    tcp().expires_never();  // idle now; the next exchange sets its own deadline
  } else {
    close();
  }
  auto done = std::move(done_);
  done_ = nullptr;
  if (done) done(std::move(result));
}

void ClientConnection::close() {
  resolver_.cancel();
  resolve_timer_.cancel();
  error_code ec;
  tcp().socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  tcp().close();
  open_ = false;
}

}  // namespace weft::http
