// The fake vendor API server; see fake_api.h.
#include "support/fake_api.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <cctype>
#include <thread>

namespace weft::test {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using asio::ip::tcp;

namespace {

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out.push_back(' ');
    } else if (s[i] == '%' && i + 2 < s.size() &&
               std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

}  // namespace

std::string FakeRequest::header(std::string_view name) const {
  auto it = headers.find(lowercase(name));
  return it == headers.end() ? std::string() : it->second;
}

std::optional<std::string> FakeRequest::query_param(std::string_view name) const {
  std::string_view rest = query;
  while (!rest.empty()) {
    auto amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    auto eq = pair.find('=');
    if (percent_decode(pair.substr(0, eq)) != name) continue;
    return eq == std::string_view::npos ? std::string() : percent_decode(pair.substr(eq + 1));
  }
  return std::nullopt;
}

FakeResponse FakeResponse::json(std::string body, unsigned status) {
  FakeResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

struct FakeApi::Server {
  asio::io_context ioc;
  tcp::acceptor acceptor{ioc, {asio::ip::make_address("127.0.0.1"), 0}};
  mutable std::mutex mutex;
  mutable std::condition_variable arrived;
  Handler handler;
  std::vector<FakeRequest> seen;
  std::size_t accepted = 0;
  std::thread thread;

  asio::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
      if (ec) co_return;
      std::size_t id;
      {
        std::lock_guard lock(mutex);
        id = accepted++;
      }
      asio::co_spawn(ioc, session(std::move(socket), id), asio::detached);
    }
  }

  FakeResponse answer(const FakeRequest& request) {
    Handler current;
    {
      std::lock_guard lock(mutex);
      current = handler;
    }
    if (!current) return FakeResponse{.status = 404};
    return current(request);
  }

  asio::awaitable<void> session(tcp::socket socket, std::size_t connection) {
    try {
      boost::beast::flat_buffer buffer;
      for (;;) {
        bhttp::request_parser<bhttp::string_body> parser;
        parser.body_limit(64 << 20);
        co_await bhttp::async_read(socket, buffer, parser, asio::use_awaitable);
        auto& message = parser.get();
        FakeRequest request;
        request.connection = connection;
        request.method = std::string(message.method_string());
        request.target = std::string(message.target());
        auto question = request.target.find('?');
        request.path = request.target.substr(0, question);
        if (question != std::string::npos) request.query = request.target.substr(question + 1);
        for (const auto& field : message) {
          auto& value = request.headers[lowercase(field.name_string())];
          if (!value.empty()) value += ", ";
          value += std::string(field.value());
        }
        request.body = message.body();
        request.received = std::chrono::steady_clock::now();
        {
          std::lock_guard lock(mutex);
          request.index = seen.size();
          seen.push_back(request);
        }
        arrived.notify_all();

        FakeResponse reply = answer(request);
        if (reply.delay > std::chrono::milliseconds::zero()) {
          asio::steady_timer timer(ioc, reply.delay);
          co_await timer.async_wait(asio::use_awaitable);
        }
        bhttp::response<bhttp::string_body> response{static_cast<bhttp::status>(reply.status),
                                                     message.version()};
        bool has_type = false;
        for (const auto& [name, value] : reply.headers) {
          response.insert(name, value);
          has_type = has_type || lowercase(name) == "content-type";
        }
        if (!has_type) response.set(bhttp::field::content_type, "application/json");
        response.body() = std::move(reply.body);
        bool keep_alive = message.keep_alive() && !reply.close;
        response.keep_alive(keep_alive);
        response.prepare_payload();
        co_await bhttp::async_write(socket, response, asio::use_awaitable);
        if (!keep_alive) {
          boost::system::error_code ec;
          socket.shutdown(tcp::socket::shutdown_both, ec);
          co_return;
        }
      }
    } catch (const std::exception&) {
      // The client went away: the session ends.
    }
  }
};

FakeApi::FakeApi(Handler handler) : server_(std::make_unique<Server>()) {
  server_->handler = std::move(handler);
  asio::co_spawn(server_->ioc, server_->accept_loop(), asio::detached);
  server_->thread = std::thread([server = server_.get()] { server->ioc.run(); });
}

FakeApi::~FakeApi() {
  server_->ioc.stop();
  server_->thread.join();
}

void FakeApi::set_handler(Handler handler) {
  std::lock_guard lock(server_->mutex);
  server_->handler = std::move(handler);
}

unsigned short FakeApi::port() const {
  return server_->acceptor.local_endpoint().port();
}

std::string FakeApi::url(std::string_view path_and_query) const {
  return "http://127.0.0.1:" + std::to_string(port()) + std::string(path_and_query);
}

std::vector<FakeRequest> FakeApi::requests() const {
  std::lock_guard lock(server_->mutex);
  return server_->seen;
}

std::size_t FakeApi::count() const {
  std::lock_guard lock(server_->mutex);
  return server_->seen.size();
}

std::size_t FakeApi::connections() const {
  std::lock_guard lock(server_->mutex);
  return server_->accepted;
}

bool FakeApi::wait_for(std::size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(server_->mutex);
  return server_->arrived.wait_for(lock, timeout, [&] { return server_->seen.size() >= n; });
}

}  // namespace weft::test
