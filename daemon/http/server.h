// The inbound HTTP/1.1 server: a listener and one session per connection (keep-alive,
// deadlines on every read and write, size limits with their own statuses). What a request
// means is the handler's business; the server only moves bytes.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>

namespace weft::http {

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;
// Called exactly once per request, from any thread.
using Respond = std::function<void(Response)>;
using Handler = std::function<void(Request&&, Respond)>;

struct ServerLimits {
  std::size_t max_body = 1 << 20;
  std::size_t max_headers = 16 << 10;
  std::chrono::milliseconds header_timeout{10'000};  // request line + headers, from the 1st byte
  std::chrono::milliseconds body_timeout{30'000};    // the body, once the headers are in
  std::chrono::milliseconds write_timeout{10'000};
  std::chrono::milliseconds idle_timeout{60'000};  // keep-alive wait for the next request
};

// {"error": reason}: the one shape of every error body. reason is one line and carries no
// payload content.
std::string error_json(std::string_view reason);
Response error_response(unsigned version, int status, std::string_view reason);
Response json_response(unsigned version, int status, std::string body);

class Server {
 public:
  Server(boost::asio::io_context& ioc, std::string_view host, uint16_t port, ServerLimits limits,
         Handler handler, std::string name);
  ~Server();

  void start();
  // Stops accepting; open sessions finish their current request and close.
  void stop_accepting();
  uint16_t port() const { return port_; }
  const std::string& address() const { return address_; }
  // Requests read and not yet answered, across all sessions.
  std::size_t in_flight() const { return state_->in_flight.load(); }

  struct State {
    std::atomic<std::size_t> in_flight{0};
    std::atomic<bool> closing{false};
  };

 private:
  void accept();

  boost::asio::io_context& ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  ServerLimits limits_;
  Handler handler_;
  std::string name_;
  std::string address_;
  uint16_t port_ = 0;
  std::shared_ptr<State> state_ = std::make_shared<State>();
};

}  // namespace weft::http
