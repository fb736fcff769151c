// The SmartRecruiters adapter: the documented signature vector, rotation and replay window,
// the X-Hook-Secret handshake, API reads asked for, the 404 path, malformed deliveries and
// golden fixtures (records answered from tests/fixtures/smartrecruiters/api).
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "providers/core/json.h"
#include "providers/core/offline.h"
#include "providers/smartrecruiters/smartrecruiters.h"
#include "support/golden.h"
#include "support/provider_checks.h"

namespace {

using namespace weft::test;

using weft::ConnectionInfo;
using weft::Headers;
using weft::smartrecruiters_provider;
using weft::VendorRequest;

const char* kVendor = "smartrecruiters";
const std::string kCandidate = "9b5e2f1a-4c3d-4e8b-a1f0-2d7c6b5a4e01";
const std::string kJob = "744000071613856";
const std::string kAppBody = R"({"job_id":")" + kJob + R"(","candidate_id":")" + kCandidate + "\"}";

ConnectionInfo connection(std::vector<std::string> secrets = {"test-secret"}) {
  return ConnectionInfo{"acme-smartrecruiters", "acme", kVendor, "production", std::move(secrets)};
}

// v1 = hex HMAC(secret, ts.body.event-id.event-name.event-version.link)
std::string v1(std::string_view secret, std::string_view ts, std::string_view body,
               const Headers& h) {
  auto get = [&](std::string_view name) { return std::string(h.find(name).value_or("")); };
  std::string message = std::string(ts) + "." + std::string(body) + "." + get("event-id") + "." +
                        get("event-name") + "." + get("event-version") + "." + get("link");
  return "v1=" + weft::test::hex_hmac(secret, message);
}

Headers app_headers(std::string_view event = "application.created") {
  return Headers{{"event-name", std::string(event)},
                 {"event-version", "v201910"},
                 {"event-id", "0f1e2d3c-0001"},
                 {"link", "<https://api.smartrecruiters.com/candidates/" + kCandidate + "/jobs/" +
                              kJob + ">; rel=self"}};
}

Headers signed_headers(Headers h, std::string_view ts, std::string signature) {
  h.add("smartrecruiters-timestamp", std::string(ts));
  h.add("smartrecruiters-signature", std::move(signature));
  return h;
}

weft::Verification verify(const Headers& h, std::string_view body, const ConnectionInfo& c,
                          int64_t now = 0) {
  return weft::test::verify_with(smartrecruiters_provider, h, body, c, now);
}

weft::Normalized normalize(const Headers& h, std::string_view body) {
  return weft::test::normalize_with(smartrecruiters_provider, h, body, connection());
}

weft::OfflineResult run(const Headers& h, std::string_view body) {
  return weft::test::offline_with_api(smartrecruiters_provider, connection(), body, h);
}

}  // namespace

TEST_CASE("smartrecruiters: every fixture matches its golden events") {
  for (const auto& name : weft::test::fixture_names(kVendor))
    weft::test::check_golden(kVendor, name);
}

TEST_CASE("smartrecruiters: every mapped event name has a fixture that yields events") {
  const std::vector<std::string> events = {"application.created",
                                           "application.status.updated",
                                           "application.fields.updated",
                                           "application.source.updated",
                                           "application.attachment.created",
                                           "application.onboarding-status.updated",
                                           "application.screening-answers.created",
                                           "application.screening-answers.updated",
                                           "candidate.created",
                                           "candidate.updated",
                                           "candidate.deleted",
                                           "job.created",
                                           "job.updated",
                                           "job.status.updated",
                                           "job.hiring-team.updated",
                                           "job.ad.created",
                                           "job.ad.updated",
                                           "job.ad.postings.updated",
                                           "position.created",
                                           "position.updated",
                                           "position.deleted",
                                           "offer.created",
                                           "offer.updated",
                                           "offer.approval.approved",
                                           "interview.created",
                                           "interview.updated",
                                           "interview.canceled"};
  auto names = weft::test::fixture_names(kVendor);
  for (const auto& event : events) {
    CAPTURE(event);
    CHECK(std::find(names.begin(), names.end(), event) != names.end());
    auto result = weft::test::normalize_fixture(kVendor, event);
    CHECK(result.error.empty());
    CHECK_FALSE(result.events.empty());
  }
}

TEST_CASE("smartrecruiters: the documented signature example verifies") {
  // developers.smartrecruiters.com, generate secret key: the compact body, Link with brackets.
  const std::string body = R"({"job_id":"jid","candidate_id":"cid"})";
  Headers h{{"smartrecruiters-timestamp", "1574080897"},
            {"event-id", "123"},
            {"event-name", "application.created"},
            {"event-version", "v201910"},
            {"link", "<http://smartrecruiters.com/endpoint>; rel=self"},
            {"smartrecruiters-signature",
             "v1=2e9291f10d44ca10204a4cd81b05d73b6a316b2b605d4e2e0e0b37b40198ce1f"}};
  auto documented = connection({"HeBVky2bccvvkcXPimH8c"});
  CHECK(verify(h, body, documented).ok);
  CHECK(v1("HeBVky2bccvvkcXPimH8c", "1574080897", body, h) ==
        "v1=2e9291f10d44ca10204a4cd81b05d73b6a316b2b605d4e2e0e0b37b40198ce1f");
  SUBCASE("any other secret, body or header fails") {
    CHECK_FALSE(verify(h, body, connection({"HeBVky2bccvvkcXPimH8d"})).ok);
    CHECK_FALSE(verify(h, R"({"job_id":"jid","candidate_id": "cid"})", documented).ok);
    Headers other{{"smartrecruiters-timestamp", "1574080897"},
                  {"event-id", "123"},
                  {"event-name", "application.status.updated"},
                  {"event-version", "v201910"},
                  {"link", "<http://smartrecruiters.com/endpoint>; rel=self"},
                  {"smartrecruiters-signature",
                   "v1=2e9291f10d44ca10204a4cd81b05d73b6a316b2b605d4e2e0e0b37b40198ce1f"}};
    CHECK_FALSE(verify(other, body, documented).ok);
  }
  SUBCASE("its timestamp is years old: the replay window refuses it") {
    auto v = verify(h, body, documented, 1775121303);
    CHECK_FALSE(v.ok);
    CHECK(v.reason == "signed timestamp is outside the replay window");
  }
}

TEST_CASE("smartrecruiters: every fixture's signature verifies with the fixture secret only") {
  for (const auto& name : weft::test::fixture_names(kVendor)) {
    CAPTURE(name);
    auto body = weft::test::read_file(weft::test::fixture_dir(kVendor) + "/" + name + ".json");
    auto h = weft::test::fixture_headers(kVendor, name);
    CHECK(verify(h, body, connection()).ok);
    CHECK(verify(h, body, connection(), 1775121303).ok);
    CHECK_FALSE(verify(h, body, connection({"another-secret"})).ok);
  }
}

TEST_CASE("smartrecruiters: signature checks") {
  const std::string ts = "1775121300";
  const int64_t now = 1775121303;
  auto base = app_headers();
  auto rotating = connection({"old-secret", "new-secret"});

  SUBCASE("the second secret of a rotation matches") {
    auto h = signed_headers(base, ts, v1("new-secret", ts, kAppBody, base));
    CHECK(verify(h, kAppBody, rotating, now).ok);
  }
  SUBCASE("several v1 values: any one matching passes") {
    std::string list =
        v1("retired-secret", ts, kAppBody, base) + ";" + v1("old-secret", ts, kAppBody, base);
    CHECK(verify(signed_headers(base, ts, list), kAppBody, rotating, now).ok);
    std::string none = v1("a", ts, kAppBody, base) + ";" + v1("b", ts, kAppBody, base);
    auto v = verify(signed_headers(base, ts, none), kAppBody, rotating, now);
    CHECK_FALSE(v.ok);
    CHECK(v.reason == "smartrecruiters-signature does not match");
  }
  SUBCASE("a tampered body fails") {
    auto h = signed_headers(base, ts, v1("new-secret", ts, kAppBody, base));
    std::string tampered = kAppBody;
    tampered.replace(tampered.find(kJob), kJob.size(), "744000071613857");
    CHECK_FALSE(verify(h, tampered, rotating, now).ok);
  }
  SUBCASE("a missing signature header fails") {
    Headers h = base;
    h.add("smartrecruiters-timestamp", ts);
    auto v = verify(h, kAppBody, rotating, now);
    CHECK_FALSE(v.ok);
    CHECK(v.reason == "missing smartrecruiters-signature header");
  }
  SUBCASE("a missing timestamp fails") {
    Headers h = base;
    h.add("smartrecruiters-signature", v1("new-secret", ts, kAppBody, base));
    auto v = verify(h, kAppBody, rotating, now);
    CHECK_FALSE(v.ok);
    CHECK(v.reason == "missing smartrecruiters-timestamp header");
  }
  SUBCASE("another vendor's format is malformed here") {
    std::string digest = hex_hmac("new-secret", kAppBody);
    auto v = verify(signed_headers(base, ts, "sha256=" + digest), kAppBody, rotating, now);
    CHECK_FALSE(v.ok);
    CHECK(v.reason == "smartrecruiters-signature is malformed");
    CHECK_FALSE(verify(signed_headers(base, ts, "v1=zz"), kAppBody, rotating, now).ok);
  }
  SUBCASE("stale and future timestamps fail, correctly signed or not") {
    for (std::string old_or_new : {"1775120900", "1775121700"}) {
      CAPTURE(old_or_new);
      auto h = signed_headers(base, old_or_new, v1("new-secret", old_or_new, kAppBody, base));
      auto v = verify(h, kAppBody, rotating, now);
      CHECK_FALSE(v.ok);
      CHECK(v.reason == "signed timestamp is outside the replay window");
    }
    auto inside =
        signed_headers(base, "1775121010", v1("new-secret", "1775121010", kAppBody, base));
    CHECK(verify(inside, kAppBody, rotating, now).ok);
  }
}

TEST_CASE("smartrecruiters: the activation handshake echoes X-Hook-Secret with 200") {
  auto c = connection();
  Headers h{{"X-Hook-Secret", "5cWg2Yk8sQ1rT0pLx"}};
  VendorRequest request{h, "", {}};
  REQUIRE(static_cast<bool>(smartrecruiters_provider.answer_unsigned_handshake));
  auto reply = smartrecruiters_provider.answer_unsigned_handshake(request, c);
  REQUIRE(reply.has_value());
  CHECK(reply->status == 200);
  REQUIRE(reply->headers.size() == 1);
  CHECK(reply->headers[0].name == "X-Hook-Secret");
  CHECK(reply->headers[0].value == "5cWg2Yk8sQ1rT0pLx");

  SUBCASE("a notification is no handshake") {
    auto h2 = app_headers();
    VendorRequest notification{h2, kAppBody, {}};
    CHECK_FALSE(smartrecruiters_provider.answer_unsigned_handshake(notification, c).has_value());
  }
  SUBCASE("a value that could break the reply header is refused") {
    Headers bad{{"x-hook-secret", "two words"}};
    VendorRequest r{bad, "", {}};
    auto refused = smartrecruiters_provider.answer_unsigned_handshake(r, c);
    REQUIRE(refused.has_value());
    CHECK(refused->status == 400);
    CHECK(refused->headers.empty());
  }
  CHECK(smartrecruiters_provider.accepted_status == 202);
}

TEST_CASE("smartrecruiters: the API reads a notification asks for") {
  SUBCASE("an application: the Link's record and its status history, both optional") {
    auto n = normalize(app_headers(), kAppBody);
    REQUIRE(n.error.empty());
    CHECK(n.events.empty());
    CHECK(n.vendor_event_id == "0f1e2d3c-0001");
    REQUIRE(n.fetches.size() == 2);
    CHECK(n.fetches[0].key == "record");
    CHECK(n.fetches[0].target == "/candidates/" + kCandidate + "/jobs/" + kJob);
    CHECK(n.fetches[0].method == "GET");
    CHECK(n.fetches[0].optional);
    CHECK(n.fetches[1].key == "history");
    CHECK(n.fetches[1].target == "/candidates/" + kCandidate + "/jobs/" + kJob + "/status/history");
    CHECK(n.fetches[1].optional);
  }
  SUBCASE("a Link to something else than the application is not followed") {
    Headers h{{"event-name", "application.attachment.created"},
              {"link", "<https://api.smartrecruiters.com/candidates/" + kCandidate +
                           "/attachments/77>; rel=self"}};
    auto n = normalize(h, kAppBody);
    REQUIRE(n.fetches.size() == 2);
    CHECK(n.fetches[0].target == "/candidates/" + kCandidate + "/jobs/" + kJob);
  }
  SUBCASE("without a Link the path is built from the body's ids") {
    Headers h{{"event-name", "job.updated"}};
    auto n = normalize(h, R"({"id":"744000071613856"})");
    REQUIRE(n.fetches.size() == 1);
    CHECK(n.fetches[0].target == "/jobs/744000071613856");
  }
  SUBCASE("an offer is read where its Link points, query included") {
    Headers h{{"event-name", "offer.updated"},
              {"link", "<https://api.smartrecruiters.com/offers-api/offers/of1?expand=all>"}};
    auto n = normalize(h, R"({"id":"of1"})");
    REQUIRE(n.fetches.size() == 1);
    CHECK(n.fetches[0].target == "/offers-api/offers/of1?expand=all");
  }
  SUBCASE("a deleted candidate needs no read: a tombstone at once") {
    Headers h{{"event-name", "candidate.deleted"}, {"event-id", "e-9"}};
    auto n = normalize(h, R"({"id":"c-1"})");
    REQUIRE(n.error.empty());
    CHECK(n.fetches.empty());
    REQUIRE(n.events.size() == 1);
    CHECK(n.events[0].type == "ats.candidate.deleted");
    CHECK(n.events[0].mode == weft::DataMode::tombstone);
  }
}

TEST_CASE("smartrecruiters: a record the API answers 404 for gives a reference event") {
  auto result = weft::test::normalize_fixture(kVendor, "application.status.updated-gone");
  REQUIRE(result.error.empty());
  REQUIRE(result.events.size() == 1);
  auto doc = parsed(result.events[0].body);
  CHECK(result.events[0].type == "ats.application.updated");
  CHECK(text_at(doc, {"data_mode"}) == "reference");
  CHECK(text_at(doc, {"data", "remote_id"}) ==
        "0d0e0f10-1112-4314-9516-171819202104:744000071613857");
  CHECK(weft::json::find(doc["data"], "status") == nullptr);

  SUBCASE("a required read that is missing is an error, not a guess") {
    std::vector<weft::FetchResult> none;
    VendorRequest request{app_headers(), kAppBody, {}};
    auto c = connection();
    weft::NormalizeContext ctx{c, weft::test::kGoldenReceivedAt};
    auto enriched = smartrecruiters_provider.enrich(request, ctx, none);
    CHECK(enriched.error == "application.created: the API record was not fetched");
  }
  SUBCASE("an API record that is not JSON is refused") {
    VendorRequest request{app_headers(), kAppBody, {}};
    auto c = connection();
    weft::NormalizeContext ctx{c, weft::test::kGoldenReceivedAt};
    auto enriched = smartrecruiters_provider.enrich(
        request, ctx, {{"record", 200, "<html>"}, {"history", 404, ""}});
    CHECK_FALSE(enriched.error.empty());
    CHECK(enriched.events.empty());
  }
}

TEST_CASE("smartrecruiters: without a status history the record alone gives the status") {
  const std::string record = R"({"status":"REJECTED","updatedOn":"2026-04-02T09:00:00.000Z",)"
                             R"("reasonOfRejection":{"id":"r1","label":"Position filled"}})";
  VendorRequest request{app_headers("application.status.updated"), kAppBody, {}};
  auto c = connection();
  weft::NormalizeContext ctx{c, weft::test::kGoldenReceivedAt};
  auto n = smartrecruiters_provider.enrich(request, ctx,
                                           {{"record", 200, record}, {"history", 404, ""}});
  REQUIRE(n.error.empty());
  REQUIRE(n.events.size() == 2);
  CHECK(n.events[0].type == "ats.application.updated");
  CHECK(n.events[1].type == "ats.application.rejected");
  CHECK(n.events[0].mode == weft::DataMode::full);
  CHECK(n.events[0].previous.IsNull());  // nothing says what it was before
  CHECK(text_at(n.events[0].data, {"status"}) == "rejected");
  CHECK(weft::json::find(n.events[0].data, "rejected_at")->IsNull());
  CHECK(text_at(n.events[0].data, {"rejection", "reason_name"}) == "Position filled");
  CHECK(n.events[0].occurred_at == "2026-04-02T09:00:00Z");
  CHECK(n.vendor_event_id == "0f1e2d3c-0001");
}

TEST_CASE("smartrecruiters: a history behind the record still gives the previous status") {
  const std::string record = R"({"status":"REJECTED","updatedOn":"2026-04-02T09:00:00.000Z"})";
  const std::string history = R"({"content":[{"changedOn":"2026-03-01T10:00:00Z","status":"NEW"},)"
                              R"({"changedOn":"2026-03-05T10:00:00Z","status":"INTERVIEW"}]})";
  VendorRequest request{app_headers("application.status.updated"), kAppBody, {}};
  auto c = connection();
  weft::NormalizeContext ctx{c, weft::test::kGoldenReceivedAt};
  auto n = smartrecruiters_provider.enrich(request, ctx,
                                           {{"record", 200, record}, {"history", 200, history}});
  REQUIRE(n.error.empty());
  REQUIRE(n.events.size() == 2);
  CHECK(n.events[1].type == "ats.application.rejected");
  CHECK(text_at(n.events[0].previous, {"stage_category"}) == "interview");
  CHECK(n.events[0].occurred_at == "2026-04-02T09:00:00Z");
}

TEST_CASE("smartrecruiters: application status comes from the API record, not the event") {
  SUBCASE("rejected, with the previous status from the history") {
    auto result = weft::test::normalize_fixture(kVendor, "application.status.updated");
    REQUIRE(result.error.empty());
    CHECK(types_of(result) ==
          std::vector<std::string>{"ats.application.updated", "ats.application.rejected"});
    auto doc = parsed(result.events[0].body);
    CHECK(text_at(doc, {"data", "status"}) == "rejected");
    CHECK(text_at(doc, {"data", "status_raw"}) == "REJECTED");
    CHECK(text_at(doc, {"data", "rejected_at"}) == "2026-04-02T09:14:59Z");
    CHECK(text_at(doc, {"data", "rejection", "reason_name"}) == "Not enough experience");
    CHECK(text_at(doc, {"previous", "status"}) == "active");
    CHECK(text_at(doc, {"previous", "current_stage", "name"}) == "First interview");
    CHECK(text_at(doc, {"occurred_at"}) == "2026-04-02T09:14:59Z");
  }
  SUBCASE("hired, the history out of order and in local time") {
    auto result = weft::test::normalize_fixture(kVendor, "application.status.updated-hired");
    REQUIRE(result.error.empty());
    CHECK(types_of(result) ==
          std::vector<std::string>{"ats.application.updated", "ats.application.hired"});
    auto doc = parsed(result.events[0].body);
    CHECK(text_at(doc, {"data", "hired_at"}) == "2026-04-02T09:14:30Z");
    CHECK(text_at(doc, {"data", "applied_at"}) == "2026-02-10T08:30:00Z");
    CHECK(text_at(doc, {"previous", "stage_category"}) == "offer");
  }
  SUBCASE("the same event name with an active status is a stage change") {
    Headers h = app_headers("application.status.updated");
    auto result = run(h, kAppBody);
    REQUIRE(result.error.empty());
    CHECK(types_of(result) ==
          std::vector<std::string>{"ats.application.updated", "ats.application.stage_changed"});
  }
}

TEST_CASE("smartrecruiters: event ids follow event-id; one delivery, one correlation id") {
  auto a = run(app_headers("application.status.updated"), kAppBody);
  auto b = run(app_headers("application.status.updated"), kAppBody);
  Headers other =
      Headers{{"event-name", "application.status.updated"}, {"event-id", "0f1e2d3c-0002"}};
  auto c = run(other, kAppBody);
  REQUIRE(a.events.size() == 2);
  REQUIRE(b.events.size() == 2);
  REQUIRE(c.events.size() == 2);
  CHECK(a.events[0].id == b.events[0].id);
  CHECK(a.events[0].id != c.events[0].id);
  CHECK(a.events[0].id != a.events[1].id);
  auto d0 = parsed(a.events[0].body);
  auto d1 = parsed(a.events[1].body);
  CHECK(text_at(d0, {"source", "vendor_event_id"}) == "0f1e2d3c-0001");
  CHECK(text_at(d0, {"source", "vendor_event_type"}) == "application.status.updated");
  CHECK(text_at(d0, {"correlation_id"}) == text_at(d1, {"correlation_id"}));
}

TEST_CASE("smartrecruiters: malformed deliveries are refused with one line") {
  struct Case {
    Headers headers;
    std::string body;
    std::string reason;
  };
  std::vector<Case> cases = {
      {Headers{}, kAppBody, "missing event-name header"},
      {Headers{{"event-name", "position.archived"}}, R"({"id":"p1"})",
       "unknown smartrecruiters event 'position.archived'"},
      {Headers{{"event-name", "review."}}, R"({"id":"r1"})",
       "unknown smartrecruiters event 'review.'"},
      {Headers{{"event-name", "job.approvals"}}, R"({"id":"j1"})",
       "unknown smartrecruiters event 'job.approvals'"},
      {Headers{{"event-name", "job.approval.created"}}, "not json", ""},
      {Headers{{"event-name", "position.created"}}, R"({"id":"p1"})",
       "position.created: body lacks a valid job_id"},
      {Headers{{"event-name", "job.ad.updated"}}, R"({"id":"a1"})",
       "job.ad.updated: body lacks a valid job_id"},
      {Headers{{"event-name", "job.ad.updated"},
               {"link", "<https://api.smartrecruiters.com/jobs/j1/jobads/../x>"}},
       R"({"job_id":"j1"})", "job.ad.updated: body lacks a valid job ad id"},
      {Headers{{"event-name", "candidate.updated"}}, "not json", ""},
      {Headers{{"event-name", "candidate.updated"}}, R"(["c1"])",
       "smartrecruiters body is not a JSON object"},
      {Headers{{"event-name", "application.created"}}, R"({"candidate_id":"c1"})",
       "application.created: body lacks a valid job_id"},
      {Headers{{"event-name", "application.created"}}, R"({"candidate_id":"c1","job_id":7})",
       "application.created: body lacks a valid job_id"},
      {Headers{{"event-name", "candidate.updated"}}, R"({"id":"../../admin"})",
       "candidate.updated: body lacks a valid id"},
      {Headers{{"event-name", "interview.created"}}, R"({"candidate_id":"c1"})",
       "interview.created: body lacks a valid interview_id"},
      {Headers{{"event-name", "offer.created"}}, R"({"id":"of1"})",
       "offer.created: missing or unusable Link header"},
      {Headers{{"event-name", "offer.created"}, {"link", "<ftp://x/offers/of1>"}},
       R"({"id":"of1"})", "offer.created: missing or unusable Link header"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.body);
    auto n = normalize(c.headers, c.body);
    CHECK_FALSE(n.error.empty());
    CHECK(n.error.find('\n') == std::string::npos);
    if (!c.reason.empty()) CHECK(n.error == c.reason);
    CHECK(n.fetches.empty());
    CHECK(n.events.empty());
  }
  SUBCASE("a body nested deeper than the limit is refused") {
    std::string deep(200, '[');
    deep += std::string(200, ']');
    auto n = normalize(Headers{{"event-name", "candidate.updated"}}, R"({"id":)" + deep + "}");
    CHECK_FALSE(n.error.empty());
  }
}

namespace {

const std::string kAd = "5f0b7a3c-1d2e-4f6a-8b9c-0a1b2c3d4e52";
const std::string kPosition = "9d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d1";

Headers link_headers(std::string_view event, const std::string& path) {
  return Headers{{"event-name", std::string(event)},
                 {"event-id", "0f1e2d3c-0100"},
                 {"link", "<https://api.smartrecruiters.com" + path + ">; rel=self"}};
}

weft::Normalized enrich(const Headers& h, std::string_view body,
                        const std::vector<weft::FetchResult>& results) {
  VendorRequest request{h, body, {}};
  auto c = connection();
  weft::NormalizeContext ctx{c, weft::test::kGoldenReceivedAt};
  return smartrecruiters_provider.enrich(request, ctx, results);
}

}  // namespace

TEST_CASE("smartrecruiters: a job ad is read with its publications") {
  const std::string ad_path = "/jobs/" + kJob + "/jobads/" + kAd;
  SUBCASE("the body's id is the ad, the Link names its job") {
    auto n = normalize(link_headers("job.ad.updated", ad_path), R"({"id":")" + kAd + "\"}");
    REQUIRE(n.error.empty());
    CHECK(n.events.empty());
    REQUIRE(n.fetches.size() == 2);
    CHECK(n.fetches[0].key == "record");
    CHECK(n.fetches[0].target == ad_path);
    CHECK(n.fetches[0].optional);
    CHECK(n.fetches[1].key == "postings");
    CHECK(n.fetches[1].target == ad_path + "/postings?activeOnly=false");
    CHECK(n.fetches[1].optional);
    CHECK(n.fetches[1].paging.style == weft::PageStyle::none);
  }
  SUBCASE("ids in the body need no Link; any other job.ad.* event is a job posting too") {
    Headers h{{"event-name", "job.ad.language.updated"}};
    auto n = normalize(h, R"({"job_id":")" + kJob + R"(","job_ad_id":")" + kAd + "\"}");
    REQUIRE(n.error.empty());
    REQUIRE(n.fetches.size() == 2);
    CHECK(n.fetches[0].target == ad_path);
  }
  SUBCASE("a postings Link is not the ad: the ad's own path is read") {
    auto n = normalize(link_headers("job.ad.postings.updated", ad_path + "/postings"),
                       R"({"id":")" + kAd + "\"}");
    REQUIRE(n.fetches.size() == 2);
    CHECK(n.fetches[0].target == ad_path);
  }
}

TEST_CASE("smartrecruiters: job ad status comes from postingStatus and the publications") {
  SUBCASE("public, with an active publication: published, its URL, and the domain event") {
    auto result = weft::test::normalize_fixture(kVendor, "job.ad.postings.updated");
    REQUIRE(result.error.empty());
    CHECK(types_of(result) ==
          std::vector<std::string>{"ats.job_posting.updated", "ats.job_posting.published"});
    auto doc = parsed(result.events[0].body);
    CHECK(text_at(doc, {"data", "status"}) == "published");
    CHECK(text_at(doc, {"data", "status_raw"}) == "PUBLIC");
    CHECK(value_at(doc, {"data", "is_internal"}) == "false");
    CHECK(text_at(doc, {"data", "url"}) ==
          "https://jobs.smartrecruiters.com/Acme/744000071613856-senior-backend-engineer");
    CHECK(text_at(doc, {"subject", "remote_id"}) == kAd);
  }
  SUBCASE("no longer published after a publication: unpublished") {
    auto result = weft::test::normalize_fixture(kVendor, "job.ad.postings.updated-unpublished");
    REQUIRE(result.error.empty());
    CHECK(types_of(result) ==
          std::vector<std::string>{"ats.job_posting.updated", "ats.job_posting.unpublished"});
    auto doc = parsed(result.events[0].body);
    CHECK(text_at(doc, {"data", "status"}) == "unpublished");
    CHECK(value_at(doc, {"data", "url"}) == "<null>");
  }
  SUBCASE("never published: draft, and created sends no domain event") {
    auto result = weft::test::normalize_fixture(kVendor, "job.ad.created");
    REQUIRE(result.error.empty());
    CHECK(types_of(result) == std::vector<std::string>{"ats.job_posting.created"});
    CHECK(text_at(parsed(result.events[0].body), {"data", "status"}) == "draft");
  }
  SUBCASE("an internal ad, publications unreadable: published, internal") {
    const std::string ad = R"({"id":"a1","title":"T","postingStatus":"INTERNAL"})";
    auto n = enrich(link_headers("job.ad.postings.updated", "/jobs/j1/jobads/a1"), R"({"id":"a1"})",
                    {{"record", 200, ad}, {"postings", 404, ""}});
    REQUIRE(n.error.empty());
    REQUIRE(n.events.size() == 2);
    CHECK(n.events[1].type == "ats.job_posting.published");
    CHECK(text_at(n.events[0].data, {"status"}) == "published");
    CHECK(value_at(n.events[0].data, {"is_internal"}) == "true");
  }
  SUBCASE("no postingStatus: the publications alone say it") {
    const std::string postings = R"({"content":[{"status":"INACTIVE"}]})";
    auto n = enrich(link_headers("job.ad.postings.updated", "/jobs/j1/jobads/a1"), R"({"id":"a1"})",
                    {{"record", 200, R"({"id":"a1"})"}, {"postings", 200, postings}});
    REQUIRE(n.error.empty());
    REQUIRE(n.events.size() == 2);
    CHECK(n.events[1].type == "ats.job_posting.unpublished");
    CHECK(value_at(n.events[0].data, {"status_raw"}) == "<null>");
  }
}

TEST_CASE("smartrecruiters: a job ad the API answers 404 for gives a reference event") {
  auto result = weft::test::normalize_fixture(kVendor, "job.ad.updated-gone");
  REQUIRE(result.error.empty());
  REQUIRE(result.events.size() == 1);
  CHECK(result.events[0].type == "ats.job_posting.updated");
  auto doc = parsed(result.events[0].body);
  CHECK(text_at(doc, {"data_mode"}) == "reference");
  CHECK(text_at(doc, {"data", "remote_id"}) == "5f0b7a3c-1d2e-4f6a-8b9c-0a1b2c3d4e54");
  CHECK(weft::json::find(doc["data"], "status") == nullptr);
}

TEST_CASE("smartrecruiters: a position event re-reads the job and its openings") {
  const std::string position_path = "/jobs/" + kJob + "/positions/" + kPosition;
  SUBCASE("the job and its positions, both optional, one page") {
    auto n = normalize(link_headers("position.updated", position_path),
                       R"({"id":")" + kPosition + "\"}");
    REQUIRE(n.error.empty());
    REQUIRE(n.fetches.size() == 2);
    CHECK(n.fetches[0].key == "record");
    CHECK(n.fetches[0].target == "/jobs/" + kJob);
    CHECK(n.fetches[0].optional);
    CHECK(n.fetches[1].key == "positions");
    CHECK(n.fetches[1].target == "/jobs/" + kJob + "/positions");
    CHECK(n.fetches[1].optional);
    CHECK(n.fetches[1].paging.style == weft::PageStyle::none);
  }
  SUBCASE("the openings of the job as the API lists them") {
    auto result = weft::test::normalize_fixture(kVendor, "position.deleted");
    REQUIRE(result.error.empty());
    CHECK(types_of(result) == std::vector<std::string>{"ats.job.updated"});
    auto doc = parsed(result.events[0].body);
    const auto& openings = doc["data"]["openings"];
    REQUIRE(openings.IsArray());
    REQUIRE(openings.Size() == 2);
    CHECK(text_at(openings[0], {"remote_id"}) == kPosition);
    CHECK(text_at(openings[0], {"code"}) == "HC-2026-031");
    CHECK(text_at(openings[0], {"status"}) == "open");
    CHECK(text_at(openings[0], {"opened_at"}) == "2026-04-01T00:00:00Z");
    CHECK(text_at(openings[1], {"status"}) == "closed");
    CHECK(text_at(openings[1], {"status_raw"}) == "FILLED");
    REQUIRE(doc["changed_fields"].IsArray());
    REQUIRE(doc["changed_fields"].Size() == 1);
    CHECK(std::string(doc["changed_fields"][0].GetString()) == "openings");
  }
  SUBCASE("positions answered 404: the job with openings null") {
    auto n = enrich(link_headers("position.created", position_path), R"({"id":"p1"})",
                    {{"record", 200, R"({"id":"744000071613856","status":"SOURCING"})"},
                     {"positions", 404, ""}});
    REQUIRE(n.error.empty());
    REQUIRE(n.events.size() == 1);
    CHECK(n.events[0].type == "ats.job.updated");
    CHECK(value_at(n.events[0].data, {"openings"}) == "<null>");
  }
  SUBCASE("the job answered 404: a reference event") {
    auto n = enrich(link_headers("position.deleted", position_path), R"({"id":"p1"})",
                    {{"record", 404, ""}, {"positions", 404, ""}});
    REQUIRE(n.error.empty());
    REQUIRE(n.events.size() == 1);
    CHECK(n.events[0].mode == weft::DataMode::reference);
    CHECK(n.events[0].subject.remote_id == kJob);
  }
}

TEST_CASE("smartrecruiters: known events with nothing to map are accepted without events") {
  for (std::string event :
       {"job.approval.created", "job.approval.step.approved", "job.approver.delegated",
        "offer.approval.rejected", "offer.approval.comment.created", "offer.approver.skipped",
        "review.created", "onboarding.status.updated"}) {
    CAPTURE(event);
    Headers h{{"event-name", event}, {"event-id", "0f1e2d3c-0200"}};
    auto n = normalize(h, R"({"id":"x1"})");
    CHECK(n.error.empty());
    CHECK(n.events.empty());
    CHECK(n.fetches.empty());
    CHECK_FALSE(n.reply.has_value());
    CHECK(n.vendor_event_id == "0f1e2d3c-0200");
    CHECK(n.vendor_event_type == event);
    auto offline = run(h, R"({"id":"x1"})");
    CHECK(offline.error.empty());
    CHECK(offline.events.empty());
  }
  SUBCASE("offer.approval.approved is still mapped") {
    Headers h{{"event-name", "offer.approval.approved"}, {"link", "<https://x.io/offers/of1>"}};
    auto n = normalize(h, R"({"id":"of1"})");
    CHECK(n.fetches.size() == 1);
  }
}
