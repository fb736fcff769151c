// Per-subscriber limits with the real weftd: max_in_flight, rate_limit, the circuit breaker
// in front of a dead endpoint, and the loud refusal of a webhook whose vendor never retries.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "integration/bodies.h"
#include "integration/golden_events.h"
#include "integration/metrics.h"
#include "integration/spool_common.h"
#include "providers/core/crypto.h"

namespace weft::it {
namespace {

// A Teamtailor-signed request (TT-Signature: base64("t=<unix>,v2=<hex hmac of t.body>")).
std::vector<Header> teamtailor_headers(const std::string& body, const std::string& secret) {
  const std::string t = std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                           std::chrono::system_clock::now().time_since_epoch())
                                           .count());
  return {{"TT-Signature", base64_encode("t=" + t + ",v2=" + hex_hmac(secret, t + "." + body))}};
}

bool has_sample(const std::string& text, const std::string& sample) {
  return text.find(sample + "\n") != std::string::npos;
}

}  // namespace

TEST_SUITE("spool limits") {
  TEST_CASE("spool limits: max_in_flight caps the attempts out at once; the rest are spooled") {
    SpoolDir spool;
    Sink sink;
    sink.hold();
    ServerSpec server = spool.server();
    server.ack_budget = "500ms";
    SubscriberSpec sub = retrying_subscriber("capped", sink, "[30s]");
    sub.timeout = "20s";
    sub.extra.push_back("max_in_flight: 2");
    TestDaemon daemon(server, {greenhouse_connection()}, {sub});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());

    // Five webhooks about five applications, sent at once.
    std::vector<std::thread> vendors;
    std::vector<int> statuses(5);
    for (int i = 0; i < 5; ++i) {
      vendors.emplace_back([&, i] {
        HttpClient client(daemon.port());
        statuses[i] = post_greenhouse(client, greenhouse_stage_change(625001 + i),
                                      "gh-capped-" + std::to_string(i))
                          .status;
      });
    }
    for (auto& v : vendors) v.join();
    // Every vendor has its answer (each pair delivered or fsynced): two attempts went out and
    // are held by the sink; the other three waited for a slot and were spooled instead.
    for (int s : statuses) CHECK(s == 200);
    CHECK(sink.count() == 2);
    sink.release();
    CHECK(sink.wait_for_answered(5, kWait));
    CHECK(sink.count() == 5);
  }

  TEST_CASE("spool limits: rate_limit spaces the deliveries to one subscriber") {
    SpoolDir spool;
    Sink sink;
    SubscriberSpec sub = retrying_subscriber("paced", sink, "[30s]");
    sub.extra.push_back("rate_limit: 5/s");
    TestDaemon daemon(spool.server(), {greenhouse_connection()}, {sub});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    std::vector<std::thread> vendors;
    for (int i = 0; i < 6; ++i) {
      vendors.emplace_back([&, i] {
        HttpClient client(daemon.port());
        post_greenhouse(client, greenhouse_stage_change(626001 + i),
                        "gh-paced-" + std::to_string(i));
      });
    }
    for (auto& v : vendors) v.join();
    REQUIRE(sink.wait_for_answered(6, kWait));
    auto requests = sink.requests();
    REQUIRE(requests.size() == 6);
    // Burst 1 at 5/s: one delivery every 200 ms (a little slack for timer granularity).
    for (std::size_t i = 1; i < requests.size(); ++i) {
      auto gap = std::chrono::duration_cast<std::chrono::milliseconds>(requests[i].arrived -
                                                                       requests[i - 1].arrived);
      CHECK_MESSAGE(gap.count() >= 190, "gap " << i << ": " << gap.count() << " ms");
    }
  }

  TEST_CASE("spool limits: the breaker stops attempts to a dead endpoint; events are spooled") {
    SpoolDir spool;
    Sink sink;
    sink.close();
    ServerSpec server = spool.server();
    server.admin = true;
    // A long first step keeps retries (and the breaker's probe) out of the test's time.
    SubscriberSpec sub = retrying_subscriber("dead", sink, "[1h]");
    sub.extra = {"retry: {schedule: [1h], max_age: 2h, jitter: 0}"};
    TestDaemon daemon(server, {greenhouse_connection()}, {sub});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.port());
    for (int i = 0; i < 12; ++i) {
      Response res = post_greenhouse(client, greenhouse_stage_change(627001 + i),
                                     "gh-dead-" + std::to_string(i));
      CHECK(res.status == 200);
      CHECK(answer_count(res.body, "spooled") == 1);
    }
    auto opened = daemon.weftd().wait_for_log([](const std::string& line) {
      auto f = log_fields(line);
      return f["msg"] == "circuit breaker" && f["to"] == "open";
    });
    REQUIRE_MESSAGE(opened.has_value(), daemon.log());
    CHECK(log_fields(*opened)["consecutive_failures"] == "5");
    // Sent one after another: five refused connections opened the breaker, and the other
    // seven events went to the spool without an attempt.
    const std::string text = metrics_text(daemon.weftd());
    CHECK(has_sample(text, "weft_delivery_attempts_total{subscriber=\"dead\"} 5"));
    CHECK(has_sample(text, "weft_subscriber_circuit_state{subscriber=\"dead\"} 2"));
    CHECK(has_sample(text, "weft_subscriber_queue_depth{subscriber=\"dead\"} 12"));
    CHECK(has_sample(text, "weft_spool_records 12"));
  }

  TEST_CASE("spool limits: a webhook its vendor never retries is refused loudly") {
    // spool: none and a subscriber that is down: Teamtailor gets its 503 like any vendor,
    // and because Teamtailor never sends it again, the refusal is an error line.
    Sink sink;
    sink.close();
    ConnectionSpec teamtailor{"acme-teamtailor", "teamtailor", {"tt-secret"}};
    ServerSpec server;
    server.ack_budget = "500ms";
    TestDaemon daemon(server, {teamtailor}, {subscriber("down", sink)});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.port());
    const std::string body = fixture_body("teamtailor", "job_application_update_rejected");
    Response res =
        client.post("/v1/webhooks/acme-teamtailor", body, teamtailor_headers(body, "tt-secret"));
    CHECK(res.status == 503);
    auto line = daemon.weftd().wait_for_log(msg_is("refusing a webhook its vendor will not retry"));
    REQUIRE_MESSAGE(line.has_value(), daemon.log());
    auto f = log_fields(*line);
    CHECK(f["level"] == "error");
    CHECK(f["provider"] == "teamtailor");
    CHECK(f["connection"] == "acme-teamtailor");
  }
}

}  // namespace weft::it
