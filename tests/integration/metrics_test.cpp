// /metrics against the real weftd: inbound outcomes and verification failure classes for good,
// forged, unsigned, malformed, misaddressed and rate-limited webhooks; events emitted by type;
// delivery attempts by outcome, the latency histogram, retries and dead letters for failing sinks;
// and no person data (canary values) or unknown connection ids anywhere in the scrape.
#include <doctest/doctest.h>

#include "integration/bodies.h"
#include "integration/metrics.h"
#include "integration/spool_common.h"

namespace weft::it {
namespace {

const std::vector<std::string> kCanaries = {"Zyqmetricsname", "Zyqmetricslast",
                                            "zyq.metrics@example.test"};

std::string series(const std::string& name, const std::string& labels) {
  return name + "{" + labels + "}";
}

std::string inbound(const std::string& connection, const std::string& outcome) {
  return series("weft_inbound_requests_total",
                "connection=\"" + connection + "\",outcome=\"" + outcome + "\"");
}

std::string results(const std::string& subscriber, const std::string& outcome) {
  return series("weft_delivery_attempt_results_total",
                "subscriber=\"" + subscriber + "\",outcome=\"" + outcome + "\"");
}

void check_no_canary(const std::string& text) {
  for (const auto& canary : kCanaries) {
    CHECK_MESSAGE(text.find(canary) == std::string::npos, "a canary is in /metrics: " << canary);
  }
}

}  // namespace

TEST_SUITE("metrics") {
  TEST_CASE("metrics: inbound outcomes, verification failure classes and events emitted") {
    Sink sink;
    ServerSpec server;
    server.admin = true;
    ConnectionSpec limited = greenhouse_connection("limited-greenhouse");
    limited.extra = {"rate_limit: 1/m", "burst: 1"};
    TestDaemon daemon(server, {greenhouse_connection(), limited}, {subscriber("ok", sink)});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.port());

    const std::string before = metrics_text(daemon.weftd());
    CHECK(before.find("# TYPE weft_inbound_requests_total counter") != std::string::npos);
    CHECK(metric_value(before, inbound("acme-greenhouse", "accepted")) == -1);

    CandidateFields f;
    f.first_name = kCanaries[0];
    f.last_name = kCanaries[1];
    f.email = kCanaries[2];
    Response good = post_greenhouse(client, greenhouse_new_candidate(f), "gh-metrics-good");
    REQUIRE_MESSAGE(good.status == 200, good.status << " " << good.body);
    const long events = answer_count(good.body, "events").value_or(0);
    REQUIRE(events > 0);

    const std::string body = greenhouse_stage_change(7100001);
    Response forged =
        post_greenhouse(client, body, "gh-metrics-forged", "acme-greenhouse", "not-the-secret");
    CHECK(forged.status == 401);
    Response unsigned_req = client.post("/v1/webhooks/acme-greenhouse", body, {});
    CHECK(unsigned_req.status == 401);
    Response malformed = post_greenhouse(client, "{\"action\": ", "gh-metrics-malformed");
    CHECK(malformed.status == 400);
    Response elsewhere = client.post("/v1/webhooks/zyq-no-such-connection", body, {});
    CHECK(elsewhere.status == 404);

    // Over the limited connection's budget: the second is refused before its signature.
    const std::string limited_body = greenhouse_stage_change(7100002);
    Response first = post_greenhouse(client, limited_body, "gh-metrics-limited-1",
                                     "limited-greenhouse", "not-the-secret");
    CHECK(first.status == 401);
    Response second = post_greenhouse(client, limited_body, "gh-metrics-limited-2",
                                      "limited-greenhouse", "not-the-secret");
    CHECK(second.status == 429);

    const std::string after = metrics_text(daemon.weftd());
    CHECK(metric_value(after, inbound("limited-greenhouse", "bad_signature")) == 1);
    CHECK(metric_value(after, inbound("limited-greenhouse", "rate_limited")) == 1);
    CHECK(metric_sum(after, "weft_verification_failures_total",
                     "connection=\"limited-greenhouse\"") == 1);
    CHECK(metric_value(after, inbound("acme-greenhouse", "accepted")) == 1);
    CHECK(metric_value(after, inbound("acme-greenhouse", "bad_signature")) == 2);
    CHECK(metric_value(after, inbound("acme-greenhouse", "rejected")) == 1);
    CHECK(metric_value(after, inbound("-", "unknown_connection")) == 1);
    CHECK(metric_sum(after, "weft_inbound_requests_total", "connection=\"acme-greenhouse\"") == 4);
    CHECK(metric_sum(after, "weft_inbound_requests_total") == 7);
    CHECK(metric_value(after, series("weft_verification_failures_total",
                                     "connection=\"acme-greenhouse\",reason=\"mismatch\"")) == 1);
    CHECK(metric_value(after,
                       series("weft_verification_failures_total",
                              "connection=\"acme-greenhouse\",reason=\"missing_signature\"")) == 1);
    CHECK(metric_sum(after, "weft_verification_failures_total") == 3);
    // Every event of the good webhook, by type; the sink got the same types.
    CHECK(metric_sum(after, "weft_events_emitted_total", "connection=\"acme-greenhouse\"") ==
          static_cast<double>(events));
    REQUIRE(sink.wait_for_answered(static_cast<std::size_t>(events), 10s));
    const auto delivered = check_deliveries(sink, {whsec("ok")});
    CHECK(delivered.size() == static_cast<std::size_t>(events));
    for (const auto& d : delivered) {
      CHECK_MESSAGE(metric_sum(after, "weft_events_emitted_total", "type=\"" + d.type + "\"") >= 1,
                    d.type);
    }
    // The misaddressed id is not a label value: only configured ids are.
    CHECK(after.find("zyq-no-such-connection") == std::string::npos);
    check_no_canary(after);
    // The searcher works: the canaries did reach the subscriber.
    bool canary_delivered = false;
    for (const auto& r : sink.requests())
      canary_delivered |= r.body.find(kCanaries[2]) != std::string::npos;
    CHECK(canary_delivered);
  }

  TEST_CASE("metrics: attempts by outcome, latency, retries and dead letters for failing sinks") {
    SpoolDir spool;
    Sink ok_sink, failing_sink, refusing_sink;
    failing_sink.set_status(503);
    refusing_sink.set_status(400);
    const std::string schedule = "[100ms, 100ms, 100ms, 100ms, 100ms, 100ms, 100ms, 100ms]";
    ServerSpec server = spool.server();
    server.admin = true;
    TestDaemon daemon(server, {greenhouse_connection()},
                      {retrying_subscriber("ok", ok_sink, schedule),
                       retrying_subscriber("failing", failing_sink, schedule),
                       retrying_subscriber("refusing", refusing_sink, schedule)});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.port());

    Response res = post_greenhouse(client, greenhouse_stage_change(7200001), "gh-metrics-failing");
    REQUIRE_MESSAGE(res.status == 200, res.status << " " << res.body);
    CHECK(answer_count(res.body, "spooled") == 1);
    CHECK(answer_count(res.body, "refused") == 1);  // the 400: a dead letter

    // The failing subscriber keeps getting 503s: wait until two retries were scheduled.
    std::string text;
    const bool retried = poll_until(
        [&] {
          text = metrics_text(daemon.weftd());
          return metric_value(text, "weft_delivery_retries_total{subscriber=\"failing\"}") >= 2;
        },
        10s);
    REQUIRE_MESSAGE(retried, text);

    CHECK(metric_value(text, results("ok", "2xx")) == 1);
    CHECK(metric_value(text, "weft_deliveries_total{subscriber=\"ok\"}") == 1);
    CHECK(metric_value(text, results("refusing", "4xx")) == 1);
    CHECK(metric_sum(text, "weft_dead_letters_total", "subscriber=\"refusing\"") == 1);
    CHECK(metric_value(
              text, series("weft_dead_letters_total",
                           "subscriber=\"refusing\",type=\"ats.application.stage_changed\"")) == 1);
    const double failed = metric_value(text, results("failing", "5xx"));
    // Each 503 scheduled a retry, in the same locked step: the counts move together.
    CHECK(failed >= 2);
    CHECK(failed == metric_value(text, "weft_delivery_retries_total{subscriber=\"failing\"}"));
    CHECK(metric_sum(text, "weft_delivery_attempt_results_total", "subscriber=\"failing\"") ==
          failed);
    CHECK(metric_value(text, "weft_deliveries_total{subscriber=\"failing\"}") == 0);
    // The pair still waits: queued and in the spool.
    CHECK(metric_value(text, "weft_subscriber_queue_depth{subscriber=\"failing\"}") == 1);
    CHECK(metric_value(text, "weft_spool_records") >= 1);
    const double breaker =
        metric_value(text, "weft_subscriber_circuit_state{subscriber=\"failing\"}");
    CHECK(breaker >= 0);
    CHECK(breaker <= 2);

    // Every attempt that got a response is in its subscriber's histogram; buckets cumulate.
    const double count =
        metric_value(text, "weft_delivery_latency_seconds_count{subscriber=\"failing\"}");
    CHECK(count == failed);
    CHECK(metric_value(
              text, "weft_delivery_latency_seconds_bucket{subscriber=\"failing\",le=\"+Inf\"}") ==
          count);
    CHECK(metric_value(
              text, "weft_delivery_latency_seconds_bucket{subscriber=\"failing\",le=\"0.005\"}") <=
          metric_value(text,
                       "weft_delivery_latency_seconds_bucket{subscriber=\"failing\",le=\"10\"}"));
    CHECK(metric_value(text, "weft_delivery_latency_seconds_sum{subscriber=\"failing\"}") > 0);
    CHECK(metric_value(text, "weft_delivery_latency_seconds_count{subscriber=\"ok\"}") == 1);
    CHECK(metric_value(text, "weft_build_info{version=\"0.1.0\"}") == 1);
    CHECK(metric_value(text, "weft_process_start_time_seconds") > 1.7e9);
  }
}

}  // namespace weft::it
