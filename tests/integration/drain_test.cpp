// SIGTERM drains: not ready any more, in-flight requests finish with their own status,
// then the process exits 0 within server.drain_timeout.
#include <doctest/doctest.h>
#include <signal.h>

#include <future>

#include "integration/bodies.h"
#include "integration/common.h"

namespace weft::it {

TEST_SUITE("drain") {
  TEST_CASE("SIGTERM lets an in-flight request to a slow subscriber finish, then exits 0") {
    int subscriber_status = 200;
    int expected_vendor_status = 200;
    SUBCASE("the subscriber accepts") {}
    SUBCASE("the subscriber fails") {
      subscriber_status = 500;
      expected_vendor_status = 503;
    }

    Sink slow;
    slow.hold();
    ServerSpec server;
    server.ack_budget = "8s";
    server.drain_timeout = "10s";
    TestDaemon daemon(server, {greenhouse_connection()}, {subscriber("slow", slow)});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());

    // A connection opened before the drain, to ask /readyz during it.
    HttpClient probe(daemon.port());
    REQUIRE(probe.get("/readyz").status == 200);

    auto in_flight = std::async(std::launch::async, [&] {
      HttpClient vendor(daemon.port());
      return post_greenhouse(vendor, greenhouse_stage_change(7001), "gh-drain-1");
    });
    REQUIRE(slow.wait_for_count(1, kWait));  // the request is now in flight, held

    const std::size_t mark = daemon.weftd().log_count();
    daemon.weftd().send_signal(SIGTERM);
    auto draining = daemon.weftd().wait_for_log(msg_is("draining"), kWait, mark);
    CHECK_MESSAGE(draining.has_value(), daemon.log());

    Response ready = probe.get("/readyz");
    CHECK_MESSAGE(ready.status == 503, ready.status << " " << ready.error);
    CHECK_FALSE(daemon.weftd().process().exited());
    CHECK(in_flight.wait_for(0s) == std::future_status::timeout);

    slow.set_status(subscriber_status);
    slow.release();
    REQUIRE(in_flight.wait_for(kWait) == std::future_status::ready);
    Response res = in_flight.get();
    CHECK_MESSAGE(res.status == expected_vendor_status,
                  res.status << " " << res.error << " " << res.body);

    auto code = daemon.weftd().wait_exit(12s);
    REQUIRE_MESSAGE(code.has_value(), "weftd did not exit after draining\n" << daemon.log());
    CHECK(*code == 0);
    CHECK(daemon.weftd().wait_for_log(msg_is("stopped"), 0s, mark).has_value());
  }

  TEST_CASE("SIGTERM exits 0 within drain_timeout even if a subscriber never answers") {
    Sink stuck;
    stuck.hold();
    ServerSpec server;
    server.ack_budget = "20s";
    server.drain_timeout = "2s";
    SubscriberSpec spec = subscriber("stuck", stuck);
    spec.timeout = "30s";
    TestDaemon daemon(server, {greenhouse_connection()}, {spec});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());

    auto in_flight = std::async(std::launch::async, [&] {
      HttpClient vendor(daemon.port());
      return post_greenhouse(vendor, greenhouse_stage_change(7101), "gh-stuck-1");
    });
    REQUIRE(stuck.wait_for_count(1, kWait));

    const auto started = std::chrono::steady_clock::now();
    daemon.weftd().send_signal(SIGTERM);
    auto code = daemon.weftd().wait_exit(kWait);
    REQUIRE_MESSAGE(code.has_value(), "weftd did not exit\n" << daemon.log());
    CHECK_MESSAGE(*code == 0, daemon.log());
    CHECK(std::chrono::steady_clock::now() - started < 2s + 2s);

    // The vendor was not told "accepted": a retryable answer, or the connection dropped.
    REQUIRE(in_flight.wait_for(kWait) == std::future_status::ready);
    Response res = in_flight.get();
    CHECK_MESSAGE(res.status != 200, res.status);
    CHECK_MESSAGE((res.status == 503 || res.status == 0), res.status << " " << res.error);
    stuck.release();
  }

  TEST_CASE("SIGTERM on an idle daemon exits 0 at once") {
    TestDaemon daemon({}, {greenhouse_connection()}, {});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    const auto started = std::chrono::steady_clock::now();
    daemon.weftd().send_signal(SIGTERM);
    auto code = daemon.weftd().wait_exit(kWait);
    REQUIRE_MESSAGE(code.has_value(), daemon.log());
    CHECK(*code == 0);
    // Nothing was in flight: no reason to wait out drain_timeout (10s).
    CHECK(std::chrono::steady_clock::now() - started < 5s);
    CHECK(daemon.weftd().wait_for_log(msg_is("stopped"), 0s).has_value());
  }
}

}  // namespace weft::it
