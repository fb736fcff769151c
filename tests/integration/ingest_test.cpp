// Vendor webhooks in, signed unified events out: the ingest path end to end.
#include <doctest/doctest.h>

#include <cstdio>
#include <set>

#include "integration/bodies.h"
#include "integration/common.h"
#include "providers/core/json.h"

namespace weft::it {
namespace {

std::set<std::string> ids_of(const std::vector<Delivered>& deliveries) {
  std::set<std::string> ids;
  for (const auto& d : deliveries) ids.insert(d.id);
  return ids;
}

std::vector<std::string> types_of(const std::vector<Delivered>& deliveries) {
  std::vector<std::string> types;
  for (const auto& d : deliveries) types.push_back(d.type);
  return types;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += s + " ";
  return out;
}

}  // namespace

TEST_SUITE("ingest") {
  TEST_CASE("a signed Greenhouse webhook reaches two subscribers, signed and schema-valid") {
    Sink one;
    Sink two;
    // The second subscriber is mid-rotation: two secrets, so two signatures.
    SubscriberSpec second = subscriber("second", two);
    second.secrets = {whsec("second-old"), whsec("second-new")};
    TestDaemon daemon({}, {greenhouse_connection()}, {subscriber("first", one), second});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());

    HttpClient client(daemon.port());
    const std::string body = greenhouse_stage_change(265277, "Technical Interview");
    Response res = post_greenhouse(client, body, "gh-evt-0001");
    REQUIRE_MESSAGE(res.status == 200, res.status << " " << res.error << " " << res.body);
    json::Document ack;
    CHECK(json::parse(res.body, ack).empty());

    // 200 means every matching subscriber has already answered: no waiting here.
    REQUIRE(one.count() > 0);
    REQUIRE(two.count() > 0);
    auto first = check_deliveries(one, {whsec("first")});
    auto both = check_deliveries(two, {whsec("second-old"), whsec("second-new")});

    CHECK(ids_of(first) == ids_of(both));
    CHECK(ids_of(first).size() == first.size());  // nothing sent twice
    CHECK_MESSAGE(contains(types_of(first), "ats.application.stage_changed"),
                  joined(types_of(first)));
    for (const auto& d : first) {
      CHECK(d.connection_id == "acme-greenhouse");
      CHECK(d.tenant_id == "acme");
      CHECK(d.provider == "greenhouse");
      CHECK(d.environment == "production");
      CHECK(d.vendor_event_id == "gh-evt-0001");
      CHECK(d.vendor_event_type == "candidate_stage_change");
      CHECK(d.signature_verified);
    }
    // Logs carry ids and counts, never payload content.
    const std::string log = daemon.log();
    CHECK(log.find("test.person@example.com") == std::string::npos);
    CHECK(log.find("Person") == std::string::npos);
    CHECK(log.find("555-0100") == std::string::npos);
  }

  TEST_CASE("a signed Ashby webhook reaches two subscribers, signed and schema-valid") {
    Sink one;
    Sink two;
    TestDaemon daemon({}, {ashby_connection()},
                      {subscriber("first", one), subscriber("second", two)});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());

    HttpClient client(daemon.port());
    const std::string action_id = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
    Response res = post_ashby(client, ashby_stage_change(action_id));
    REQUIRE_MESSAGE(res.status == 200, res.status << " " << res.error << " " << res.body);

    REQUIRE(one.count() > 0);
    REQUIRE(two.count() > 0);
    auto first = check_deliveries(one, {whsec("first")});
    auto second = check_deliveries(two, {whsec("second")});
    CHECK(ids_of(first) == ids_of(second));
    CHECK(ids_of(first).size() == first.size());
    CHECK_MESSAGE(contains(types_of(first), "ats.application.stage_changed"),
                  joined(types_of(first)));
    for (const auto& d : first) {
      CHECK(d.connection_id == "acme-ashby");
      CHECK(d.provider == "ashby");
      CHECK(d.vendor_event_id == action_id);
      CHECK(d.vendor_event_type == "candidateStageChange");
      CHECK(d.signature_verified);
    }
  }

  TEST_CASE("vendor pings are answered 200 and deliver nothing") {
    Sink sink;
    TestDaemon daemon({}, {greenhouse_connection(), ashby_connection()}, {subscriber("all", sink)});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.port());

    Response gh = post_greenhouse(client, greenhouse_ping(), "gh-ping-1");
    CHECK_MESSAGE(gh.status == 200, gh.status << " " << gh.body);
    Response ashby = post_ashby(client, ashby_ping());
    CHECK_MESSAGE(ashby.status == 200, ashby.status << " " << ashby.body);
    CHECK(sink.count() == 0);
  }

  TEST_CASE("event type and connection filters hold") {
    Sink applications;
    Sink exact;
    Sink jobs;
    Sink ashby_only;
    SubscriberSpec only_ashby = subscriber("ashby-only", ashby_only);
    only_ashby.connections = {"acme-ashby"};
    TestDaemon daemon({}, {greenhouse_connection(), ashby_connection()},
                      {subscriber("applications", applications, {"ats.application.*"}),
                       subscriber("exact", exact, {"ats.application.stage_changed"}),
                       subscriber("jobs", jobs, {"ats.job.*"}), only_ashby});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.port());

    Response res = post_greenhouse(client, greenhouse_stage_change(), "gh-evt-filter-1");
    REQUIRE_MESSAGE(res.status == 200, res.status << " " << res.body);
    auto apps = check_deliveries(applications, {whsec("applications")});
    REQUIRE_FALSE(apps.empty());
    for (const auto& d : apps) CHECK(d.type.starts_with("ats.application."));
    auto stage = check_deliveries(exact, {whsec("exact")});
    REQUIRE(stage.size() == 1);
    CHECK(stage[0].type == "ats.application.stage_changed");
    CHECK(jobs.count() == 0);
    CHECK(ashby_only.count() == 0);

    const std::size_t apps_before = applications.count();
    res = post_greenhouse(client, greenhouse_job_created(7001), "gh-evt-filter-2");
    REQUIRE_MESSAGE(res.status == 200, res.status << " " << res.body);
    auto job_events = check_deliveries(jobs, {whsec("jobs")});
    CHECK_MESSAGE(contains(types_of(job_events), "ats.job.created"), joined(types_of(job_events)));
    for (const auto& d : job_events) CHECK(d.type.starts_with("ats.job."));
    CHECK(applications.count() == apps_before);
    CHECK(exact.count() == 1);
    CHECK(ashby_only.count() == 0);

    // The connection filter lets the subscriber's own connection through.
    res = post_ashby(client, ashby_stage_change("0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d"));
    REQUIRE_MESSAGE(res.status == 200, res.status << " " << res.body);
    auto from_ashby = check_deliveries(ashby_only, {whsec("ashby-only")});
    REQUIRE_FALSE(from_ashby.empty());
    for (const auto& d : from_ashby) CHECK(d.connection_id == "acme-ashby");
  }

  TEST_CASE("rejected requests get 401, 404, 413 or 400 with a JSON reason, and serving goes on") {
    Sink sink;
    ServerSpec server;
    server.max_body = "4KiB";
    TestDaemon daemon(server, {greenhouse_connection()}, {subscriber("all", sink)});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    const std::string body = greenhouse_stage_change();

    auto expect_error = [&](const Response& res, int status) {
      CHECK_MESSAGE(res.status == status, res.status << " " << res.error << " " << res.body);
      auto reason = error_reason(res.body);
      REQUIRE_MESSAGE(reason.has_value(), "error body is not {\"error\":...}: " << res.body);
      CHECK_FALSE(reason->empty());
      CHECK(reason->find('\n') == std::string::npos);
      CHECK(reason->find(kGreenhouseSecret) == std::string::npos);
      CHECK(res.header("content-type").starts_with("application/json"));
    };

    SUBCASE("404: unknown connection") {
      HttpClient client(daemon.port());
      expect_error(post_greenhouse(client, body, "gh-1", "no-such-connection"), 404);
    }
    SUBCASE("401: missing signature") {
      HttpClient client(daemon.port());
      expect_error(
          client.post("/v1/webhooks/acme-greenhouse", body, {{"Greenhouse-Event-ID", "gh-2"}}),
          401);
    }
    SUBCASE("401: signed with another secret") {
      HttpClient client(daemon.port());
      expect_error(post_greenhouse(client, body, "gh-3", "acme-greenhouse", "wrong-secret"), 401);
    }
    SUBCASE("401: signature over other bytes") {
      HttpClient client(daemon.port());
      auto headers = greenhouse_headers(body, kGreenhouseSecret, "gh-4");
      expect_error(client.post("/v1/webhooks/acme-greenhouse", body + " ", headers), 401);
    }
    SUBCASE("401: malformed signature header") {
      HttpClient client(daemon.port());
      expect_error(client.post("/v1/webhooks/acme-greenhouse", body,
                               {{"Signature", "sha1 " + hex_hmac(kGreenhouseSecret, body)},
                                {"Greenhouse-Event-ID", "gh-5"}}),
                   401);
    }
    SUBCASE("413: body over server.limits.max_body") {
      HttpClient client(daemon.port());
      const std::string big = greenhouse_stage_change(265277, std::string(8 * 1024, 'x'));
      expect_error(post_greenhouse(client, big, "gh-6"), 413);
    }
    SUBCASE("400: malformed JSON, correctly signed") {
      HttpClient client(daemon.port());
      const std::string broken = R"({"action":"candidate_stage_change","payload":{"application")";
      expect_error(post_greenhouse(client, broken, "gh-7"), 400);
    }
    SUBCASE("400: unknown action, correctly signed") {
      HttpClient client(daemon.port());
      const std::string unknown =
          R"({"action":"no_such_action","payload":{"application":{"id":1}}})";
      expect_error(post_greenhouse(client, unknown, "gh-8"), 400);
    }

    // Nothing rejected was delivered, and the daemon still serves a good webhook.
    CHECK(sink.count() == 0);
    HttpClient after(daemon.port());
    Response ok = post_greenhouse(after, body, "gh-after");
    CHECK_MESSAGE(ok.status == 200, ok.status << " " << ok.error << " " << ok.body);
    CHECK(sink.count() > 0);
  }

  TEST_CASE("Ashby requests without a valid signature get 401") {
    Sink sink;
    TestDaemon daemon({}, {ashby_connection()}, {subscriber("all", sink)});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.port());
    const std::string body = ashby_stage_change("1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b");

    Response missing = client.post("/v1/webhooks/acme-ashby", body);
    CHECK_MESSAGE(missing.status == 401, missing.status << " " << missing.body);
    CHECK(error_reason(missing.body).has_value());
    Response wrong = post_ashby(client, body, "acme-ashby", "another-token");
    CHECK_MESSAGE(wrong.status == 401, wrong.status << " " << wrong.body);
    CHECK(error_reason(wrong.body).has_value());
    // Greenhouse's header style is not Ashby's.
    Response foreign = client.post("/v1/webhooks/acme-ashby", body,
                                   {{"Ashby-Signature", "sha256 " + hex_hmac(kAshbySecret, body)}});
    CHECK_MESSAGE(foreign.status == 401, foreign.status << " " << foreign.body);
    CHECK(sink.count() == 0);
    CHECK(post_ashby(client, body).status == 200);
    CHECK(sink.count() > 0);
  }

  TEST_CASE("a chunked body over max_body gets 413, and malformed HTTP gets 400") {
    Sink sink;
    ServerSpec server;
    server.max_body = "4KiB";
    TestDaemon daemon(server, {greenhouse_connection()}, {subscriber("all", sink)});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());

    const std::string big = greenhouse_stage_change(265277, std::string(8 * 1024, 'x'));
    std::string chunked =
        "POST /v1/webhooks/acme-greenhouse HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
        "Signature: sha256 " +
        hex_hmac(kGreenhouseSecret, big) + "\r\nGreenhouse-Event-ID: gh-chunked\r\n\r\n";
    for (std::size_t at = 0; at < big.size(); at += 1024) {
      std::string piece = big.substr(at, 1024);
      char size[16];
      std::snprintf(size, sizeof size, "%zx", piece.size());
      chunked += std::string(size) + "\r\n" + piece + "\r\n";
    }
    chunked += "0\r\n\r\n";
    Response too_big = raw_request(daemon.port(), chunked);
    CHECK_MESSAGE(too_big.status == 413, too_big.status << " " << too_big.error);
    CHECK(error_reason(too_big.body).has_value());

    Response garbage = raw_request(daemon.port(), "NOT HTTP AT ALL\r\n\r\n");
    CHECK_MESSAGE(garbage.status == 400, garbage.status << " " << garbage.error);

    CHECK(sink.count() == 0);
    HttpClient client(daemon.port());
    CHECK(post_greenhouse(client, greenhouse_stage_change(), "gh-after-raw").status == 200);
    CHECK(sink.count() > 0);
  }

  TEST_CASE("keep-alive: several requests on one ingest connection") {
    Sink sink;
    TestDaemon daemon({}, {greenhouse_connection()}, {subscriber("all", sink)});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.port());

    Response health = client.get("/healthz");
    CHECK(health.status == 200);
    CHECK(health.keep_alive);
    Response first = post_greenhouse(client, greenhouse_stage_change(1001), "gh-ka-1");
    CHECK_MESSAGE(first.status == 200, first.status << " " << first.error << " " << first.body);
    CHECK(first.keep_alive);
    Response denied = post_greenhouse(client, greenhouse_stage_change(1002), "gh-ka-2",
                                      "acme-greenhouse", "wrong-secret");
    CHECK_MESSAGE(denied.status == 401, denied.status << " " << denied.error);
    Response second = post_greenhouse(client, greenhouse_stage_change(1003), "gh-ka-3");
    CHECK_MESSAGE(second.status == 200, second.status << " " << second.error);
    Response ready = client.get("/readyz");
    CHECK(ready.status == 200);
    CHECK(client.connects() == 1);
    CHECK(webhook_ids(sink).size() >= 2);
  }

  TEST_CASE("healthz and readyz answer 200 while serving") {
    TestDaemon daemon({}, {greenhouse_connection()}, {});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.port());
    CHECK(client.get("/healthz").status == 200);
    CHECK(client.get("/readyz").status == 200);
  }

  TEST_CASE("the listening log line names the component and the address") {
    TestDaemon daemon({}, {greenhouse_connection()}, {});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    auto line = daemon.weftd().wait_for_log(msg_is("listening"));
    REQUIRE(line.has_value());
    auto fields = log_fields(*line);
    CHECK(fields["level"] == "info");
    CHECK_FALSE(fields["ts"].empty());
    CHECK_FALSE(fields["component"].empty());
    CHECK(fields["address"] == "127.0.0.1");
    // Secrets never reach the log.
    CHECK(daemon.log().find(kGreenhouseSecret) == std::string::npos);
  }
}

}  // namespace weft::it
