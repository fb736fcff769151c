// The sandbox connection: signed sandbox webhooks made on demand (or on a timer) that run
// through the same ingest path as a vendor's.
#include <doctest/doctest.h>

#include "integration/common.h"

namespace weft::it {
namespace {

const std::vector<std::string> kScenarios = {"application_created",
                                             "stage_changed",
                                             "interview_scheduled",
                                             "offer_created",
                                             "offer_accepted",
                                             "rejected",
                                             "hired",
                                             "candidate_updated",
                                             "job_opened"};

}  // namespace

TEST_SUITE("sandbox") {
  TEST_CASE("on demand: every scenario yields signed, schema-valid sandbox events") {
    Sink sink;
    TestDaemon daemon({}, {sandbox_connection("demo-sandbox", "0s")}, {subscriber("all", sink)});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    CHECK(sink.count() == 0);  // interval 0s: nothing until asked
    HttpClient client(daemon.port());

    for (const auto& scenario : kScenarios) {
      CAPTURE(scenario);
      const std::size_t before = sink.count();
      Response res = client.post("/v1/sandbox/demo-sandbox/events?scenario=" + scenario, "");
      CHECK_MESSAGE(res.status == 200, res.status << " " << res.error << " " << res.body);
      CHECK(sink.count() > before);
    }
    auto events = check_deliveries(sink, {whsec("all")});
    bool hired = false;
    for (const auto& e : events) {
      CHECK(e.provider == "sandbox");
      CHECK(e.environment == "sandbox");
      CHECK(e.connection_id == "demo-sandbox");
      CHECK(e.tenant_id == "demo");
      hired = hired || e.type == "ats.application.hired";
    }
    CHECK(hired);
  }

  TEST_CASE("on demand: unknown scenario or connection is refused with a JSON reason") {
    Sink sink;
    TestDaemon daemon({}, {sandbox_connection("demo-sandbox", "0s"), greenhouse_connection()},
                      {subscriber("all", sink)});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.port());

    Response unknown = client.post("/v1/sandbox/demo-sandbox/events?scenario=no_such_thing", "");
    CHECK_MESSAGE(unknown.status == 400, unknown.status << " " << unknown.body);
    CHECK(error_reason(unknown.body).has_value());

    Response missing = client.post("/v1/sandbox/no-such-connection/events?scenario=hired", "");
    CHECK_MESSAGE(missing.status == 404, missing.status << " " << missing.body);
    CHECK(error_reason(missing.body).has_value());

    // Only sandbox connections make sandbox events.
    Response not_sandbox = client.post("/v1/sandbox/acme-greenhouse/events?scenario=hired", "");
    CHECK_MESSAGE(not_sandbox.status >= 400, not_sandbox.status << " " << not_sandbox.body);
    CHECK(not_sandbox.status < 500);
    CHECK(sink.count() == 0);
  }

  TEST_CASE("on a timer: a sandbox connection with an interval emits by itself") {
    Sink sink;
    TestDaemon daemon({}, {sandbox_connection("demo-sandbox", "200ms")}, {subscriber("all", sink)});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    REQUIRE_MESSAGE(sink.wait_for_count(2, kWait), daemon.log());
    for (const auto& r : sink.requests()) check_delivery(r, {whsec("all")});
    CHECK(webhook_ids(sink).size() >= 2);
  }
}

}  // namespace weft::it
