// The vendor API client's failures and results against a real local server: retries and
// their limit, final statuses, optional 404s, the same-origin rule, size limits, close().
#include <doctest/doctest.h>

#include <boost/asio/ip/tcp.hpp>

#include "support/fake_api.h"
#include "vendor_api_support.h"

namespace asio = boost::asio;
using namespace std::chrono_literals;
using namespace weft::test;
using weft::vendor_api::ApiClient;
using weft::vendor_api::FetchOutcome;

namespace {

weft::config::Api settings_for(std::string base_url) {
  weft::config::Api settings = weft::test::api_settings(std::move(base_url));
  settings.timeout = 5s;
  settings.max_attempts = 3;
  return settings;
}

std::future<FetchOutcome> start(ApiClient& client, std::vector<weft::Fetch> fetches) {
  return weft::test::start_fetches(client, std::move(fetches), 20s);
}

FetchOutcome fetch_all(ApiClient& client, std::vector<weft::Fetch> fetches) {
  return weft::test::fetch_now(client, std::move(fetches), 20s);
}

}  // namespace

TEST_CASE("vendor_api client: several fetches, results in the order asked") {
  FakeApi api(
      [](const FakeRequest& r) { return FakeResponse::json(R"({"path":")" + r.path + R"("})"); });
  Runtime runtime;
  ApiClient client(runtime.ioc, *runtime.tls, "conn-1", settings_for(api.url("/v1/")));
  auto outcome = fetch_all(client, {get("a", "/a"), get("b", "b?x=1"), get("c", api.url("/v1/c"))});
  CHECK(outcome.error.empty());
  REQUIRE(outcome.results.size() == 3);
  CHECK(outcome.results[0].key == "a");
  CHECK(outcome.results[0].body == R"({"path":"/v1/a"})");
  CHECK(outcome.results[1].key == "b");
  CHECK(outcome.results[1].body == R"({"path":"/v1/b"})");
  CHECK(outcome.results[2].body == R"({"path":"/v1/c"})");
  CHECK(api.count() == 3);
  CHECK(client.settings().base_url == api.url("/v1/"));
  CHECK(fetch_all(client, {}).results.empty());
}

TEST_CASE("vendor_api client: 503 is retried with backoff, then success") {
  FakeApi api([](const FakeRequest& r) {
    return r.index == 0 ? FakeResponse::json("{}", 503) : FakeResponse::json(R"({"ok":1})");
  });
  Runtime runtime;
  ApiClient client(runtime.ioc, *runtime.tls, "conn-1", settings_for(api.url("/v1")));
  auto outcome = fetch_all(client, {get("job", "/jobs/1")});
  CHECK(outcome.error.empty());
  CHECK(outcome.results.at(0).body == R"({"ok":1})");
  auto seen = api.requests();
  REQUIRE(seen.size() == 2);
  CHECK(seen[1].received - seen[0].received >= 100ms);  // half the first backoff step at least
  CHECK(client.stats().retries == 1);
  CHECK(client.stats().requests == 2);
}

TEST_CASE("vendor_api client: retries stop at max_attempts, retryable") {
  for (unsigned status : {500u, 502u, 408u}) {
    CAPTURE(status);
    FakeApi api([status](const FakeRequest&) { return FakeResponse::json("{}", status); });
    Runtime runtime;
    ApiClient client(runtime.ioc, *runtime.tls, "conn-1", settings_for(api.url("/v1")));
    auto outcome = fetch_all(client, {get("job", "/jobs/1")});
    CHECK(outcome.error == "fetch job: HTTP " + std::to_string(status) + " after 3 attempts");
    CHECK(outcome.retryable);
    CHECK(api.count() == 3);
  }
}

TEST_CASE("vendor_api client: connection errors are retried, then retryable") {
  unsigned short port = 0;
  {
    asio::io_context ioc;
    asio::ip::tcp::acceptor acceptor(ioc, {asio::ip::make_address("127.0.0.1"), 0});
    port = acceptor.local_endpoint().port();
  }
  Runtime runtime;
  ApiClient client(runtime.ioc, *runtime.tls, "conn-1",
                   settings_for("http://127.0.0.1:" + std::to_string(port) + "/v1"));
  auto outcome = fetch_all(client, {get("job", "/jobs/1")});
  CHECK(outcome.error.starts_with("fetch job: connect: "));
  CHECK(outcome.error.ends_with(" after 3 attempts"));
  CHECK(outcome.retryable);
  CHECK(client.stats().requests == 3);
}

TEST_CASE("vendor_api client: 404 is final, unless the fetch is optional") {
  FakeApi api([](const FakeRequest& r) {
    if (r.path == "/v1/archive_reasons/9") return FakeResponse::json(R"({"error":"gone"})", 404);
    return FakeResponse::json(R"({"id":"o1"})");
  });
  Runtime runtime;
  ApiClient client(runtime.ioc, *runtime.tls, "conn-1", settings_for(api.url("/v1")));

  auto final = fetch_all(client, {get("reason", "/archive_reasons/9")});
  CHECK(final.error == "fetch reason: HTTP 404");
  CHECK_FALSE(final.retryable);
  CHECK(api.count() == 1);

  auto optional = fetch_all(
      client, {get("opportunity", "/opportunities/o1"), get("reason", "/archive_reasons/9", true)});
  CHECK(optional.error.empty());
  REQUIRE(optional.results.size() == 2);
  CHECK(optional.results[0].status == 200);
  CHECK(optional.results[1].key == "reason");
  CHECK(optional.results[1].status == 404);
  CHECK(optional.results[1].body.empty());
  CHECK(api.count() == 3);
}

TEST_CASE("vendor_api client: other 4xx are final at once") {
  for (unsigned status : {400u, 403u, 422u}) {
    CAPTURE(status);
    FakeApi api([status](const FakeRequest&) { return FakeResponse::json("{}", status); });
    Runtime runtime;
    ApiClient client(runtime.ioc, *runtime.tls, "conn-1", settings_for(api.url("/v1")));
    auto outcome = fetch_all(client, {get("job", "/jobs/1")});
    CHECK(outcome.error == "fetch job: HTTP " + std::to_string(status));
    CHECK_FALSE(outcome.retryable);
    CHECK(api.count() == 1);
  }
}

TEST_CASE("vendor_api client: a target outside api.base_url is refused with nothing sent") {
  FakeApi api([](const FakeRequest&) { return FakeResponse::json("{}"); });
  Runtime runtime;
  ApiClient client(runtime.ioc, *runtime.tls, "conn-1", settings_for(api.url("/v1")));
  for (std::string target :
       {"http://localhost:" + std::to_string(api.port()) + "/v1/jobs",
        "https://127.0.0.1:" + std::to_string(api.port()) + "/v1/jobs",
        std::string("http://127.0.0.1:1/v1/jobs"), std::string("//127.0.0.1/v1/jobs")}) {
    CAPTURE(target);
    // The good fetch first: the batch is checked whole before anything is sent.
    auto outcome = fetch_all(client, {get("ok", "/jobs/1"), get("job", target)});
    CHECK(outcome.error == "fetch job: fetch target outside api.base_url");
    CHECK_FALSE(outcome.retryable);
  }
  CHECK(api.count() == 0);
}

TEST_CASE("vendor_api client: a response over max_response is final") {
  FakeApi api([](const FakeRequest&) { return FakeResponse::json(std::string(2000, ' ') + "{}"); });
  Runtime runtime;
  auto settings = settings_for(api.url("/v1"));
  settings.max_response = 1000;
  ApiClient client(runtime.ioc, *runtime.tls, "conn-1", settings);
  auto outcome = fetch_all(client, {get("job", "/jobs/1")});
  CHECK(outcome.error == "fetch job: response too large");
  CHECK_FALSE(outcome.retryable);
  CHECK(api.count() == 1);
}

TEST_CASE("vendor_api client: close ends waits with a retryable error") {
  FakeApi api([](const FakeRequest&) { return FakeResponse::json("{}"); });
  Runtime runtime;
  auto settings = settings_for(api.url("/v1"));
  settings.rate_per_second = 0.1;  // the second request would wait 10 s
  settings.burst = 1;
  ApiClient client(runtime.ioc, *runtime.tls, "conn-1", settings);
  auto future = start(client, {get("a", "/a"), get("b", "/b")});
  REQUIRE(api.wait_for(1));
  client.close();
  REQUIRE(future.wait_for(5s) == std::future_status::ready);
  auto outcome = future.get();
  // b was waiting for the budget; a's answer may still be on its way back when close() runs,
  // so either one may be the first to report it.
  CHECK((outcome.error == "fetch b: client closed" || outcome.error == "fetch a: client closed"));
  CHECK(outcome.retryable);
  CHECK(fetch_all(client, {get("a", "/a")}).error == "fetch a: client closed");
  CHECK(api.count() == 1);
}

TEST_CASE("vendor_api client: an io_context destroyed with a request out frees the fetch") {
  FakeApi api([](const FakeRequest&) {
    auto response = FakeResponse::json("{}");
    response.delay = 20s;  // still unanswered when the runtime goes
    return response;
  });
  std::future<FetchOutcome> future;
  {
    Runtime runtime;
    ApiClient client(runtime.ioc, *runtime.tls, "conn-1", settings_for(api.url("/v1")));
    future = start(client, {get("job", "/jobs/1")});
    REQUIRE(api.wait_for(1));
  }
  // Nothing kept the fetch alive: its callback was destroyed unrun, breaking the promise.
  REQUIRE(future.wait_for(0s) == std::future_status::ready);
  CHECK_THROWS_AS(future.get(), std::future_error);
}

TEST_CASE("vendor_api client: a configuration that cannot work fails every fetch") {
  Runtime runtime;
  ApiClient bad_base(runtime.ioc, *runtime.tls, "conn-1", settings_for("ftp://x.example"));
  auto outcome = fetch_all(bad_base, {get("job", "/jobs/1")});
  CHECK(outcome.error == "fetch job: invalid api.base_url");
  CHECK_FALSE(outcome.retryable);
  auto settings = settings_for("https://x.example");
  settings.auth.kind = weft::config::ApiAuth::Kind::oauth2;
  settings.auth.token_url = "not a url";
  ApiClient bad_token(runtime.ioc, *runtime.tls, "conn-1", settings);
  CHECK(fetch_all(bad_token, {get("job", "/jobs/1")}).error ==
        "fetch job: invalid api.auth.token_url");
  FakeApi api;
  ApiClient client(runtime.ioc, *runtime.tls, "conn-1", settings_for(api.url()));
  auto put = get("job", "/jobs/1");
  put.method = "DELETE";
  CHECK(fetch_all(client, {put}).error == "fetch job: unsupported method");
  CHECK(api.count() == 0);
}
