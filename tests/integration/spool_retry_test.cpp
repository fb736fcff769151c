// Retries in spool mode with the real weftd: the schedule's gaps, Retry-After, 410 Gone
// (dead letter and disable), a final 4xx, an exhausted schedule, and per-subject order.
#include <doctest/doctest.h>

#include <memory>

#include "integration/bodies.h"
#include "integration/spool_common.h"

namespace weft::it {
namespace {

LinePredicate dead_letter_line() {
  return msg_is("dead letter");
}

std::vector<int> answers(const std::vector<Recorded>& requests) {
  std::vector<int> out;
  for (const auto& r : requests) out.push_back(r.answered);
  return out;
}

}  // namespace

TEST_SUITE("spool retry") {
  TEST_CASE("spool retry: attempts keep the schedule's gaps and the 4th is delivered") {
    SpoolDir spool;
    Sink sink;
    sink.script({SinkReply{500}, SinkReply{500}, SinkReply{500}});
    TestDaemon daemon(spool.server(), {greenhouse_connection()},
                      {retrying_subscriber("schedule", sink, "[300ms, 600ms, 900ms]")});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.port());
    Response res = post_greenhouse(client, greenhouse_stage_change(620001), "gh-schedule-1");
    REQUIRE_MESSAGE(res.status == 200, res.status << " " << res.error << " " << res.body);
    CHECK(answer_count(res.body, "spooled") == 1);

    REQUIRE_MESSAGE(sink.wait_for_answered(4, kWait), daemon.log());
    const auto reqs = requests_for(sink, sink.requests().front().header("webhook-id"));
    REQUIRE(reqs.size() == 4);
    CHECK(sink.count() == 4);
    CHECK(answers(reqs) == std::vector<int>{500, 500, 500, 200});
    const long steps[] = {300, 600, 900};
    for (std::size_t k = 0; k < 3; ++k) {
      const long gap = millis_between(reqs[k].arrived, reqs[k + 1].arrived);
      MESSAGE("gap " << k + 1 << ": " << gap << " ms (step " << steps[k] << " ms)");
      CHECK(gap >= steps[k] - 5);  // 5 ms: clock granularity only
      CHECK(gap < steps[k] + 1500);
    }
    check_delivery(reqs[3], {whsec("schedule")});
    auto delivered = daemon.weftd().wait_for_log([](const std::string& l) {
      auto f = log_fields(l);
      return f["msg"] == "attempt" && f["verdict"] == "delivered";
    });
    REQUIRE(delivered.has_value());
    CHECK(log_fields(*delivered)["attempt"] == "4");
  }

  TEST_CASE("spool retry: Retry-After delays the next attempt beyond the schedule") {
    SpoolDir spool;
    Sink sink;
    sink.script({SinkReply{503, {{"Retry-After", "2"}}}});
    TestDaemon daemon(spool.server(), {greenhouse_connection()},
                      {retrying_subscriber("later", sink, "[200ms, 200ms, 200ms]")});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.port());
    Response res = post_greenhouse(client, greenhouse_stage_change(621001), "gh-later-1");
    REQUIRE_MESSAGE(res.status == 200, res.status << " " << res.error << " " << res.body);

    REQUIRE_MESSAGE(sink.wait_for_answered(2, kWait), daemon.log());
    const auto reqs = sink.requests();
    REQUIRE(reqs.size() == 2);
    CHECK(reqs[0].header("webhook-id") == reqs[1].header("webhook-id"));
    CHECK(answers(reqs) == std::vector<int>{503, 200});
    const long gap = millis_between(reqs[0].arrived, reqs[1].arrived);
    MESSAGE("gap after Retry-After: 2 -> " << gap << " ms (schedule step 200 ms)");
    CHECK(gap >= 2000 - 5);
    CHECK(gap < 2000 + 2000);
  }

  TEST_CASE("spool retry: 410 Gone dead-letters, disables the subscriber, vendor gets 200") {
    SpoolDir spool;
    Sink sink;
    sink.set_status(410);
    TestDaemon daemon(spool.server(), {greenhouse_connection()},
                      {retrying_subscriber("gone", sink, "[200ms, 200ms]")});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.port());
    Response first = post_greenhouse(client, greenhouse_stage_change(622001), "gh-gone-1");
    REQUIRE_MESSAGE(first.status == 200, first.status << " " << first.error << " " << first.body);
    CHECK(answer_count(first.body, "refused") == 1);
    REQUIRE(sink.count() == 1);
    const std::string event_id = sink.requests()[0].header("webhook-id");

    auto disabled =
        daemon.weftd().wait_for_log(msg_is("subscriber disabled: its endpoint answered 410 Gone"));
    REQUIRE_MESSAGE(disabled.has_value(), daemon.log());
    CHECK(log_fields(*disabled)["subscriber"] == "gone");
    auto dead = daemon.weftd().wait_for_log(dead_letter_line());
    REQUIRE(dead.has_value());
    CHECK(log_fields(*dead)["event_id"] == event_id);
    CHECK(log_fields(*dead)["subscriber"] == "gone");

    // A later webhook is not attempted at all: a dead letter at once, still a 200.
    const std::size_t mark = daemon.weftd().log_count();
    Response second = post_greenhouse(client, greenhouse_stage_change(622002), "gh-gone-2");
    REQUIRE_MESSAGE(second.status == 200, second.status << " " << second.body);
    CHECK(answer_count(second.body, "refused") == 1);
    CHECK(answer_count(second.body, "delivered") == 0);
    auto dead_again = daemon.weftd().wait_for_log(dead_letter_line(), kWait, mark);
    REQUIRE(dead_again.has_value());
    CHECK(log_fields(*dead_again)["attempts"] == "0");
    CHECK(log_fields(*dead_again)["event_id"] != event_id);
    CHECK(sink.count() == 1);
  }

  TEST_CASE("spool retry: a 400 is a dead letter after exactly one attempt") {
    SpoolDir spool;
    Sink sink;
    sink.set_status(400);
    TestDaemon daemon(spool.server(), {greenhouse_connection()},
                      {retrying_subscriber("strict", sink, "[200ms, 200ms]")});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.port());
    Response res = post_greenhouse(client, greenhouse_stage_change(623001), "gh-strict-1");
    REQUIRE_MESSAGE(res.status == 200, res.status << " " << res.error << " " << res.body);
    CHECK(answer_count(res.body, "refused") == 1);
    REQUIRE(sink.count() == 1);
    const Recorded attempt = sink.requests()[0];
    const Delivered d = check_delivery(attempt, {whsec("strict")});

    auto dead = daemon.weftd().wait_for_log(dead_letter_line());
    REQUIRE_MESSAGE(dead.has_value(), daemon.log());
    auto f = log_fields(*dead);
    CHECK(f["event_id"] == d.webhook_id);
    CHECK(f["type"] == "ats.application.stage_changed");
    CHECK(f["subscriber"] == "strict");
    CHECK(f["attempts"] == "1");
    CHECK_MESSAGE(f["reason"].find("400") != std::string::npos, f["reason"]);

    // Once it accepts again, a new event goes through; the refused one was never re-sent.
    sink.set_status(200);
    Response next = post_greenhouse(client, greenhouse_stage_change(623002), "gh-strict-2");
    REQUIRE(next.status == 200);
    CHECK(answer_count(next.body, "delivered") == 1);
    CHECK(requests_for(sink, d.webhook_id).size() == 1);
    CHECK(sink.count() == 2);
  }

  TEST_CASE("spool retry: an exhausted schedule ends in a dead letter after 3 attempts") {
    SpoolDir spool;
    Sink sink;
    sink.set_status(500);
    ServerSpec server = spool.server();
    server.admin = true;
    TestDaemon daemon(server, {greenhouse_connection()},
                      {retrying_subscriber("exhausted", sink, "[100ms, 100ms]")});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.port());
    Response res = post_greenhouse(client, greenhouse_stage_change(624001), "gh-exhaust-1");
    REQUIRE_MESSAGE(res.status == 200, res.status << " " << res.error << " " << res.body);
    CHECK(answer_count(res.body, "spooled") == 1);

    auto dead = daemon.weftd().wait_for_log(dead_letter_line());
    REQUIRE_MESSAGE(dead.has_value(), daemon.log());
    auto f = log_fields(*dead);
    CHECK(f["attempts"] == "3");
    CHECK(f["subscriber"] == "exhausted");
    CHECK(f["reason"] == "retry schedule exhausted");
    const auto reqs = sink.requests();
    CHECK(reqs.size() == 3);
    for (const auto& r : reqs) CHECK(r.header("webhook-id") == f["event_id"]);
    CHECK(f["type"] == "ats.application.stage_changed");

    // The metrics count it by subscriber and type; its record is gone from the spool.
    HttpClient admin(daemon.weftd().admin_port());
    Response metrics = admin.request("GET", "/metrics", {}, {admin_auth()});
    REQUIRE(metrics.status == 200);
    CHECK(metrics.body.find("weft_dead_letters_total{subscriber=\"exhausted\",type=\"ats."
                            "application.stage_changed\"} 1\n") != std::string::npos);
    CHECK(metrics.body.find("weft_delivery_attempts_total{subscriber=\"exhausted\"} 3\n") !=
          std::string::npos);
    CHECK(metrics.body.find("weft_spool_records 0\n") != std::string::npos);
  }

  TEST_CASE("spool retry: one subject waits for its head, other subjects go ahead") {
    SpoolDir spool;
    const std::string subject_a = "\"remote_id\":\"918273\"";
    auto failures_left = std::make_shared<int>(3);
    Sink sink;
    // The first three attempts of subject A (its first event: only the head goes out) fail.
    sink.set_responder([subject_a, failures_left](const Recorded& r) -> std::optional<SinkReply> {
      if (r.body.find(subject_a) == std::string::npos || *failures_left == 0) return std::nullopt;
      --*failures_left;
      return SinkReply{503};
    });
    TestDaemon daemon(spool.server(), {greenhouse_connection()},
                      {retrying_subscriber("ordered", sink, "[300ms, 300ms, 300ms, 300ms]")});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.port());
    Response a1 = post_greenhouse(client, greenhouse_stage_change(918273, "Assessment"), "gh-a1");
    REQUIRE_MESSAGE(a1.status == 200, a1.status << " " << a1.body);
    CHECK(answer_count(a1.body, "spooled") == 1);
    Response b = post_greenhouse(client, greenhouse_stage_change(918274, "Assessment"), "gh-b");
    REQUIRE_MESSAGE(b.status == 200, b.status << " " << b.body);
    CHECK(answer_count(b.body, "delivered") == 1);
    Response a2 = post_greenhouse(client, greenhouse_stage_change(918273, "Offer"), "gh-a2");
    REQUIRE_MESSAGE(a2.status == 200, a2.status << " " << a2.body);
    CHECK(answer_count(a2.body, "spooled") == 1);

    REQUIRE_MESSAGE(sink.wait_for_answered(6, 15s), sink.count() << "\n" << daemon.log());
    const auto all = sink.requests();
    const std::string a1_id = all.front().header("webhook-id");
    std::string b_id, a2_id;
    for (const auto& r : all) {
      const std::string id = r.header("webhook-id");
      if (r.body.find(subject_a) == std::string::npos) {
        b_id = id;
      } else if (id != a1_id) {
        a2_id = id;
      }
    }
    REQUIRE_FALSE(b_id.empty());
    REQUIRE_FALSE(a2_id.empty());
    const auto a1_reqs = requests_for(sink, a1_id);
    const auto b_reqs = requests_for(sink, b_id);
    const auto a2_reqs = requests_for(sink, a2_id);
    CHECK(answers(a1_reqs) == std::vector<int>{503, 503, 503, 200});
    CHECK(answers(b_reqs) == std::vector<int>{200});
    CHECK(answers(a2_reqs) == std::vector<int>{200});
    REQUIRE(a1_reqs.size() == 4);
    REQUIRE(b_reqs.size() == 1);
    REQUIRE(a2_reqs.size() == 1);
    const auto a1_accepted = a1_reqs.back().arrived;
    CHECK_MESSAGE(b_reqs[0].arrived < a1_accepted, "B waited for subject A");
    CHECK_MESSAGE(a2_reqs[0].arrived >= a1_accepted, "A's second event overtook its first");
    CHECK(sink.count() == 6);
  }
}

}  // namespace weft::it
