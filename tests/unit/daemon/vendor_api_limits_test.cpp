// The vendor API client's pacing against a real local server: the connection's request budget,
// 429 + Retry-After and X-RateLimit-* holds (timed by the server's own arrival stamps), and
// the enrichment deadline.
#include <doctest/doctest.h>

#include "support/fake_api.h"
#include "vendor_api_support.h"

using namespace std::chrono_literals;
using namespace weft::test;
using weft::vendor_api::ApiClient;
using weft::vendor_api::FetchOutcome;
using Clock = std::chrono::steady_clock;

namespace {

weft::config::Api settings_for(const FakeApi& api, double rate, unsigned burst) {
  weft::config::Api settings = weft::test::api_settings(api.url("/v1"), rate, burst);
  settings.timeout = 5s;
  return settings;
}

FetchOutcome fetch_all(ApiClient& client, std::vector<weft::Fetch> fetches,
                       std::chrono::milliseconds budget = 10s) {
  return weft::test::fetch_now(client, std::move(fetches), budget);
}

std::vector<weft::Fetch> jobs(int n) {
  std::vector<weft::Fetch> out;
  for (int i = 0; i < n; ++i) {
    out.push_back(weft::test::get("job" + std::to_string(i), "/jobs/" + std::to_string(i)));
  }
  return out;
}

FakeApi::Handler ok() {
  return [](const FakeRequest&) { return FakeResponse::json("{}"); };
}

}  // namespace

TEST_CASE("vendor_api limits: 429 with Retry-After, then success") {
  FakeApi api([](const FakeRequest& r) {
    if (r.index == 0) {
      auto response = FakeResponse::json(R"({"error":"slow down"})", 429);
      response.headers = {{"Retry-After", "1"}};
      return response;
    }
    return FakeResponse::json(R"({"id":"1"})");
  });
  Runtime runtime;
  ApiClient client(runtime.ioc, *runtime.tls, "conn-1", settings_for(api, 1000, 100));
  auto outcome = fetch_all(client, jobs(1));
  CHECK(outcome.error.empty());
  CHECK(outcome.results.at(0).body == R"({"id":"1"})");
  auto seen = api.requests();
  REQUIRE(seen.size() == 2);
  CHECK(seen[1].received - seen[0].received >= 1s);
  CHECK(client.stats().rate_limited == 1);
  CHECK(client.stats().retries == 1);
}

TEST_CASE("vendor_api limits: a 429 holds the whole connection, not just its request") {
  // The first request is refused for 1 s; the other fetches were already waiting for their
  // budget slots (100 ms apart) and must not go before the hold ends either.
  FakeApi api([](const FakeRequest& r) {
    if (r.index == 0) {
      auto response = FakeResponse::json("{}", 429);
      response.headers = {{"Retry-After", "1"}};
      return response;
    }
    return FakeResponse::json("{}");
  });
  Runtime runtime;
  ApiClient client(runtime.ioc, *runtime.tls, "conn-1", settings_for(api, 10, 1));
  auto outcome = fetch_all(client, jobs(3));
  CHECK(outcome.error.empty());
  auto seen = api.requests();
  REQUIRE(seen.size() == 4);
  for (std::size_t i = 1; i < seen.size(); ++i) CHECK(seen[i].received - seen[0].received >= 1s);
}

TEST_CASE("vendor_api limits: X-RateLimit-Remaining 0 holds new requests until the reset") {
  SUBCASE("X-RateLimit-*, seconds until the reset") {
    FakeApi api([](const FakeRequest& r) {
      auto response = FakeResponse::json("{}");
      if (r.index == 0)
        response.headers = {{"X-RateLimit-Remaining", "0"}, {"X-RateLimit-Reset", "1"}};
      return response;
    });
    Runtime runtime;
    ApiClient client(runtime.ioc, *runtime.tls, "conn-1", settings_for(api, 1000, 100));
    CHECK(fetch_all(client, jobs(1)).error.empty());
    CHECK(fetch_all(client, jobs(1)).error.empty());
    auto seen = api.requests();
    REQUIRE(seen.size() == 2);
    CHECK(seen[1].received - seen[0].received >= 1s);
    CHECK(client.stats().budget_waits == 1);
  }
  SUBCASE("X-Rate-Limit-*, the reset as Unix seconds") {
    auto reset = std::chrono::duration_cast<std::chrono::seconds>(
                     std::chrono::system_clock::now().time_since_epoch() + 3s)
                     .count();
    FakeApi api([reset](const FakeRequest& r) {
      auto response = FakeResponse::json("{}");
      if (r.index == 0) {
        response.headers = {{"X-Rate-Limit-Remaining", "0"},
                            {"X-Rate-Limit-Reset", std::to_string(reset)}};
      }
      return response;
    });
    Runtime runtime;
    ApiClient client(runtime.ioc, *runtime.tls, "conn-1", settings_for(api, 1000, 100));
    CHECK(fetch_all(client, jobs(1)).error.empty());
    CHECK(fetch_all(client, jobs(1)).error.empty());
    auto seen = api.requests();
    REQUIRE(seen.size() == 2);
    // Whole seconds: at least two of the three remain after the first answer.
    CHECK(seen[1].received - seen[0].received >= 1s);
  }
  SUBCASE("remaining requests: no hold") {
    FakeApi api([](const FakeRequest&) {
      auto response = FakeResponse::json("{}");
      response.headers = {{"X-RateLimit-Remaining", "5"}, {"X-RateLimit-Reset", "30"}};
      return response;
    });
    Runtime runtime;
    ApiClient client(runtime.ioc, *runtime.tls, "conn-1", settings_for(api, 1000, 100));
    auto start = Clock::now();
    CHECK(fetch_all(client, jobs(1)).error.empty());
    CHECK(fetch_all(client, jobs(1)).error.empty());
    CHECK(Clock::now() - start < 5s);
    CHECK(client.stats().budget_waits == 0);
  }
}

TEST_CASE("vendor_api limits: the budget spaces requests at the configured rate") {
  FakeApi api(ok());
  Runtime runtime;
  ApiClient client(runtime.ioc, *runtime.tls, "conn-1", settings_for(api, 10, 2));
  auto outcome = fetch_all(client, jobs(7));
  CHECK(outcome.error.empty());
  CHECK(outcome.results.size() == 7);
  auto seen = api.requests();
  REQUIRE(seen.size() == 7);
  // A burst of 2, then 5 more at 100 ms intervals: at least 500 ms from first to last (a few
  // ms of slack: the server stamps arrivals, the client schedules departures).
  CHECK(seen.back().received - seen.front().received >= 490ms);
  CHECK(client.stats().budget_waits == 5);
  CHECK(client.stats().requests == 7);
}

TEST_CASE("vendor_api limits: within the burst, nothing waits") {
  FakeApi api(ok());
  Runtime runtime;
  ApiClient client(runtime.ioc, *runtime.tls, "conn-1", settings_for(api, 0.5, 3));
  auto start = Clock::now();
  CHECK(fetch_all(client, jobs(3)).error.empty());
  CHECK(Clock::now() - start < 1s);  // the fourth would wait 2 s
  CHECK(client.stats().budget_waits == 0);
}

TEST_CASE("vendor_api limits: the deadline ends waits as retryable failures, at once") {
  SUBCASE("a budget slot after the deadline") {
    FakeApi api(ok());
    Runtime runtime;
    ApiClient client(runtime.ioc, *runtime.tls, "conn-1", settings_for(api, 1, 1));
    auto start = Clock::now();
    // Slots at 0, 1 s and 2 s: the third is past the 1.5 s deadline.
    auto outcome = fetch_all(client, jobs(3), 1500ms);
    CHECK(outcome.error == "fetch job2: request budget exhausted before the deadline");
    CHECK(outcome.retryable);
    CHECK(Clock::now() - start < 1s);  // failed when known, not at the deadline
    CHECK(api.count() <= 1);
  }
  SUBCASE("a vendor hold past the deadline") {
    FakeApi api([](const FakeRequest&) {
      auto response = FakeResponse::json("{}", 429);
      response.headers = {{"Retry-After", "60"}};
      return response;
    });
    Runtime runtime;
    ApiClient client(runtime.ioc, *runtime.tls, "conn-1", settings_for(api, 1000, 100));
    auto start = Clock::now();
    auto outcome = fetch_all(client, jobs(1), 5s);
    CHECK(outcome.error == "fetch job0: vendor rate limit holds past the deadline");
    CHECK(outcome.retryable);
    CHECK(api.count() == 1);
    CHECK(Clock::now() - start < 4s);
  }
  SUBCASE("a server slower than the deadline") {
    FakeApi api([](const FakeRequest&) {
      auto response = FakeResponse::json("{}");
      response.delay = 3s;
      return response;
    });
    Runtime runtime;
    ApiClient client(runtime.ioc, *runtime.tls, "conn-1", settings_for(api, 1000, 100));
    auto start = Clock::now();
    auto outcome = fetch_all(client, jobs(1), 400ms);
    CHECK(outcome.error == "fetch job0: timeout; no time left to retry");
    CHECK(outcome.retryable);
    CHECK(Clock::now() - start < 2s);
    CHECK(api.count() == 1);
  }
  SUBCASE("a deadline already passed: nothing is sent") {
    FakeApi api(ok());
    Runtime runtime;
    ApiClient client(runtime.ioc, *runtime.tls, "conn-1", settings_for(api, 1000, 100));
    auto outcome = fetch_all(client, jobs(2), -1ms);
    CHECK(outcome.error == "fetch job0: deadline reached");
    CHECK(outcome.retryable);
    CHECK(api.count() == 0);
  }
}
