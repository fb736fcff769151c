// The Lever adapter: body-field signatures, the API reads thin webhooks ask for (two rounds
// for archive reasons, a paged interview list), 404s, error reasons and golden fixtures.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "providers/core/json.h"
#include "providers/core/offline.h"
#include "providers/lever/lever.h"
#include "providers/lever/webhook.h"
#include "support/golden.h"
#include "support/provider_checks.h"
#include "support/schema.h"

namespace {

using namespace weft::test;

using weft::ConnectionInfo;
using weft::Fetch;
using weft::FetchResult;
using weft::Headers;
using weft::lever_provider;
using weft::Normalized;
using weft::VendorRequest;

const ConnectionInfo kConnection{"acme-lever", "acme", "lever", "production", {"test-secret"}};
constexpr const char* kOpp = "250d8f03-738a-4bba-a671-8a3d73477145";
constexpr const char* kArchivedOpp = "9e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b";
constexpr const char* kNonHired = "63dd55b2-a99f-4e7b-985f-22c7bf80ab42";

std::string fixture(const std::string& name) {
  return weft::test::fixture_body("lever", name);
}

// A body signed as Lever signs: hex HMAC-SHA256(secret, token + triggeredAt).
std::string signed_body(std::string_view secret, const std::string& token,
                        const std::string& triggered, const std::string& data = "{}") {
  std::string signature = weft::test::hex_hmac(secret, token + triggered);
  return R"({"event":"candidateHired","triggeredAt":)" + triggered + R"(,"token":")" + token +
         R"(","signature":")" + signature + R"(","data":)" + data + "}";
}

weft::Verification verify(std::string_view body, const ConnectionInfo& connection = kConnection,
                          int64_t now = 0) {
  return weft::test::verify_with(lever_provider, Headers{}, body, connection, now);
}

Normalized normalize(std::string_view body) {
  return weft::test::normalize_with(lever_provider, Headers{}, body, kConnection);
}

Normalized enrich(std::string_view body, const std::vector<FetchResult>& results) {
  Headers headers;
  VendorRequest request{headers, body, {}};
  weft::NormalizeContext ctx{kConnection, weft::test::kGoldenReceivedAt};
  return lever_provider.enrich(request, ctx, results);
}

// Answers fetches from the fixtures, as the daemon would from Lever's API.
std::vector<FetchResult> answered(const std::vector<Fetch>& fetches) {
  auto api = weft::test::fixture_api("lever");
  std::vector<FetchResult> results;
  for (const auto& f : fetches) {
    auto r = api(f);
    REQUIRE(r.has_value());
    r->key = f.key;
    results.push_back(*r);
  }
  return results;
}

weft::OfflineResult offline(std::string_view body) {
  return weft::test::offline_with_api(lever_provider, kConnection, body);
}

}  // namespace

TEST_CASE("lever: every fixture matches its golden events") {
  auto names = weft::test::fixture_names("lever");
  CHECK(names.size() >= 15);
  for (const auto& name : names) weft::test::check_golden("lever", name);
}

TEST_CASE("lever: every documented event has a fixture") {
  std::set<std::string> seen;
  for (const auto& name : weft::test::fixture_names("lever")) {
    auto doc = parsed(fixture(name));
    seen.insert(text_at(doc, {"event"}));
  }
  CHECK(weft::lever::event_names().size() == 10);
  for (auto event : weft::lever::event_names()) {
    CAPTURE(event);
    CHECK(seen.count(std::string(event)) == 1);
  }
}

TEST_CASE("lever: signature over token and triggeredAt, carried in the body") {
  SUBCASE("every fixture is signed with the test secret") {
    for (const auto& name : weft::test::fixture_names("lever")) {
      CAPTURE(name);
      CHECK(verify(fixture(name)).ok);
    }
  }
  SUBCASE("good") {
    CHECK(verify(signed_body("test-secret", "tok123", "1775121300000")).ok);
  }
  SUBCASE("bad: another secret") {
    auto v = verify(signed_body("other-secret", "tok123", "1775121300000"));
    CHECK_FALSE(v.ok);
    CHECK(v.reason == "signature field does not match");
  }
  SUBCASE("tampered triggeredAt or token") {
    auto body = signed_body("test-secret", "tok123", "1775121300000");
    CHECK_FALSE(verify(replaced(body, "1775121300000", "1775121300001")).ok);
    CHECK_FALSE(verify(replaced(body, "tok123", "tok124")).ok);
  }
  SUBCASE("data is not covered by Lever's signature: a changed data object still verifies") {
    // Lever signs token + triggeredAt only; this is why ids are re-read through the API
    // rather than trusted as content.
    auto body = signed_body("test-secret", "tok123", "1775121300000", R"({"opportunityId":"a"})");
    CHECK(verify(replaced(body, R"("a")", R"("b")")).ok);
  }
  SUBCASE("missing signature field") {
    auto v = verify(R"({"event":"candidateHired","triggeredAt":1,"token":"t","data":{}})");
    CHECK_FALSE(v.ok);
    CHECK(v.reason == "missing signature field");
  }
  SUBCASE("missing token") {
    auto body =
        replaced(signed_body("test-secret", "tok123", "1775121300000"), R"("token":"tok123",)", "");
    auto v = verify(body);
    CHECK_FALSE(v.ok);
    CHECK(v.reason == "missing token or triggeredAt field");
  }
  SUBCASE("wrong format: base64 instead of hex, or too short") {
    auto good = signed_body("test-secret", "tok123", "1775121300000");
    std::string hex = hex_hmac("test-secret", "tok1231775121300000");
    auto b64 = base64_hmac("test-secret", "tok1231775121300000");
    auto v = verify(replaced(good, hex, b64));
    CHECK_FALSE(v.ok);
    CHECK(v.reason == "signature field is malformed");
    CHECK_FALSE(verify(replaced(good, hex, hex.substr(0, 40))).ok);
  }
  SUBCASE("not JSON") {
    auto v = verify("signature=abc");
    CHECK_FALSE(v.ok);
    CHECK(v.reason == "body is not a JSON object, so it carries no signature");
  }
  SUBCASE("rotated secrets: either matches") {
    ConnectionInfo rotating = kConnection;
    rotating.secrets = {"old-token", "new-token"};
    CHECK(verify(signed_body("new-token", "tok123", "1775121300000"), rotating).ok);
    CHECK(verify(signed_body("old-token", "tok123", "1775121300000"), rotating).ok);
    CHECK_FALSE(verify(signed_body("test-secret", "tok123", "1775121300000"), rotating).ok);
  }
  SUBCASE("no replay window: Lever's retries resend the same triggeredAt") {
    // A day-old delivery (a retry) still verifies; dedup on the body digest covers replays.
    CHECK(verify(signed_body("test-secret", "tok123", "1775121300000"), kConnection,
                 1775121300 + 86400)
              .ok);
  }
}

TEST_CASE("lever: the reads each event asks for") {
  SUBCASE("an opportunity event: the opportunity, and its paged interview list") {
    auto n = normalize(fixture("application_created"));
    REQUIRE(n.error.empty());
    CHECK(n.events.empty());
    CHECK(n.vendor_event_type == "applicationCreated");
    CHECK(n.vendor_event_id.empty());
    REQUIRE(n.fetches.size() == 2);
    CHECK(n.fetches[0].key == "opportunity");
    CHECK(n.fetches[0].method == "GET");
    CHECK(n.fetches[0].target ==
          std::string("/v1/opportunities/") + kOpp + "?expand=applications&expand=stage");
    CHECK(n.fetches[0].optional);
    CHECK(n.fetches[0].paging.style == weft::PageStyle::none);
    const auto& list = n.fetches[1];
    CHECK(list.key == "interviews");
    CHECK(list.target == std::string("/v1/opportunities/") + kOpp + "/interviews");
    CHECK(list.paging.style == weft::PageStyle::cursor);
    CHECK(list.paging.items == "data");
    CHECK(list.paging.param == "offset");
    CHECK(list.paging.next == "next");
    CHECK(list.paging.more == "hasNext");
    CHECK(list.paging.size_param == "limit");
    CHECK(list.optional);
  }
  SUBCASE("a stage change also reads the stage left") {
    auto n = normalize(fixture("candidate_stage_change"));
    REQUIRE(n.fetches.size() == 3);
    CHECK(n.fetches[2].key == "from_stage");
    CHECK(n.fetches[2].target == "/v1/stages/applicant-new");
  }
  SUBCASE("an interview event reads the interview") {
    auto n = normalize(fixture("interview_created"));
    REQUIRE(n.fetches.size() == 1);
    CHECK(n.fetches[0].target ==
          "/v1/opportunities/5c86dfd3-4f2e-4f43-9d5b-3c2a1b0e9f87/interviews/"
          "a5c8e1d2-3b4f-4e6a-9c7d-8e9f0a1b2c3d");
  }
  SUBCASE("a contact event reads the contact") {
    auto n = normalize(fixture("contact_updated"));
    REQUIRE(n.fetches.size() == 1);
    CHECK(n.fetches[0].target == "/v1/contacts/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f");
  }
  SUBCASE("deletes need no read: tombstones at once") {
    for (const char* name : {"candidate_deleted", "interview_deleted"}) {
      CAPTURE(name);
      auto n = normalize(fixture(name));
      CHECK(n.fetches.empty());
      REQUIRE(n.events.size() == 1);
      CHECK(n.events[0].mode == weft::DataMode::tombstone);
    }
  }
}

TEST_CASE("lever: archive reasons are a second round of reads") {
  const std::string body = fixture("candidate_archive_change");
  auto first = normalize(body);
  REQUIRE(first.fetches.size() == 2);
  auto results = answered(first.fetches);

  auto second = enrich(body, results);
  REQUIRE(second.error.empty());
  CHECK(second.events.empty());
  REQUIRE(second.fetches.size() == 1);  // the opportunity's and the webhook's reason: one id
  CHECK(second.fetches[0].target == std::string("/v1/archive_reasons/") + kNonHired);
  CHECK(second.fetches[0].optional);

  auto more = answered(second.fetches);
  results.insert(results.end(), more.begin(), more.end());
  auto done = enrich(body, results);
  REQUIRE(done.error.empty());
  CHECK(done.fetches.empty());
  REQUIRE(done.events.size() == 2);
  CHECK(done.events[0].type == "ats.application.updated");
  CHECK(done.events[1].type == "ats.application.rejected");
  CHECK(done.events[0].subject.remote_id == kArchivedOpp);
}

TEST_CASE("lever: status comes from the archive reason's type, not the event name") {
  SUBCASE("a non-hired reason: rejected, with the reason") {
    auto r = offline(fixture("candidate_archive_change"));
    REQUIRE(r.error.empty());
    auto doc = parsed(r.events[0].body);
    CHECK(text_at(doc, {"data", "status"}) == "rejected");
    CHECK(text_at(doc, {"data", "status_raw"}) == "non-hired");
    CHECK(text_at(doc, {"data", "rejection", "reason_name"}) == "Underqualified");
    CHECK(text_at(doc, {"data", "rejected_at"}) == "2026-04-02T09:01:59Z");
    CHECK(text_at(doc, {"previous", "status"}) == "active");
  }
  SUBCASE("a hired reason: hired, and only candidateHired carries the `hired` event") {
    auto archive = offline(fixture("candidate_archive_change_hired"));
    REQUIRE(archive.error.empty());
    CHECK(types_of(archive) == std::vector<std::string>{"ats.application.updated"});
    CHECK(text_at(parsed(archive.events[0].body), {"data", "status"}) == "hired");
    auto hired = offline(fixture("candidate_hired"));
    CHECK(types_of(hired) ==
          std::vector<std::string>{"ats.application.updated", "ats.application.hired"});
  }
  SUBCASE("an unknown reason (its read answered 404): status unknown") {
    auto body = fixture("candidate_archive_change");
    const std::string other = "0b0b0b0b-0b0b-4b0b-8b0b-0b0b0b0b0b0b";
    auto first = normalize(body);
    auto results = answered(first.fetches);
    // The opportunity names an archive reason the API no longer knows.
    std::string opp = results[0].body;
    while (opp.find(kNonHired) != std::string::npos) opp = replaced(opp, kNonHired, other);
    results[0].body = opp;
    body = replaced(body, kNonHired, other);
    auto second = enrich(body, results);
    REQUIRE(second.fetches.size() == 1);
    results.push_back(FetchResult{second.fetches[0].key, 404, {}});
    auto done = enrich(body, results);
    REQUIRE(done.error.empty());
    REQUIRE(done.events.size() == 1);  // neither rejected nor hired can be said
    auto& data = done.events[0].data;
    CHECK(std::string(data["status"].GetString()) == "unknown");
    CHECK(data["rejection"].IsNull());
  }
}

TEST_CASE("lever: a record gone before the read (404) is reported, not failed") {
  SUBCASE("opportunity: reference mode, ids from the webhook, no domain event") {
    auto r = offline(fixture("candidate_stage_change_gone"));
    REQUIRE(r.error.empty());
    REQUIRE(r.events.size() == 1);
    auto doc = parsed(r.events[0].body);
    CHECK(text_at(doc, {"data_mode"}) == "reference");
    CHECK(text_at(doc, {"type"}) == "ats.application.updated");
    CHECK(text_at(doc, {"subject", "remote_id"}) == "d4e5f6a7-b8c9-4d0e-8f1a-2b3c4d5e6f70");
  }
  SUBCASE("contact: reference mode") {
    auto r = offline(fixture("contact_updated_gone"));
    REQUIRE(r.error.empty());
    REQUIRE(r.events.size() == 1);
    CHECK(text_at(parsed(r.events[0].body), {"data_mode"}) == "reference");
  }
  SUBCASE("interview: reference mode, linked to its application") {
    auto body = replaced(fixture("interview_created"), "a5c8e1d2-3b4f-4e6a-9c7d-8e9f0a1b2c3d",
                         "a5c8e1d2-3b4f-4e6a-9c7d-000000000000");
    auto r = offline(body);
    REQUIRE(r.error.empty());
    REQUIRE(r.events.size() == 1);
    auto doc = parsed(r.events[0].body);
    CHECK(text_at(doc, {"data_mode"}) == "reference");
    CHECK(text_at(doc, {"data", "application_id"}) != "<absent>");
  }
}

TEST_CASE("lever: subscribers get full records, never the thin payload") {
  auto r = offline(fixture("candidate_stage_change"));
  REQUIRE(r.error.empty());
  CHECK(types_of(r) ==
        std::vector<std::string>{"ats.application.updated", "ats.application.stage_changed"});
  auto doc = parsed(r.events[0].body);
  CHECK(text_at(doc, {"data_mode"}) == "full");
  CHECK(text_at(doc, {"data", "current_stage", "name"}) == "Phone Screen");
  CHECK(text_at(doc, {"data", "stage_category"}) == "screen");
  CHECK(text_at(doc, {"previous", "current_stage", "remote_id"}) == "applicant-new");
  CHECK(text_at(doc, {"previous", "stage_category"}) == "applied");
  const auto* ids = weft::json::find_path(doc, {"data", "interview_ids"});
  REQUIRE(ids != nullptr);
  CHECK(ids->Size() == 2);  // from the paged list
}

TEST_CASE("lever: rejected payloads say why in one line") {
  SUBCASE("not JSON") {
    auto n = normalize("{\"event\":");
    CHECK(n.error.starts_with("malformed JSON"));
  }
  SUBCASE("not an object") {
    CHECK(normalize("[1]").error == "lever body is not a JSON object");
  }
  SUBCASE("missing event") {
    CHECK(normalize(R"({"data":{}})").error == "lever body lacks an 'event' string");
  }
  SUBCASE("event of the wrong type") {
    CHECK(normalize(R"({"event":7,"data":{}})").error == "lever body lacks an 'event' string");
  }
  SUBCASE("unknown event, made printable") {
    CHECK(normalize(R"({"event":"offer Created","data":{}})").error ==
          "unknown lever event 'offer?Created'");
  }
  SUBCASE("missing data") {
    CHECK(normalize(R"({"event":"candidateHired"})").error ==
          "lever candidateHired lacks a data object");
  }
  SUBCASE("missing ids, and no personal data in the reason") {
    CHECK(normalize(R"({"event":"candidateHired","data":{"contactId":"c1"}})").error ==
          "lever candidateHired lacks data.opportunityId");
    CHECK(normalize(R"({"event":"interviewCreated","data":{"opportunityId":"o1"}})").error ==
          "lever interviewCreated lacks data.interviewId");
    CHECK(normalize(R"({"event":"contactUpdated","data":{"name":"Ada"}})").error ==
          "lever contactUpdated lacks data.contactId");
  }
  SUBCASE("an id of the wrong type") {
    CHECK(normalize(R"({"event":"candidateHired","data":{"opportunityId":42}})").error ==
          "lever candidateHired lacks data.opportunityId");
  }
  SUBCASE("an id that would change the API path") {
    CHECK(normalize(R"({"event":"candidateHired","data":{"opportunityId":"../users"}})").error ==
          "lever candidateHired has a malformed data.opportunityId");
    CHECK(normalize(R"({"event":"candidateStageChange","data":{"opportunityId":"o1",)"
                    R"("fromStageId":"a?b=c"}})")
              .error == "lever candidateStageChange has a malformed data.fromStageId");
  }
  SUBCASE("too deep") {
    std::string deep =
        R"({"event":"candidateHired","data":)" + std::string(80, '[') + std::string(80, ']') + "}";
    CHECK(normalize(deep).error == "JSON nested deeper than 64");
  }
  SUBCASE("an API answer that is not JSON") {
    auto body = fixture("contact_updated");
    auto n = enrich(body, {FetchResult{"contact", 200, "<html>"}});
    CHECK(n.error.starts_with("lever API answer for contact: malformed JSON"));
    CHECK(n.events.empty());
  }
  SUBCASE("an API answer without data") {
    auto n = enrich(fixture("contact_updated"), {FetchResult{"contact", 200, "{}"}});
    CHECK(n.error == "lever contact answer lacks a data object");
  }
}

TEST_CASE("lever: API answers of the wrong shape are skipped, never trusted or crashed on") {
  // Every field of the opportunity has the wrong type; the events stay valid and say little.
  const std::string opportunity =
      R"({"data":{"id":5,"contact":[],"stage":7,"emails":"x","phones":[1,{"value":2}],)"
      R"("links":{},"archived":"yes","createdAt":"soon","updatedAt":1e300,"applications":{},)"
      R"("tags":[1,"a"],"urls":3,"sources":[null],"origin":4,"sourcedBy":{"id":[]}}})";
  const std::string interviews = R"([{"id":{}},7,{"id":"i1"}])";
  auto answer = [&](const Fetch& f) -> std::optional<FetchResult> {
    if (f.key == "opportunity") return FetchResult{f.key, 200, opportunity};
    if (f.key == "interviews") return FetchResult{f.key, 200, interviews};
    return FetchResult{f.key, 404, {}};
  };
  auto r = weft::normalize_offline(lever_provider, kConnection, Headers{},
                                   fixture("application_created"), weft::test::kGoldenReceivedAt,
                                   {}, answer);
  REQUIRE(r.error.empty());
  REQUIRE(r.events.size() == 2);
  for (const auto& ev : r.events) {
    CAPTURE(ev.type);
    CHECK(weft::test::schema_errors(ev.body).empty());
  }
  auto app = parsed(r.events[1].body);
  CHECK(text_at(app, {"data", "status"}) == "active");
  CHECK(text_at(app, {"data", "remote_created_at"}) == "<absent>");  // null
  const auto* ids = weft::json::find_path(app, {"data", "interview_ids"});
  REQUIRE(ids != nullptr);
  CHECK(ids->Size() == 1);

  SUBCASE("an interview with an absurd date or duration has no times") {
    auto body = fixture("interview_created");
    auto odd = [&](const Fetch& f) -> std::optional<FetchResult> {
      return FetchResult{
          f.key, 200, R"({"data":{"id":"a5c8e1d2","date":9e18,"duration":-5,"interviewers":7}})"};
    };
    auto i = weft::normalize_offline(lever_provider, kConnection, Headers{}, body,
                                     weft::test::kGoldenReceivedAt, {}, odd);
    REQUIRE(i.error.empty());
    REQUIRE_FALSE(i.events.empty());
    CHECK(weft::test::schema_errors(i.events[0].body).empty());
    auto doc = parsed(i.events[0].body);
    CHECK(text_at(doc, {"data", "start_at"}) == "<absent>");
    CHECK(text_at(doc, {"data", "end_at"}) == "<absent>");
  }
}
