// A slow subscriber in spool mode, with the real weftd: once weftd has seen that waiting for
// it outlasts the ack budget, its new pairs are spooled at once, so the vendor is answered
// without waiting for it and the other subscriber's deliveries go on; nothing is lost: the
// spooled pairs reach the slow subscriber once it answers again.
#include <doctest/doctest.h>

#include <chrono>
#include <set>
#include <string>

#include "integration/bodies.h"
#include "integration/spool_common.h"

namespace weft::it {

TEST_SUITE("slow subscriber") {
  TEST_CASE("slow subscriber: its pairs are spooled at once instead of holding the vendor") {
    SpoolDir spool;
    ServerSpec server = spool.server();
    server.ack_budget = "2s";
    Sink fast;
    Sink stuck;
    stuck.hold();  // answers nothing until release()
    SubscriberSpec slow = subscriber("stuck", stuck, {"ats.application.stage_changed"});
    slow.timeout = "60s";
    slow.extra = {"max_in_flight: 1"};
    TestDaemon daemon(server, {greenhouse_connection()},
                      {subscriber("fast", fast, {"ats.application.stage_changed"}), slow});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.port());

    // The first webhook's pair takes the stuck subscriber's one attempt slot; the vendor waits
    // the whole ack budget for it, then the pair is spooled and the vendor answered.
    auto started = std::chrono::steady_clock::now();
    Response first = post_greenhouse(client, greenhouse_stage_change(920001), "gh-slow-1");
    const auto first_wait = std::chrono::steady_clock::now() - started;
    CHECK(first.status == 200);
    CHECK(first_wait >= std::chrono::milliseconds(1900));

    // Now weftd knows: a pair for it would wait for that attempt and its own. The next
    // webhooks are answered once spooled, well within the budget, and the fast subscriber
    // gets every event as it comes.
    constexpr int kMore = 5;
    for (int i = 0; i < kMore; ++i) {
      started = std::chrono::steady_clock::now();
      Response res = post_greenhouse(client, greenhouse_stage_change(920002 + i),
                                     "gh-slow-" + std::to_string(2 + i));
      const auto waited = std::chrono::steady_clock::now() - started;
      CHECK(res.status == 200);
      CHECK_MESSAGE(
          waited < std::chrono::milliseconds(1000),
          "webhook " << i + 2 << " waited "
                     << std::chrono::duration_cast<std::chrono::milliseconds>(waited).count()
                     << " ms");
    }
    CHECK(fast.wait_for_answered(1 + kMore, 10s));
    CHECK(fast.count() == static_cast<std::size_t>(1 + kMore));
    CHECK(stuck.count() == 1u);  // one attempt out; the rest wait in the spool

    // It answers again: the held attempt and every spooled pair reach it.
    stuck.release();
    CHECK_MESSAGE(stuck.wait_for_answered(1 + kMore, 30s),
                  stuck.count() << " requests reached the slow subscriber\n"
                                << daemon.log());
    std::set<std::string> ids;
    for (const auto& r : stuck.requests()) {
      if (r.answered == 200) ids.insert(r.header("webhook-id"));
    }
    CHECK(ids.size() == static_cast<std::size_t>(1 + kMore));
  }
}

}  // namespace weft::it
