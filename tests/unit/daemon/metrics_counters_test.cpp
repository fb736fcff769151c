// The lock-free labelled counters (daemon/metrics/counters.h): series found again by their
// label values, concurrent increments all counted, rendering with HELP/TYPE for every family,
// a full table counted as dropped, and the verification failure classes.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "daemon/metrics/counters.h"

using weft::metrics::Counter;
using weft::metrics::Counters;

TEST_CASE("metrics counters add to the series their label values name") {
  Counters c;
  c.add(Counter::inbound_requests, {"acme-gh", "accepted"});
  c.add(Counter::inbound_requests, {"acme-gh", "accepted"}, 2);
  c.add(Counter::inbound_requests, {"acme-gh", "bad_signature"});
  c.add(Counter::events_emitted, {"acme-gh", "accepted"});  // same values, other family
  CHECK(c.value(Counter::inbound_requests, {"acme-gh", "accepted"}) == 3);
  CHECK(c.value(Counter::inbound_requests, {"acme-gh", "bad_signature"}) == 1);
  CHECK(c.value(Counter::events_emitted, {"acme-gh", "accepted"}) == 1);
  CHECK(c.value(Counter::inbound_requests, {"other", "accepted"}) == 0);
  // Label values are kept apart: ("ab", "c") is not ("a", "bc").
  c.add(Counter::vendor_api_calls, {"ab", "c"});
  CHECK(c.value(Counter::vendor_api_calls, {"a", "bc"}) == 0);
}

TEST_CASE("metrics counters count every increment from concurrent threads") {
  auto c = std::make_unique<Counters>();
  constexpr int kThreads = 4, kEach = 5000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&c, t] {
      for (int i = 0; i < kEach; ++i) {
        c->add(Counter::inbound_requests, {"shared", "accepted"});
        c->add(Counter::events_emitted, {"conn-" + std::to_string(i % 16), "ats.x"});
        if (i % 2 == t % 2) c->add(Counter::vendor_api_rate_waits, {"own-" + std::to_string(t)});
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(c->value(Counter::inbound_requests, {"shared", "accepted"}) == kThreads * kEach);
  uint64_t emitted = 0;
  for (int i = 0; i < 16; ++i) {
    emitted += c->value(Counter::events_emitted, {"conn-" + std::to_string(i), "ats.x"});
  }
  CHECK(emitted == kThreads * kEach);
  for (int t = 0; t < kThreads; ++t) {
    CHECK(c->value(Counter::vendor_api_rate_waits, {"own-" + std::to_string(t)}) == kEach / 2);
  }
}

TEST_CASE("metrics counters render every family, sorted series, seconds scaled") {
  Counters c;
  c.add(Counter::inbound_requests, {"b-conn", "accepted"}, 2);
  c.add(Counter::inbound_requests, {"a-conn", "rejected"});
  c.add(Counter::vendor_api_rate_wait_us, {"a-conn"}, 1500000);
  weft::metrics::Text text;
  c.render(text);
  const std::string& s = text.str();
  for (const char* family :
       {"weft_inbound_requests_total", "weft_verification_failures_total",
        "weft_events_emitted_total", "weft_vendor_api_calls_total",
        "weft_vendor_api_rate_limit_waits_total", "weft_vendor_api_rate_limit_wait_seconds_total",
        "weft_vendor_api_token_requests_total", "weft_metrics_series_dropped_total"}) {
    CHECK_MESSAGE(s.find(std::string("# TYPE ") + family + " counter\n") != std::string::npos,
                  family);
    CHECK_MESSAGE(s.find(std::string("# HELP ") + family + " ") != std::string::npos, family);
  }
  const auto a =
      s.find("weft_inbound_requests_total{connection=\"a-conn\",outcome=\"rejected\"} 1\n");
  const auto b =
      s.find("weft_inbound_requests_total{connection=\"b-conn\",outcome=\"accepted\"} 2\n");
  CHECK(a != std::string::npos);
  CHECK(b != std::string::npos);
  CHECK(a < b);
  CHECK(s.find("weft_vendor_api_rate_limit_wait_seconds_total{connection=\"a-conn\"} 1.5\n") !=
        std::string::npos);
  CHECK(s.find("weft_metrics_series_dropped_total 0\n") != std::string::npos);
}

TEST_CASE("metrics counters count increments past a full table as dropped") {
  auto c = std::make_unique<Counters>();
  for (std::size_t i = 0; i < Counters::kSlots; ++i) {
    c->add(Counter::events_emitted, {"c", "type-" + std::to_string(i)});
  }
  c->add(Counter::events_emitted, {"c", "one-too-many"}, 3);
  CHECK(c->value(Counter::events_emitted, {"c", "one-too-many"}) == 0);
  // Series already there still count.
  c->add(Counter::events_emitted, {"c", "type-7"});
  CHECK(c->value(Counter::events_emitted, {"c", "type-7"}) == 2);
  weft::metrics::Text text;
  c->render(text);
  CHECK(text.str().find("weft_metrics_series_dropped_total 3\n") != std::string::npos);
}

TEST_CASE("metrics classes vendor API responses into outcome classes") {
  using weft::metrics::vendor_api_outcome;
  CHECK(vendor_api_outcome(200, "") == "2xx");
  CHECK(vendor_api_outcome(304, "") == "3xx");
  CHECK(vendor_api_outcome(404, "") == "4xx");
  CHECK(vendor_api_outcome(429, "") == "rate_limited");
  CHECK(vendor_api_outcome(503, "") == "5xx");
  CHECK(vendor_api_outcome(0, "timeout") == "timeout");
  CHECK(vendor_api_outcome(0, "connect: Connection refused") == "connect_error");
  CHECK(vendor_api_outcome(0, "tls: handshake failed") == "connect_error");
  CHECK(vendor_api_outcome(0, "response too large") == "error");
  CHECK(vendor_api_outcome(700, "") == "error");
}

TEST_CASE("metrics classes verification failure reasons into a fixed set") {
  using weft::metrics::verify_failure_class;
  CHECK(verify_failure_class("missing Signature header") == "missing_signature");
  CHECK(verify_failure_class("missing signature field") == "missing_signature");
  CHECK(verify_failure_class("Signature does not match") == "mismatch");
  CHECK(verify_failure_class("signed timestamp is outside the replay window") == "stale_timestamp");
  CHECK(verify_failure_class("signed timestamp is malformed") == "malformed");
  CHECK(verify_failure_class("Signature lacks the 'sha256=' prefix") == "malformed");
  CHECK(verify_failure_class("anything else, free text") == "malformed");
}
