// A small blocking HTTP/1.1 client for talking to weftd and the sinks on loopback.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace weft::it {

using namespace std::chrono_literals;

struct Header {
  std::string name;
  std::string value;
};

struct Response {
  int status = 0;  // 0: transport failure, see error
  std::string error;
  std::map<std::string, std::string> headers;  // names lowercased
  std::string body;
  bool keep_alive = false;

  std::string header(std::string_view name) const;
};

// A blocking HTTP/1.1 client over one keep-alive connection to 127.0.0.1:port. It
// reconnects only when the previous response asked to close (or there was none), so a
// server that drops a keep-alive connection unannounced shows as a transport error.
class HttpClient {
 public:
  explicit HttpClient(uint16_t port, std::chrono::milliseconds timeout = 15s);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  Response request(std::string_view method, std::string_view target, std::string_view body = {},
                   const std::vector<Header>& headers = {});
  Response get(std::string_view target) { return request("GET", target); }
  Response post(std::string_view target, std::string_view body,
                const std::vector<Header>& headers = {}) {
    return request("POST", target, body, headers);
  }
  // Opens the connection now (so a later request goes over a connection made earlier).
  bool connect();
  int connects() const { return connects_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  uint16_t port_;
  std::chrono::milliseconds timeout_;
  int connects_ = 0;
};

// Sends raw bytes on a fresh connection to 127.0.0.1:port and reads one response (for
// requests HttpClient would not send: chunked bodies, malformed HTTP).
Response raw_request(uint16_t port, std::string_view bytes,
                     std::chrono::milliseconds timeout = 15s);

}  // namespace weft::it
