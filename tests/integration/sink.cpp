// The test subscriber endpoint (sink.h): a Beast server on its own io thread.
#include "integration/sink.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>

namespace weft::it {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
constexpr auto kAwait = asio::as_tuple(asio::use_awaitable);

// The fields below `responder` are touched only on the io thread. Coroutines borrow the
// State: it outlives the io thread, and pending frames die with the io_context.
struct Sink::State {
  asio::io_context ioc;
  // Keeps run() going while nothing is pending (closed, nothing held), so controls still run.
  asio::executor_work_guard<asio::io_context::executor_type> work{ioc.get_executor()};
  std::thread thread;
  uint16_t port = 0;

  mutable std::mutex mutex;
  std::condition_variable changed;
  std::vector<Recorded> recorded;
  std::size_t answered = 0;
  std::size_t accepted = 0;
  SinkReply reply;                 // the default answer (set_status / set_reply)
  std::deque<SinkReply> scripted;  // answered first, one per request
  Responder responder;             // decides before the script

  // The answer for a request about to be answered. mutex held.
  SinkReply next_reply(const Recorded& r) {
    if (responder) {
      if (auto chosen = responder(r)) return *chosen;
    }
    if (!scripted.empty()) {
      SinkReply next = std::move(scripted.front());
      scripted.pop_front();
      return next;
    }
    return reply;
  }

  bool holding = false;
  asio::steady_timer gate{ioc, asio::steady_timer::time_point::max()};
  std::shared_ptr<tcp::acceptor> acceptor;
  std::vector<std::weak_ptr<beast::tcp_stream>> streams;

  // Runs f on the io thread and waits for it, so a control has taken effect on return.
  void on_io(std::function<void()> f) {
    std::promise<void> done;
    asio::post(ioc, [&] {
      f();
      done.set_value();
    });
    done.get_future().wait();
  }

  void listen() {
    acceptor = std::make_shared<tcp::acceptor>(ioc);
    tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
    acceptor->open(endpoint.protocol());
    acceptor->set_option(tcp::acceptor::reuse_address(true));
    acceptor->bind(endpoint);
    acceptor->listen();
    port = acceptor->local_endpoint().port();
    asio::co_spawn(ioc, accept_loop(acceptor), asio::detached);
  }

  void stop_listening() {
    if (acceptor) acceptor->close();
    acceptor.reset();
    for (auto& weak : streams) {
      if (auto s = weak.lock()) s->socket().close();
    }
    streams.clear();
    holding = false;
    gate.cancel();
  }

  asio::awaitable<void> accept_loop(std::shared_ptr<tcp::acceptor> listener) {
    for (;;) {
      auto [ec, socket] = co_await listener->async_accept(kAwait);
      if (ec) co_return;
      {
        std::lock_guard lock(mutex);
        ++accepted;
      }
      auto stream = std::make_shared<beast::tcp_stream>(std::move(socket));
      streams.push_back(stream);
      asio::co_spawn(ioc, serve(this, stream), asio::detached);
    }
  }

  static asio::awaitable<void> serve(State* self, std::shared_ptr<beast::tcp_stream> stream) {
    beast::flat_buffer buffer;
    for (;;) {
      http::request_parser<http::string_body> parser;
      parser.body_limit(64 << 20);
      auto [read_ec, n] = co_await http::async_read(*stream, buffer, parser, kAwait);
      if (read_ec) co_return;
      auto& req = parser.get();
      Recorded r;
      r.method = std::string(req.method_string());
      r.target = std::string(req.target());
      for (const auto& field : req) {
        std::string name(field.name_string());
        for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        r.headers[name] = std::string(field.value());
      }
      r.body = req.body();
      r.arrived = std::chrono::steady_clock::now();
      std::size_t index;
      {
        std::lock_guard lock(self->mutex);
        self->recorded.push_back(std::move(r));
        index = self->recorded.size() - 1;
        self->changed.notify_all();
      }
      if (self->holding) co_await self->gate.async_wait(kAwait);
      if (!stream->socket().is_open()) co_return;  // closed while held: never answered

      SinkReply reply;
      {
        std::lock_guard lock(self->mutex);
        reply = self->next_reply(self->recorded[index]);
      }
      const int status = reply.status;
      http::response<http::string_body> res{static_cast<http::status>(status), req.version()};
      res.set(http::field::content_type, "application/json");
      for (const auto& [name, value] : reply.headers) res.set(name, value);
      if (status >= 200 && status != 204 && status != 304) res.body() = "{}";
      res.keep_alive(req.keep_alive());
      res.prepare_payload();
      // Recorded before the write: the peer may act on the answer before the write's
      // completion runs here, and a test must already see it then.
      {
        std::lock_guard lock(self->mutex);
        self->recorded[index].answered = status;
        ++self->answered;
        self->changed.notify_all();
      }
      auto [write_ec, written] = co_await http::async_write(*stream, res, kAwait);
      if (write_ec) {
        std::lock_guard lock(self->mutex);
        self->recorded[index].answered = 0;
        --self->answered;
        co_return;
      }
      if (!req.keep_alive()) {
        beast::error_code ignored;
        stream->socket().shutdown(tcp::socket::shutdown_send, ignored);
        co_return;
      }
    }
  }
};

Sink::Sink(uint16_t port) : state_(std::make_shared<State>()) {
  state_->port = port;
  state_->listen();
  state_->thread = std::thread([s = state_.get()] { s->ioc.run(); });
}

Sink::~Sink() {
  state_->on_io([s = state_.get()] { s->stop_listening(); });
  state_->work.reset();
  state_->ioc.stop();
  state_->thread.join();
}

uint16_t Sink::port() const {
  return state_->port;
}

std::string Sink::url() const {
  return "http://127.0.0.1:" + std::to_string(port()) + "/events";
}

void Sink::set_status(int status) {
  std::lock_guard lock(state_->mutex);
  state_->reply = SinkReply{status, {}};
}

void Sink::set_reply(SinkReply reply) {
  std::lock_guard lock(state_->mutex);
  state_->reply = std::move(reply);
}

void Sink::script(std::vector<SinkReply> replies) {
  std::lock_guard lock(state_->mutex);
  for (auto& r : replies) state_->scripted.push_back(std::move(r));
}

void Sink::set_responder(Responder responder) {
  std::lock_guard lock(state_->mutex);
  state_->responder = std::move(responder);
}

void Sink::hold() {
  state_->on_io([s = state_.get()] {
    s->holding = true;
    s->gate.expires_at(asio::steady_timer::time_point::max());
  });
}

void Sink::release() {
  state_->on_io([s = state_.get()] {
    s->holding = false;
    s->gate.cancel();
  });
}

void Sink::close() {
  state_->on_io([s = state_.get()] { s->stop_listening(); });
}

void Sink::open() {
  state_->on_io([s = state_.get()] { s->listen(); });
}

std::vector<Recorded> Sink::requests() const {
  std::lock_guard lock(state_->mutex);
  return state_->recorded;
}

std::size_t Sink::count() const {
  std::lock_guard lock(state_->mutex);
  return state_->recorded.size();
}

std::size_t Sink::connections_accepted() const {
  std::lock_guard lock(state_->mutex);
  return state_->accepted;
}

bool Sink::wait_for_count(std::size_t n, std::chrono::milliseconds timeout) {
  std::unique_lock lock(state_->mutex);
  return state_->changed.wait_for(lock, timeout, [&] { return state_->recorded.size() >= n; });
}

bool Sink::wait_for_answered(std::size_t n, std::chrono::milliseconds timeout) {
  std::unique_lock lock(state_->mutex);
  return state_->changed.wait_for(lock, timeout, [&] { return state_->answered >= n; });
}

}  // namespace weft::it
