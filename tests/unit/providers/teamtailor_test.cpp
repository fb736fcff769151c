// The Teamtailor adapter: TT-Signature v2, event mapping, error reasons and golden fixtures.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "providers/core/crypto.h"
#include "providers/core/ids.h"
#include "providers/core/json.h"
#include "providers/core/offline.h"
#include "providers/teamtailor/raw_member.h"
#include "providers/teamtailor/teamtailor.h"
#include "support/golden.h"
#include "support/provider_checks.h"

namespace {

using namespace weft::test;

using weft::ConnectionInfo;
using weft::Headers;
using weft::teamtailor_provider;
using weft::VendorRequest;

const ConnectionInfo kConnection{
    "acme-teamtailor", "acme", "teamtailor", "production", {"test-secret"}};
constexpr int64_t kNow = 1775121303;  // 2026-04-02T09:15:03Z

std::string fixture(const std::string& name) {
  return weft::test::fixture_body("teamtailor", name);
}

// base64("t=<t>,v2=<hex HMAC of t.message>")
std::string v2_header(std::string_view secret, int64_t t, std::string_view message) {
  std::string ts = std::to_string(t);
  auto mac = weft::test::hex_hmac(secret, ts + "." + std::string(message));
  return weft::base64_encode("t=" + ts + ",v2=" + mac);
}

weft::Verification verify(const std::string& header, std::string_view body, int64_t now = kNow,
                          const ConnectionInfo& connection = kConnection) {
  Headers headers{{"TT-Signature", header}};
  return weft::test::verify_with(teamtailor_provider, headers, body, connection, now);
}

weft::OfflineResult normalize(std::string_view body) {
  return weft::normalize_offline(teamtailor_provider, kConnection, Headers{}, body,
                                 weft::test::kGoldenReceivedAt);
}

}  // namespace

TEST_CASE("teamtailor: every fixture matches its golden events") {
  auto names = weft::test::fixture_names("teamtailor");
  CHECK(names.size() >= 14);
  for (const auto& name : names) weft::test::check_golden("teamtailor", name);
}

TEST_CASE("teamtailor: every documented event has a fixture") {
  const std::vector<std::string> documented = {"candidate.create",
                                               "candidate.update",
                                               "candidate.destroy",
                                               "job.create",
                                               "job.update",
                                               "job.destroy",
                                               "job_application.create",
                                               "job_application.update",
                                               "job_application.destroy"};
  std::set<std::string> covered;
  for (const auto& name : weft::test::fixture_names("teamtailor")) {
    auto doc = parsed(fixture(name));
    covered.insert(text_at(doc, {"payload", "event_name"}));
  }
  for (const auto& event : documented) {
    CAPTURE(event);
    CHECK(covered.count(event) == 1);
  }
}

TEST_CASE("teamtailor: the provider is registered and acknowledges with 200") {
  const weft::Provider* p = weft::find_provider("teamtailor");
  REQUIRE(p == &teamtailor_provider);
  CHECK(p->accepted_status == 200);
  CHECK_FALSE(static_cast<bool>(p->answer_unsigned_handshake));
  CHECK_FALSE(static_cast<bool>(p->enrich));
}

TEST_CASE("teamtailor: TT-Signature v2 over t.body") {
  const std::string body = fixture("job_application_update_rejected");
  const int64_t t = kNow - 2;

  SUBCASE("good: the raw body") {
    CHECK(verify(v2_header("test-secret", t, body), body).ok);
  }
  SUBCASE("good: the raw payload member, as the earlier docs' examples sign it") {
    auto payload = weft::teamtailor::raw_member(body, "payload");
    REQUIRE(payload.has_value());
    CHECK(verify(v2_header("test-secret", t, *payload), body).ok);
  }
  SUBCASE("header name in any case") {
    Headers headers{{"tt-signature", v2_header("test-secret", t, body)}};
    VendorRequest request{headers, body, {}, kNow};
    CHECK(teamtailor_provider.verify(request, kConnection).ok);
  }
  SUBCASE("bad: another secret") {
    auto v = verify(v2_header("other-secret", t, body), body);
    CHECK_FALSE(v.ok);
    CHECK(v.reason == "TT-Signature does not match");
  }
  SUBCASE("bad: body changed after signing") {
    auto tampered = replaced(body, "\"Phone screen\"", "\"Offer\"");
    CHECK(verify(v2_header("test-secret", t, body), tampered).reason ==
          "TT-Signature does not match");
  }
  SUBCASE("bad: payload changed after its member was signed") {
    auto payload = weft::teamtailor::raw_member(body, "payload");
    REQUIRE(payload.has_value());
    auto header = v2_header("test-secret", t, *payload);
    auto tampered = replaced(body, "\"Phone screen\"", "\"Offer\"");
    CHECK(verify(header, tampered).reason == "TT-Signature does not match");
  }
  SUBCASE("bad: the signature of another timestamp") {
    std::string ts = std::to_string(t);
    auto mac = hex_hmac("test-secret", ts + "." + body);
    auto forged = weft::base64_encode("t=" + std::to_string(t + 1) + ",v2=" + mac);
    CHECK(verify(forged, body).reason == "TT-Signature does not match");
  }
  SUBCASE("missing") {
    Headers headers{{"Content-Type", "application/json"}};
    VendorRequest request{headers, body, {}, kNow};
    auto v = teamtailor_provider.verify(request, kConnection);
    CHECK_FALSE(v.ok);
    CHECK(v.reason == "missing TT-Signature header");
  }
  SUBCASE("malformed: not base64") {
    CHECK(verify("t=1,v2=abc", body).reason == "TT-Signature is malformed");
  }
  SUBCASE("malformed: no timestamp") {
    auto mac = hex_hmac("test-secret", body);
    CHECK(verify(weft::base64_encode("v2=" + mac), body).reason == "missing signed timestamp");
  }
  SUBCASE("wrong format: the unwrapped text instead of its base64") {
    std::string ts = std::to_string(t);
    auto mac = hex_hmac("test-secret", ts + "." + body);
    CHECK_FALSE(verify("t=" + ts + ",v2=" + mac, body).ok);
  }
  SUBCASE("legacy v1 (the record id only) is refused") {
    auto v1 = weft::base64_encode(hex_hmac("test-secret", "91550213"));
    auto v = verify(v1, body);
    CHECK_FALSE(v.ok);
    CHECK(v.reason.find("v1 signature") != std::string::npos);
  }
  SUBCASE("a rotated second secret matches") {
    ConnectionInfo rotating = kConnection;
    rotating.secrets = {"old-secret", "new-secret"};
    CHECK(verify(v2_header("new-secret", t, body), body, kNow, rotating).ok);
    CHECK(verify(v2_header("old-secret", t, body), body, kNow, rotating).ok);
    CHECK_FALSE(verify(v2_header("test-secret", t, body), body, kNow, rotating).ok);
  }
  SUBCASE("stale and future timestamps are outside the replay window") {
    const int64_t window = kConnection.replay_window_seconds;
    CHECK(verify(v2_header("test-secret", kNow - window, body), body).ok);
    CHECK(verify(v2_header("test-secret", kNow + window, body), body).ok);
    CHECK(verify(v2_header("test-secret", kNow - window - 1, body), body).reason ==
          "signed timestamp is outside the replay window");
    CHECK(verify(v2_header("test-secret", kNow + window + 1, body), body).reason ==
          "signed timestamp is outside the replay window");
    auto payload = weft::teamtailor::raw_member(body, "payload");
    REQUIRE(payload.has_value());
    CHECK(verify(v2_header("test-secret", kNow - 3600, *payload), body).reason ==
          "signed timestamp is outside the replay window");
  }
}

TEST_CASE("teamtailor: raw_member finds the exact bytes of a top-level member") {
  using weft::teamtailor::raw_member;
  const std::string body =
      R"( { "a" : "x}\"{" , "payload" :  {"b":[1,{"c":"]"}],"d":null}  , "signature":"s"} )";
  auto found = raw_member(body, "payload");
  REQUIRE(found.has_value());
  CHECK(*found == R"({"b":[1,{"c":"]"}],"d":null})");
  CHECK(raw_member(body, "signature") == std::optional<std::string_view>("\"s\""));
  CHECK(raw_member(R"({"n": 12 ,"m":true})", "n") == std::optional<std::string_view>("12"));
  CHECK_FALSE(raw_member(body, "missing").has_value());
  CHECK_FALSE(raw_member(R"({"payload":{},"payload":{"x":1}})", "payload").has_value());
  CHECK_FALSE(raw_member(R"({"payload":{"x":1})", "payload").has_value());
  CHECK_FALSE(raw_member(R"([{"payload":{}}])", "payload").has_value());
  CHECK_FALSE(raw_member("", "payload").has_value());
  CHECK_FALSE(raw_member(R"({"payload":"unterminated})", "payload").has_value());
  // Deep nesting is counted, not recursed.
  std::string deep = R"({"payload":)" + std::string(100000, '[') + std::string(100000, ']') + "}";
  auto deep_found = raw_member(deep, "payload");
  REQUIRE(deep_found.has_value());
  CHECK(deep_found->size() == 200000);
}

TEST_CASE("teamtailor: each event yields its unified events") {
  struct Expect {
    const char* fixture;
    std::vector<std::string> types;
  };
  const std::vector<Expect> table = {
      {"candidate_create", {"ats.candidate.created"}},
      {"candidate_update", {"ats.candidate.updated"}},
      {"candidate_destroy", {"ats.candidate.deleted"}},
      {"job_create", {"ats.job.created", "ats.job.opened"}},
      {"job_create_draft", {"ats.job.created"}},
      {"job_update", {"ats.job.updated"}},
      {"job_destroy", {"ats.job.deleted"}},
      {"job_application_create", {"ats.application.created"}},
      {"job_application_update", {"ats.application.updated", "ats.application.stage_changed"}},
      {"job_application_update_rejected", {"ats.application.updated", "ats.application.rejected"}},
      {"job_application_update_cover_letter", {"ats.application.updated"}},
      {"job_application_update_hired",
       {"ats.application.updated", "ats.application.stage_changed", "ats.application.hired"}},
      {"job_application_update_relationships",
       {"ats.application.updated", "ats.application.stage_changed"}},
      {"job_application_destroy", {"ats.application.deleted"}},
  };
  for (const auto& e : table) {
    CAPTURE(e.fixture);
    auto r = normalize(fixture(e.fixture));
    REQUIRE_MESSAGE(r.error.empty(), r.error);
    CHECK(types_of(r) == e.types);
  }
}

TEST_CASE("teamtailor: a rejection is read from rejected-at") {
  auto r = normalize(fixture("job_application_update_rejected"));
  REQUIRE(r.events.size() == 2);
  auto doc = parsed(r.events[1].body);
  const auto& data = doc["data"];
  CHECK(text_at(data, {"status"}) == "rejected");
  CHECK(null_at(data, {"status_raw"}));
  CHECK(text_at(data, {"rejected_at"}) == "2026-04-02T07:12:44Z");
  CHECK(text_at(data, {"rejection", "rejected_at"}) == "2026-04-02T07:12:44Z");
  CHECK(text_at(data, {"custom_fields", "transparent_recruiting_visible_at"}) ==
        "2026-04-04T07:12:44Z");
  CHECK(text_at(data, {"current_stage", "name"}) == "Phone screen");
  CHECK(text_at(data, {"stage_category"}) == "other");
  CHECK(text_at(doc, {"occurred_at"}) == "2026-04-02T07:12:44Z");
  CHECK(text_at(data, {"job_id"}) == weft::unified_record_id("acme-teamtailor", "job", "2931045"));
  CHECK(null_at(data, {"candidate_id"}));  // the documented payload names no candidate

  SUBCASE("without updated-at the update cannot be dated: rejected-at alone decides") {
    auto body = replaced(fixture("job_application_update_rejected"),
                         R"("updated-at": "2026-04-02T09:12:44.309+02:00",)", "");
    CHECK(types_of(normalize(body)) ==
          std::vector<std::string>{"ats.application.updated", "ats.application.rejected"});
  }
}

TEST_CASE("teamtailor: the Hired stage makes a hired application") {
  auto r = normalize(fixture("job_application_update_hired"));
  REQUIRE(r.events.size() == 3);
  auto doc = parsed(r.events[2].body);
  CHECK(text_at(doc, {"data", "status"}) == "hired");
  CHECK(text_at(doc, {"data", "stage_category"}) == "hired");
  CHECK(text_at(doc, {"data", "stage_category_raw"}) == "Hired");
  CHECK(text_at(doc, {"data", "hired_at"}) == "2026-04-02T06:55:10Z");
  CHECK(text_at(doc, {"data", "origin"}) == "sourced");

  SUBCASE("a later update of a hired application is no new hire") {
    auto body = replaced(fixture("job_application_update_hired"),
                         R"("updated-at": "2026-04-02T08:55:10.010+02:00")",
                         R"("updated-at": "2026-04-03T12:00:00.000+02:00")");
    CHECK(types_of(normalize(body)) == std::vector<std::string>{"ats.application.updated"});
  }
}

TEST_CASE("teamtailor: relationships and stage-type are read when present") {
  auto r = normalize(fixture("job_application_update_relationships"));
  REQUIRE(r.events.size() == 2);
  auto doc = parsed(r.events[0].body);
  CHECK(text_at(doc, {"subject", "candidate_id"}) ==
        weft::unified_record_id("acme-teamtailor", "candidate", "48199002"));
  CHECK(text_at(doc, {"data", "candidate_id"}) ==
        weft::unified_record_id("acme-teamtailor", "candidate", "48199002"));
  CHECK(text_at(doc, {"data", "current_stage", "remote_id"}) == "610044");
  CHECK(text_at(doc, {"data", "current_stage", "id"}) ==
        weft::unified_record_id("acme-teamtailor", "stage", "610044"));
  CHECK(text_at(doc, {"data", "stage_category_raw"}) == "In process");
  CHECK(text_at(doc, {"data", "status"}) == "active");
}

TEST_CASE("teamtailor: job enums keep the vendor's text") {
  auto created = normalize(fixture("job_create"));
  REQUIRE_FALSE(created.events.empty());
  auto doc = parsed(created.events[0].body);
  CHECK(text_at(doc, {"data", "status"}) == "open");
  CHECK(text_at(doc, {"data", "employment_type"}) == "full_time");
  CHECK(text_at(doc, {"data", "employment_type_raw"}) == "fulltime");
  CHECK(null_at(doc, {"data", "remote"}));
  CHECK(text_at(doc, {"data", "remote_raw"}) == "hybrid");
  CHECK(text_at(doc, {"data", "opened_at"}) == "2026-03-16T08:30:12Z");
  auto draft = normalize(fixture("job_create_draft"));
  REQUIRE(draft.events.size() == 1);
  CHECK(null_at(parsed(draft.events[0].body), {"data", "opened_at"}));

  auto updated = normalize(fixture("job_update"));
  REQUIRE(updated.events.size() == 1);
  auto up = parsed(updated.events[0].body);
  CHECK(text_at(up, {"data", "status"}) == "archived");
  CHECK(null_at(up, {"data", "employment_type"}));  // "none": not set
  CHECK(text_at(up, {"data", "employment_type_raw"}) == "none");
  CHECK(weft::json::find_path(up, {"data", "remote"})->IsTrue());

  auto odd = normalize(
      replaced(fixture("job_update"), R"("status": "archived")", R"("status": "paused")"));
  REQUIRE(odd.events.size() == 1);
  auto od = parsed(odd.events[0].body);
  CHECK(text_at(od, {"data", "status"}) == "unknown");
  CHECK(text_at(od, {"data", "status_raw"}) == "paused");
}

TEST_CASE("teamtailor: deletes are tombstones") {
  auto r = normalize(fixture("job_application_destroy"));
  REQUIRE(r.events.size() == 1);
  auto doc = parsed(r.events[0].body);
  CHECK(text_at(doc, {"data_mode"}) == "tombstone");
  CHECK(text_at(doc, {"data", "deletion_reason"}) == "deleted");
  CHECK(text_at(doc, {"data", "remote_id"}) == "91550213");
  CHECK(text_at(doc, {"data", "job_id"}) ==
        weft::unified_record_id("acme-teamtailor", "job", "2931045"));
}

TEST_CASE("teamtailor: event ids come from the body digest, as no delivery id is sent") {
  const std::string body = fixture("job_application_update");
  auto first = normalize(body);
  REQUIRE(first.events.size() == 2);
  auto doc = parsed(first.events[0].body);
  CHECK(null_at(doc, {"source", "vendor_event_id"}));
  CHECK(text_at(doc, {"source", "vendor_event_type"}) == "job_application.update");
  CHECK(first.events[0].id != first.events[1].id);
  CHECK(text_at(doc, {"correlation_id"}) ==
        text_at(parsed(first.events[1].body), {"correlation_id"}));
  auto again = normalize(body);
  CHECK(again.events[0].id == first.events[0].id);
  auto other = normalize(replaced(body, "Phone screen", "Tech screen"));
  REQUIRE(other.events.size() == 2);
  CHECK(other.events[0].id != first.events[0].id);

  auto with_id =
      normalize(replaced(body, R"("event_name")", R"("event_id": "ev-77", "event_name")"));
  REQUIRE_FALSE(with_id.events.empty());
  CHECK(text_at(parsed(with_id.events[0].body), {"source", "vendor_event_id"}) == "ev-77");
}

TEST_CASE("teamtailor: rejected payloads say why in one line") {
  SUBCASE("unknown event") {
    auto r = normalize(R"({"payload":{"event_name":"interview.create","data":{"id":"1"}}})");
    CHECK(r.error == "unknown teamtailor event 'interview.create'");
    CHECK(r.events.empty());
  }
  SUBCASE("unknown action of a known resource") {
    CHECK(normalize(R"({"payload":{"event_name":"job.archive","data":{"id":"1"}}})").error ==
          "unknown teamtailor event 'job.archive'");
  }
  SUBCASE("unknown event text is made printable") {
    CHECK(normalize(R"({"payload":{"event_name":"x\ny z","data":{}}})").error ==
          "unknown teamtailor event 'x?y?z'");
  }
  SUBCASE("malformed JSON") {
    const std::string body = R"({"payload":{"event_name":)";
    weft::json::Document doc;
    auto reason = weft::json::parse(body, doc);
    REQUIRE_FALSE(reason.empty());
    CHECK(normalize(body).error == reason);
  }
  SUBCASE("too deep") {
    std::string body = R"({"payload":)" + std::string(200, '[') + std::string(200, ']') + "}";
    CHECK_FALSE(normalize(body).error.empty());
  }
  SUBCASE("not an object") {
    CHECK(normalize("[1,2]").error == "teamtailor body is not a JSON object");
  }
  SUBCASE("missing payload") {
    CHECK(normalize(R"({"signature":"abc"})").error == "missing payload object");
    CHECK(normalize(R"({"payload":"job.update"})").error == "missing payload object");
  }
  SUBCASE("missing event name") {
    CHECK(normalize(R"({"payload":{"data":{"id":"1"}}})").error == "missing payload.event_name");
    CHECK(normalize(R"({"payload":{"event_name":7,"data":{"id":"1"}}})").error ==
          "missing payload.event_name");
  }
  SUBCASE("missing data") {
    CHECK(normalize(R"({"payload":{"event_name":"job.update"}})").error ==
          "job.update: missing payload.data");
    CHECK(normalize(R"({"payload":{"event_name":"job.update","data":[]}})").error ==
          "job.update: missing payload.data");
  }
  SUBCASE("missing id, and no personal data in the reason") {
    auto body = replaced(fixture("candidate_create"), R"("id": "48213907",)", "");
    auto r = normalize(body);
    CHECK(r.error == "candidate.create: missing payload.data.id");
    CHECK(r.error.find("Maja") == std::string::npos);
    CHECK(r.error.find("example.com") == std::string::npos);
  }
  SUBCASE("a resource of another type") {
    auto body = replaced(fixture("job_update"), R"("type": "jobs")", R"("type": "candidates")");
    CHECK(normalize(body).error == "job.update: payload.data.type is 'candidates', not 'jobs'");
  }
  SUBCASE("attributes of the wrong type") {
    CHECK(normalize(R"({"payload":{"event_name":"job.update","data":{"id":"1","attributes":[1]}}})")
              .error == "job.update: payload.data.attributes is not an object");
  }
  SUBCASE("attributes of wrong types inside are read as absent, not a crash") {
    auto r = normalize(
        R"({"payload":{"event_name":"job_application.update","data":{"id":"5","attributes":)"
        R"({"rejected-at":17,"updated-at":[],"stage-name":{"x":1},"tags":"a","sourced":"yes"}}}})");
    REQUIRE(r.error.empty());
    REQUIRE(r.events.size() == 1);
    auto doc = parsed(r.events[0].body);
    CHECK(text_at(doc, {"data", "status"}) == "active");
    CHECK(null_at(doc, {"data", "current_stage"}));
  }
  SUBCASE("a numeric id is read as text") {
    auto r = normalize(R"({"payload":{"event_name":"candidate.destroy","data":{"id":48213907}}})");
    REQUIRE(r.error.empty());
    REQUIRE(r.events.size() == 1);
    CHECK(text_at(parsed(r.events[0].body), {"subject", "remote_id"}) == "48213907");
  }
}
