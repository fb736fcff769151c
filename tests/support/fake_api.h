// A fake vendor API for tests: a real HTTP/1.1 server on 127.0.0.1, port 0, on its own thread
// (Boost.Beast), whose answers come from a handler the test sets. Every request is recorded
// (method, target, lowercase headers, body, arrival time), so tests assert on what the client
// really sent and when, and wait for requests with bounded waits instead of sleeping.
//
//   weft::test::FakeApi api([](const weft::test::FakeRequest& r) {
//     if (r.path == "/v1/opportunities/1") return weft::test::FakeResponse::json(R"({"id":1})");
//     return weft::test::FakeResponse{.status = 404};
//   });
//   ... point a client at api.url("/v1") ...
//   REQUIRE(api.wait_for(2));          // at most 10 s by default
//   CHECK(api.requests()[1].query_param("offset") == "100");
//
// The handler runs on the server thread, one call at a time, in arrival order; it may keep
// state without locking. Keep-alive is honoured; a response may be delayed (without holding
// the thread) or close its connection. Plain HTTP only.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace weft::test {

struct FakeRequest {
  std::size_t index = 0;                       // arrival order, from 0
  std::size_t connection = 0;                  // which accepted connection carried it, from 0
  std::string method;                          // "GET", "POST", ...
  std::string target;                          // as received: path and query
  std::string path;                            // target up to '?'
  std::string query;                           // after '?', raw; empty when none
  std::map<std::string, std::string> headers;  // lowercase names; repeats joined with ", "
  std::string body;
  std::chrono::steady_clock::time_point received;  // when the whole request had arrived

  // A header's value by name (any case); empty when absent.
  std::string header(std::string_view name) const;
  // A query parameter, percent- and '+'-decoded (the first of repeats); nullopt when absent.
  std::optional<std::string> query_param(std::string_view name) const;
};

struct FakeResponse {
  unsigned status = 200;
  std::string body{};
  // Sent as they are; Content-Type: application/json is added unless one is given.
  std::vector<std::pair<std::string, std::string>> headers{};
  std::chrono::milliseconds delay{0};  // answer this much later (other requests go on)
  bool close = false;                  // close the connection after answering

  static FakeResponse json(std::string body, unsigned status = 200);
};

class FakeApi {
 public:
  using Handler = std::function<FakeResponse(const FakeRequest&)>;

  // Starts listening at once. Without a handler every request gets 404.
  explicit FakeApi(Handler handler = nullptr);
  ~FakeApi();
  FakeApi(const FakeApi&) = delete;
  FakeApi& operator=(const FakeApi&) = delete;

  // Replaces the handler for requests from now on; thread-safe.
  void set_handler(Handler handler);

  unsigned short port() const;
  // "http://127.0.0.1:<port>" followed by path_and_query.
  std::string url(std::string_view path_and_query = "") const;

  std::vector<FakeRequest> requests() const;  // every request so far, in arrival order
  std::size_t count() const;                  // how many requests so far
  std::size_t connections() const;            // how many connections were accepted
  // Waits until at least n requests have arrived or timeout passes; says which.
  bool wait_for(std::size_t n,
                std::chrono::milliseconds timeout = std::chrono::milliseconds(10'000)) const;

 private:
  struct Server;
  std::unique_ptr<Server> server_;
};

}  // namespace weft::test
