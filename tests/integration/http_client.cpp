#include "integration/http_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>

namespace weft::it {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {
// Status, body, keep-alive and lowercased headers of a parsed response.
void read_response(const http::response<http::string_body>& res, Response& response) {
  response.status = static_cast<int>(res.result_int());
  response.body = res.body();
  response.keep_alive = res.keep_alive();
  for (const auto& field : res) {
    std::string name(field.name_string());
    for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    response.headers[name] = std::string(field.value());
  }
}
}  // namespace

std::string Response::header(std::string_view name) const {
  std::string lower(name);
  for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  auto it = headers.find(lower);
  return it == headers.end() ? std::string() : it->second;
}

struct HttpClient::Impl {
  asio::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;
  bool open = false;

  // Runs one asynchronous operation to completion; the stream's deadline bounds it.
  template <class Start>
  beast::error_code run(Start start) {
    beast::error_code result;
    start([&result](beast::error_code ec, auto&&...) { result = ec; });
    ioc.restart();
    ioc.run();
    return result;
  }
};

HttpClient::HttpClient(uint16_t port, std::chrono::milliseconds timeout)
    : impl_(std::make_unique<Impl>()), port_(port), timeout_(timeout) {}

HttpClient::~HttpClient() {
  beast::error_code ignored;
  impl_->stream.socket().close(ignored);
}

bool HttpClient::connect() {
  if (impl_->open) return true;
  impl_->buffer.clear();
  impl_->stream.expires_after(timeout_);
  tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port_);
  auto ec = impl_->run([&](auto done) { impl_->stream.async_connect(endpoint, done); });
  if (ec) return false;
  impl_->open = true;
  ++connects_;
  return true;
}

Response HttpClient::request(std::string_view method, std::string_view target,
                             std::string_view body, const std::vector<Header>& headers) {
  Response response;
  if (!connect()) {
    response.error = "connect failed";
    return response;
  }
  http::request<http::string_body> req;
  req.method_string(method);
  req.target(target);
  req.version(11);
  req.set(http::field::host, "127.0.0.1:" + std::to_string(port_));
  for (const auto& h : headers) req.set(h.name, h.value);
  if (!body.empty() || method == "POST") {
    if (req[http::field::content_type].empty())
      req.set(http::field::content_type, "application/json");
    req.body() = std::string(body);
  }
  req.keep_alive(true);
  req.prepare_payload();

  impl_->stream.expires_after(timeout_);
  auto ec = impl_->run([&](auto done) { http::async_write(impl_->stream, req, done); });
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 << 20);
  if (!ec) {
    ec = impl_->run(
        [&](auto done) { http::async_read(impl_->stream, impl_->buffer, parser, done); });
  }
  if (ec) {
    response.error = ec.message();
    beast::error_code ignored;
    impl_->stream.socket().close(ignored);
    impl_->open = false;
    return response;
  }
  read_response(parser.get(), response);
  if (!response.keep_alive) {
    beast::error_code ignored;
    impl_->stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    impl_->stream.socket().close(ignored);
    impl_->open = false;
  }
  return response;
}

Response raw_request(uint16_t port, std::string_view bytes, std::chrono::milliseconds timeout) {
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  Response response;
  beast::error_code result;
  auto run = [&] {
    ioc.restart();
    ioc.run();
    return result;
  };
  auto done = [&result](beast::error_code ec, auto&&...) { result = ec; };
  stream.expires_after(timeout);
  stream.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), done);
  if (run()) {
    response.error = "connect failed";
    return response;
  }
  asio::async_write(stream, asio::buffer(bytes.data(), bytes.size()), done);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  // A server may answer before reading everything sent: a write error is not the end.
  run();
  http::async_read(stream, buffer, parser, done);
  if (run()) {
    response.error = result.message();
    return response;
  }
  read_response(parser.get(), response);
  return response;
}

}  // namespace weft::it
