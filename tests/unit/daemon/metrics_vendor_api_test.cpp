// The vendor API client's metrics (daemon/vendor_api/request.cpp into daemon/metrics/counters.h):
// calls by connection and outcome class, and waits for the request budget with their seconds.
// Each test uses a connection id of its own, so the process-wide counters start at zero for it.
#include <doctest/doctest.h>

#include <atomic>

#include "daemon/metrics/counters.h"
#include "support/fake_api.h"
#include "vendor_api_support.h"

using namespace std::chrono_literals;
using namespace weft::test;
using weft::metrics::Counter;
using weft::vendor_api::ApiClient;

TEST_CASE("metrics: vendor API calls are counted by connection and outcome class") {
  std::atomic<bool> flaky_failed{false};
  FakeApi api([&flaky_failed](const FakeRequest& r) {
    if (r.path == "/v1/missing") return FakeResponse::json("{}", 404);
    if (r.path == "/v1/flaky" && !flaky_failed.exchange(true)) return FakeResponse::json("{}", 503);
    return FakeResponse::json(R"({"ok":1})");
  });
  Runtime runtime;
  weft::config::Api settings = api_settings(api.url("/v1/"));
  settings.timeout = 5s;
  settings.max_attempts = 3;
  ApiClient client(runtime.ioc, *runtime.tls, "metrics-calls", settings);
  auto outcome =
      fetch_now(client, {get("a", "/a"), get("b", "/missing", true), get("c", "/flaky")}, 20s);
  CHECK(outcome.error.empty());
  CHECK(api.count() == 4);
  auto& counters = weft::metrics::counters();
  CHECK(counters.value(Counter::vendor_api_calls, {"metrics-calls", "2xx"}) == 2);
  CHECK(counters.value(Counter::vendor_api_calls, {"metrics-calls", "4xx"}) == 1);
  CHECK(counters.value(Counter::vendor_api_calls, {"metrics-calls", "5xx"}) == 1);
  CHECK(counters.value(Counter::vendor_api_calls, {"metrics-calls", "timeout"}) == 0);
  CHECK(counters.value(Counter::vendor_api_rate_waits, {"metrics-calls"}) == 0);
}

TEST_CASE("metrics: vendor API waits for the request budget are counted with their seconds") {
  FakeApi api([](const FakeRequest&) { return FakeResponse::json(R"({"ok":1})"); });
  Runtime runtime;
  // 10 requests a second, no burst: the second and third wait about 100 ms and 200 ms.
  weft::config::Api settings = api_settings(api.url("/v1/"), 10, 1);
  settings.timeout = 5s;
  ApiClient client(runtime.ioc, *runtime.tls, "metrics-waits", settings);
  auto outcome = fetch_now(client, {get("a", "/a"), get("b", "/b"), get("c", "/c")}, 20s);
  CHECK(outcome.error.empty());
  auto& counters = weft::metrics::counters();
  CHECK(counters.value(Counter::vendor_api_calls, {"metrics-waits", "2xx"}) == 3);
  const uint64_t waits = counters.value(Counter::vendor_api_rate_waits, {"metrics-waits"});
  CHECK(waits >= 1);
  CHECK(waits <= 2);
  const uint64_t waited_us = counters.value(Counter::vendor_api_rate_wait_us, {"metrics-waits"});
  CHECK(waited_us >= 50'000);     // at least half of one interval
  CHECK(waited_us <= 2'000'000);  // and not more than the budget allows
}
