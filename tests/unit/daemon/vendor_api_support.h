// Shared by the vendor_api_*_test.cpp files: an io_context running on two threads, the
// connection settings the tests start from, Fetch/ApiAuth builders for designated
// initializers, and synchronous fetch_all calls against a real local server.
#pragma once

#include <doctest/doctest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "daemon/config/config.h"
#include "daemon/http/client.h"
#include "daemon/vendor_api/api_client.h"

namespace weft::test {

// An io_context served by two threads and a client TLS context; on destruction it stops, joins
// and runs what is left ready (the closes of clients destroyed just before).
class Runtime {
 public:
  Runtime() {
    for (auto& t : threads_) t = std::thread([this] { ioc.run(); });
  }
  ~Runtime() {
    guard_.reset();
    ioc.stop();
    for (auto& t : threads_) t.join();
    // The closes that clients destroyed just before posted may not have run: they run now, so
    // nothing a client holds for a request stays referenced by a handler that never runs.
    ioc.restart();
    ioc.poll();
  }
  // An HTTP client of the origin of url, with two connections.
  std::shared_ptr<http::Client> http_client(const std::string& url) {
    auto parsed = http::Url::parse(url);
    REQUIRE(parsed);
    return std::make_shared<http::Client>(ioc, *tls, *parsed, 2);
  }
  boost::asio::io_context ioc;
  std::unique_ptr<boost::asio::ssl::context> tls = http::make_client_tls_context();

 private:
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_{
      ioc.get_executor()};
  std::thread threads_[2];
};

// Settings with a base URL and a request budget; the other members keep their defaults.
inline config::Api api_settings(std::string base_url, double rate = 1000, unsigned burst = 100) {
  config::Api settings;
  settings.base_url = std::move(base_url);
  settings.rate_per_second = rate;
  settings.burst = burst;
  return settings;
}

// Starts fetch_all with a deadline budget from now; the future holds its outcome.
inline std::future<vendor_api::FetchOutcome> start_fetches(vendor_api::ApiClient& client,
                                                           std::vector<Fetch> fetches,
                                                           std::chrono::milliseconds budget) {
  auto promise = std::make_shared<std::promise<vendor_api::FetchOutcome>>();
  auto future = promise->get_future();
  client.fetch_all(
      std::move(fetches), std::chrono::steady_clock::now() + budget,
      [promise](vendor_api::FetchOutcome outcome) { promise->set_value(std::move(outcome)); });
  return future;
}

// fetch_all, waited for (at most 30 s, then the test fails).
inline vendor_api::FetchOutcome fetch_now(vendor_api::ApiClient& client, std::vector<Fetch> fetches,
                                          std::chrono::milliseconds budget) {
  auto future = start_fetches(client, std::move(fetches), budget);
  REQUIRE(future.wait_for(std::chrono::seconds(30)) == std::future_status::ready);
  return future.get();
}

// A GET of target under key.
inline Fetch get(std::string key, std::string target, bool optional = false) {
  Fetch fetch;
  fetch.key = std::move(key);
  fetch.target = std::move(target);
  fetch.optional = optional;
  return fetch;
}

// Fetch and Paging with every member defaulted, so tests can use designated initializers.
struct PagingSpec {
  PageStyle style = PageStyle::none;
  std::string_view items{}, param{}, next{}, more{}, size_param{};
  unsigned page_size = 100;
  unsigned first_page = 1;
};
struct FetchSpec {
  std::string key{};
  std::string method = "GET";
  std::string target{};
  std::string body{};
  PagingSpec paging{};
  bool optional = false;
};
inline Fetch make_fetch(const FetchSpec& s) {
  Fetch f;
  f.key = s.key;
  f.method = s.method;
  f.target = s.target;
  f.body = s.body;
  f.optional = s.optional;
  f.paging.style = s.paging.style;
  f.paging.items = s.paging.items;
  f.paging.param = s.paging.param;
  f.paging.next = s.paging.next;
  f.paging.more = s.paging.more;
  f.paging.size_param = s.paging.size_param;
  f.paging.page_size = s.paging.page_size;
  f.paging.first_page = s.paging.first_page;
  return f;
}

// ApiAuth with every member defaulted, so tests can use designated initializers.
struct AuthSpec {
  config::ApiAuth::Kind kind = config::ApiAuth::Kind::none;
  std::string username{}, password{}, token{}, header_name{};
  std::string token_url{}, client_id{}, client_secret{}, scope{};
};
inline config::ApiAuth make_auth(const AuthSpec& s) {
  config::ApiAuth a;
  a.kind = s.kind;
  a.username = s.username;
  a.password = s.password;
  a.token = s.token;
  a.header_name = s.header_name;
  a.token_url = s.token_url;
  a.client_id = s.client_id;
  a.client_secret = s.client_secret;
  a.scope = s.scope;
  return a;
}

}  // namespace weft::test
