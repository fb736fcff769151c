// Acknowledgement and redelivery: the vendor hears 200 only once every matching subscriber
// accepted; otherwise 503 + Retry-After, and its retry reaches only those still missing it,
// under the same webhook-id.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "integration/bodies.h"
#include "integration/common.h"

namespace weft::it {
namespace {

std::set<std::string> ids_answered(const Sink& sink, int status) {
  std::set<std::string> ids;
  for (const auto& r : sink.requests()) {
    if (r.answered == status) ids.insert(r.header("webhook-id"));
  }
  return ids;
}

std::set<std::string> ids_seen(const Sink& sink) {
  std::set<std::string> ids;
  for (const auto& r : sink.requests()) ids.insert(r.header("webhook-id"));
  return ids;
}

void expect_retry_later(const Response& res) {
  CHECK_MESSAGE(res.status == 503, res.status << " " << res.error << " " << res.body);
  const std::string retry_after = res.header("retry-after");
  CHECK_MESSAGE(!retry_after.empty(), "no Retry-After header");
  CHECK_MESSAGE(std::all_of(retry_after.begin(), retry_after.end(), ::isdigit),
                "Retry-After is not delay-seconds: " << retry_after);
  CHECK(error_reason(res.body).has_value());
}

ServerSpec short_budget() {
  ServerSpec server;
  server.ack_budget = "1s";
  return server;
}

}  // namespace

TEST_SUITE("delivery") {
  TEST_CASE("a subscriber answering 500 gets the vendor's retry with the same webhook-id") {
    Sink healthy;
    Sink failing;
    failing.set_status(500);
    SubscriberSpec slow = subscriber("failing", failing);
    slow.timeout = "1s";
    TestDaemon daemon(short_budget(), {greenhouse_connection()},
                      {subscriber("healthy", healthy), slow});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.port());
    const std::string body = greenhouse_stage_change(3001);

    expect_retry_later(post_greenhouse(client, body, "gh-retry-1"));
    auto delivered = check_deliveries(healthy, {whsec("healthy")});
    REQUIRE_FALSE(delivered.empty());
    const std::set<std::string> event_ids = ids_seen(healthy);
    const std::size_t healthy_requests = healthy.count();
    REQUIRE(failing.count() > 0);
    CHECK(ids_answered(failing, 500) == ids_seen(failing));
    for (const auto& id : ids_seen(failing)) CHECK(event_ids.count(id) == 1);

    // The subscriber recovers; the vendor retries the very same webhook.
    failing.set_status(200);
    Response retry = post_greenhouse(client, body, "gh-retry-1");
    CHECK_MESSAGE(retry.status == 200, retry.status << " " << retry.error << " " << retry.body);
    CHECK_MESSAGE(healthy.count() == healthy_requests, "accepted events were sent again");
    CHECK(ids_answered(failing, 200) == event_ids);
    check_deliveries(failing, {whsec("failing")});

    // A further retry sends nothing to anyone: both accepted everything.
    const std::size_t failing_requests = failing.count();
    Response again = post_greenhouse(client, body, "gh-retry-1");
    CHECK(again.status == 200);
    CHECK(healthy.count() == healthy_requests);
    CHECK(failing.count() == failing_requests);
  }

  TEST_CASE("an Ashby retry (same webhookActionId) reaches only the subscriber missing it") {
    Sink healthy;
    Sink failing;
    failing.set_status(503);
    TestDaemon daemon(short_budget(), {ashby_connection()},
                      {subscriber("healthy", healthy), subscriber("failing", failing)});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.port());
    const std::string body = ashby_stage_change("44444444-3333-4222-8111-000000000000");

    expect_retry_later(post_ashby(client, body));
    const std::set<std::string> event_ids = ids_seen(healthy);
    REQUIRE_FALSE(event_ids.empty());
    const std::size_t healthy_requests = healthy.count();

    failing.set_status(202);  // any 2xx is acceptance
    Response retry = post_ashby(client, body);
    CHECK_MESSAGE(retry.status == 200, retry.status << " " << retry.error << " " << retry.body);
    CHECK(healthy.count() == healthy_requests);
    CHECK(ids_answered(failing, 202) == event_ids);
  }

  TEST_CASE("a subscriber that is down (port closed) gets the retry once it is back") {
    Sink healthy;
    Sink down;
    down.close();
    SubscriberSpec down_spec = subscriber("down", down);
    down_spec.timeout = "1s";
    TestDaemon daemon(short_budget(), {greenhouse_connection()},
                      {subscriber("healthy", healthy), down_spec});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.port());
    const std::string body = greenhouse_stage_change(3002);

    expect_retry_later(post_greenhouse(client, body, "gh-down-1"));
    REQUIRE(healthy.count() > 0);
    const std::set<std::string> event_ids = ids_seen(healthy);
    const std::size_t healthy_requests = healthy.count();
    CHECK(down.count() == 0);

    down.open();
    Response retry = post_greenhouse(client, body, "gh-down-1");
    CHECK_MESSAGE(retry.status == 200, retry.status << " " << retry.error << " " << retry.body);
    CHECK_MESSAGE(healthy.count() == healthy_requests, "accepted events were sent again");
    CHECK(ids_answered(down, 200) == event_ids);
    CHECK(down.count() == event_ids.size());
    check_deliveries(down, {whsec("down")});
  }

  TEST_CASE("a subscriber slower than ack_budget makes the vendor retry later") {
    Sink witness;
    Sink slow;
    slow.hold();
    SubscriberSpec spec = subscriber("slow", slow);
    spec.timeout = "10s";
    TestDaemon daemon(short_budget(), {greenhouse_connection()},
                      {subscriber("witness", witness), spec});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.port());
    const std::string body = greenhouse_stage_change(3003);

    const auto started = std::chrono::steady_clock::now();
    expect_retry_later(post_greenhouse(client, body, "gh-slow-1"));
    // Answered on the budget (1s), not on the subscriber's timeout (10s).
    CHECK(std::chrono::steady_clock::now() - started < 5s);
    REQUIRE(slow.count() > 0);
    const std::set<std::string> event_ids = ids_seen(witness);
    for (const auto& id : ids_seen(slow)) CHECK(event_ids.count(id) == 1);

    slow.release();
    Response retry = post_greenhouse(client, body, "gh-slow-1");
    CHECK_MESSAGE(retry.status == 200, retry.status << " " << retry.error << " " << retry.body);
    CHECK(ids_answered(slow, 200) == event_ids);
  }

  TEST_CASE("a different webhook with the same body shape gets new event ids") {
    Sink sink;
    TestDaemon daemon({}, {greenhouse_connection()}, {subscriber("all", sink)});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.port());
    REQUIRE(post_greenhouse(client, greenhouse_stage_change(4001), "gh-a").status == 200);
    auto first = ids_seen(sink);
    REQUIRE(post_greenhouse(client, greenhouse_stage_change(4001, "Offer"), "gh-b").status == 200);
    auto all = ids_seen(sink);
    CHECK(all.size() > first.size());
  }

  TEST_CASE("demo-subscriber verifies deliveries and prints each event") {
    const std::string secret = whsec("demo");
    Weftd demo({"demo-subscriber", "--listen", "127.0.0.1:0", "--secret", secret});
    REQUIRE_MESSAGE(demo.port() != 0, demo.log_text());

    Sink witness;
    SubscriberSpec printer =
        subscriber("demo", "http://127.0.0.1:" + std::to_string(demo.port()) + "/events");
    TestDaemon daemon({}, {greenhouse_connection()}, {printer, subscriber("witness", witness)});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.port());
    Response res = post_greenhouse(client, greenhouse_stage_change(5001), "gh-demo-1");
    REQUIRE_MESSAGE(res.status == 200, res.status << " " << res.error << " " << res.body);

    auto events = check_deliveries(witness, {whsec("witness")});
    REQUIRE_FALSE(events.empty());
    for (const auto& e : events) {
      auto line = demo.process().wait_for_line(Process::Stream::out, [&](const std::string& l) {
        return l.find(e.id) != std::string::npos && l.find(e.type) != std::string::npos;
      });
      CHECK_MESSAGE(line.has_value(), "demo-subscriber did not print " << e.id << " " << e.type);
    }

    // A delivery signed with another secret, though fresh, is refused and not printed.
    HttpClient direct(demo.port());
    const std::string forged = R"({"id":"evt_forged","type":"ats.application.updated"})";
    const std::string now = std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                               std::chrono::system_clock::now().time_since_epoch())
                                               .count());
    Response refused = direct.post(
        "/events", forged,
        {{"webhook-id", "evt_forged"},
         {"webhook-timestamp", now},
         {"webhook-signature", standard_signature(whsec("other"), "evt_forged", now, forged)}});
    CHECK(refused.status == 401);
    // It may say it refused the forged id, but never prints it as an event (id and type).
    for (const auto& line : demo.process().lines(Process::Stream::out)) {
      CHECK_FALSE((line.find("evt_forged") != std::string::npos &&
                   line.find("ats.application.updated") != std::string::npos));
    }
  }
}

}  // namespace weft::it
