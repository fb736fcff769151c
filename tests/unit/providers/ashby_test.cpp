// The Ashby adapter: signatures, ping, event ids, error reasons and golden fixtures.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "providers/ashby/ashby.h"
#include "providers/ashby/values.h"
#include "providers/core/ids.h"
#include "providers/core/json.h"
#include "providers/core/offline.h"
#include "support/golden.h"
#include "support/provider_checks.h"

namespace {

using namespace weft::test;

using weft::ashby_provider;
using weft::ConnectionInfo;
using weft::Headers;
using weft::VendorRequest;

const ConnectionInfo kConnection{"acme-ashby", "acme", "ashby", "production", {"test-secret"}};

std::string fixture(const std::string& name) {
  return weft::test::fixture_body("ashby", name);
}

std::string signature(std::string_view secret, std::string_view body) {
  return "sha256=" + weft::test::hex_hmac(secret, body);
}

weft::Verification verify(const Headers& headers, std::string_view body,
                          const ConnectionInfo& connection = kConnection) {
  return weft::test::verify_with(ashby_provider, headers, body, connection);
}

weft::OfflineResult normalize(std::string_view body,
                              std::string_view received_at = weft::test::kGoldenReceivedAt) {
  return weft::normalize_offline(ashby_provider, kConnection, Headers{}, body, received_at);
}

}  // namespace

TEST_CASE("ashby: every fixture matches its golden events") {
  auto names = weft::test::fixture_names("ashby");
  CHECK(names.size() >= 20);
  for (const auto& name : names) weft::test::check_golden("ashby", name);
}

TEST_CASE("ashby: signature over the raw body") {
  const std::string body = fixture("candidate_stage_change");

  SUBCASE("good") {
    CHECK(verify({{"Ashby-Signature", signature("test-secret", body)}}, body).ok);
  }
  SUBCASE("header name in any case") {
    CHECK(verify({{"ashby-signature", signature("test-secret", body)}}, body).ok);
  }
  SUBCASE("bad: another secret") {
    auto v = verify({{"Ashby-Signature", signature("other-secret", body)}}, body);
    CHECK_FALSE(v.ok);
    CHECK(v.reason == "Ashby-Signature does not match");
  }
  SUBCASE("bad: body changed after signing") {
    auto v = verify({{"Ashby-Signature", signature("test-secret", body)}}, body + " ");
    CHECK_FALSE(v.ok);
    CHECK(v.reason == "Ashby-Signature does not match");
  }
  SUBCASE("missing") {
    auto v = verify({{"Content-Type", "application/json"}}, body);
    CHECK_FALSE(v.ok);
    CHECK(v.reason == "missing Ashby-Signature header");
  }
  SUBCASE("wrong prefix: a space instead of '='") {
    auto good = signature("test-secret", body);
    auto v = verify({{"Ashby-Signature", "sha256 " + good.substr(7)}}, body);
    CHECK_FALSE(v.ok);
    CHECK(v.reason == "Ashby-Signature lacks the 'sha256=' prefix");
  }
  SUBCASE("a rotated second secret matches") {
    ConnectionInfo rotating = kConnection;
    rotating.secrets = {"old-secret", "new-secret"};
    CHECK(verify({{"Ashby-Signature", signature("new-secret", body)}}, body, rotating).ok);
    CHECK(verify({{"Ashby-Signature", signature("old-secret", body)}}, body, rotating).ok);
    CHECK_FALSE(verify({{"Ashby-Signature", signature("test-secret", body)}}, body, rotating).ok);
  }
}

TEST_CASE("ashby: event ids follow webhookActionId") {
  const std::string body = fixture("candidate_stage_change");
  auto first = normalize(body, "2026-04-02T09:15:03Z");
  REQUIRE(first.error.empty());
  REQUIRE(first.events.size() == 2);

  SUBCASE("a retry of the same action, received later and re-serialized, keeps its ids") {
    auto retry = normalize(body + "\n", "2026-04-02T09:25:03Z");
    REQUIRE(retry.events.size() == first.events.size());
    for (size_t i = 0; i < first.events.size(); ++i) {
      CHECK(retry.events[i].id == first.events[i].id);
    }
  }
  SUBCASE("another action id gives other ids") {
    auto other = normalize(replaced(body, "75395d87-4044-4dc4-bc29-0cec185e5f06",
                                    "75395d87-4044-4dc4-bc29-0cec185e5f07"));
    REQUIRE(other.events.size() == first.events.size());
    for (size_t i = 0; i < first.events.size(); ++i) {
      CHECK(other.events[i].id != first.events[i].id);
    }
  }
  SUBCASE("the events of one action have distinct ids") {
    CHECK(first.events[0].id != first.events[1].id);
  }
}

TEST_CASE("ashby: correlation and vendor event ids are the webhookActionId") {
  auto result = normalize(fixture("candidate_stage_change_archived"));
  REQUIRE(result.error.empty());
  REQUIRE(result.events.size() == 3);
  for (const auto& ev : result.events) {
    auto doc = parsed(ev.body);
    CHECK(text_at(doc, {"correlation_id"}) == "75395d87-aa04-4dc4-bc29-0cec185e5f04");
    CHECK(text_at(doc, {"source", "vendor_event_id"}) == "75395d87-aa04-4dc4-bc29-0cec185e5f04");
    CHECK(text_at(doc, {"source", "vendor_event_type"}) == "candidateStageChange");
  }
}

TEST_CASE("ashby: ping is answered 200 with no events") {
  Headers headers;
  const std::string body = fixture("ping");
  VendorRequest request{headers, body, {}};
  weft::NormalizeContext ctx{kConnection, "2026-04-02T09:15:03Z"};
  auto n = ashby_provider.normalize(request, ctx);
  CHECK(n.error.empty());
  REQUIRE(n.reply.has_value());
  CHECK(n.reply->status == 200);
  CHECK(n.events.empty());
}

TEST_CASE("ashby: rejected payloads say why in one line") {
  SUBCASE("unknown action") {
    auto r = normalize(R"({"webhookActionId":"a1","action":"fooBar","data":{}})");
    CHECK(r.error == "unknown ashby action 'fooBar'");
    CHECK(r.events.empty());
  }
  SUBCASE("unknown action text is made printable") {
    auto r = normalize(R"({"webhookActionId":"a1","action":"x\ny z","data":{}})");
    CHECK(r.error == "unknown ashby action 'x?y?z'");
  }
  SUBCASE("malformed JSON") {
    const std::string body = R"({"webhookActionId":"a1","action":)";
    weft::json::Document doc;
    auto reason = weft::json::parse(body, doc);
    REQUIRE_FALSE(reason.empty());
    CHECK(normalize(body).error == reason);
  }
  SUBCASE("not an object") {
    CHECK(normalize("[1,2]").error == "ashby body is not a JSON object");
  }
  SUBCASE("missing action") {
    CHECK(normalize(R"({"webhookActionId":"a1","data":{}})").error == "missing action");
  }
  SUBCASE("missing webhookActionId") {
    auto body = replaced(fixture("candidate_stage_change"),
                         R"("webhookActionId": "75395d87-4044-4dc4-bc29-0cec185e5f06",)", "");
    CHECK(normalize(body).error == "missing webhookActionId");
  }
  SUBCASE("missing data") {
    CHECK(normalize(R"({"webhookActionId":"a1","action":"jobUpdate"})").error ==
          "jobUpdate: missing data");
  }
  SUBCASE("missing record id, and no personal data in the reason") {
    auto body = replaced(fixture("candidate_stage_change"),
                         R"("id": "0c2d7e61-93f4-4a8b-b5c6-d7e8f9a0b1c2",)", "");
    auto r = normalize(body);
    CHECK(r.error == "candidateStageChange: missing data.application.id");
    CHECK(r.error.find("Ada") == std::string::npos);
    CHECK(r.error.find("example.com") == std::string::npos);
  }
  SUBCASE("merge without the surviving candidate") {
    auto r = normalize(
        R"({"webhookActionId":"a1","action":"candidateMerge","data":{"deletedCandidate":{"id":"c1"}}})");
    CHECK(r.error == "candidateMerge: missing data.mergedCandidate");
  }
}

TEST_CASE("ashby: each action yields its unified events") {
  struct Expect {
    const char* fixture;
    std::vector<std::string> types;
  };
  const std::vector<Expect> table = {
      {"application_submit", {"ats.application.created", "ats.candidate.updated"}},
      {"application_update", {"ats.application.updated"}},
      {"push_to_hris", {"ats.application.updated"}},
      {"candidate_stage_change", {"ats.application.updated", "ats.application.stage_changed"}},
      {"candidate_stage_change_archived",
       {"ats.application.updated", "ats.application.stage_changed", "ats.application.rejected"}},
      {"candidate_stage_change_hired",
       {"ats.application.updated", "ats.application.stage_changed", "ats.application.hired"}},
      {"candidate_hire", {"ats.application.updated", "ats.application.hired"}},
      {"candidate_delete", {"ats.candidate.deleted"}},
      {"candidate_merge", {"ats.candidate.merged", "ats.candidate.deleted"}},
      {"interview_plan_transition", {"ats.job.updated"}},
      {"interview_schedule_create", {"ats.interview.created", "ats.interview.scheduled"}},
      {"interview_schedule_update", {"ats.interview.updated", "ats.interview.canceled"}},
      {"job_create", {"ats.job.created"}},
      {"job_update", {"ats.job.updated", "ats.job.opened"}},
      {"job_update_closed", {"ats.job.updated", "ats.job.closed"}},
      {"job_posting_update", {"ats.job_posting.updated"}},
      {"job_posting_publish", {"ats.job_posting.updated", "ats.job_posting.published"}},
      {"job_posting_unpublish", {"ats.job_posting.updated", "ats.job_posting.unpublished"}},
      {"offer_create", {"ats.offer.created"}},
      {"offer_update", {"ats.offer.updated", "ats.offer.accepted"}},
      {"offer_delete", {"ats.offer.deleted"}},
      {"opening_create", {"ats.job.updated"}},
      {"signature_request_update", {"ats.offer.updated", "ats.offer.sent"}},
      {"signature_request_update_application", {"ats.application.updated"}},
      {"survey_submit", {}},
  };
  for (const auto& e : table) {
    CAPTURE(e.fixture);
    auto r = normalize(fixture(e.fixture));
    REQUIRE_MESSAGE(r.error.empty(), r.error);
    CHECK(types_of(r) == e.types);
  }
}

TEST_CASE("ashby: an archived application is a rejection with its reason") {
  auto r = normalize(fixture("candidate_stage_change_archived"));
  REQUIRE(r.events.size() == 3);
  auto doc = parsed(r.events[2].body);
  const auto& data = doc["data"];
  CHECK(text_at(data, {"status"}) == "rejected");
  CHECK(text_at(data, {"status_raw"}) == "Archived");
  CHECK(text_at(data, {"stage_category"}) == "rejected");
  CHECK(text_at(data, {"rejected_at"}) == "2026-04-08T16:45:08Z");
  CHECK(text_at(data, {"rejection", "reason_name"}) == "Not enough backend experience");
  CHECK(text_at(data, {"rejection", "reason_type"}) == "rejected_by_company");
  CHECK(text_at(data, {"rejection", "reason_type_raw"}) == "RejectedByOrg");
  CHECK(text_at(data, {"rejection", "reason_id"}) ==
        weft::unified_record_id("acme-ashby", "rejection_reason",
                                "8b7a6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d"));
  CHECK(text_at(doc, {"occurred_at"}) == "2026-04-08T16:45:09Z");
}

TEST_CASE("ashby: references carry unified ids, the subject the vendor's") {
  auto r = normalize(fixture("candidate_stage_change"));
  REQUIRE_FALSE(r.events.empty());
  auto doc = parsed(r.events[0].body);
  const std::string candidate = "5b1e2f4a-7c3d-4e8f-9a10-2b3c4d5e6f70";
  const std::string job = "a3f1c2d4-5e6f-4708-8192-a3b4c5d6e7f8";
  CHECK(text_at(doc, {"data", "candidate_id"}) ==
        weft::unified_record_id("acme-ashby", "candidate", candidate));
  CHECK(text_at(doc, {"data", "job_id"}) == weft::unified_record_id("acme-ashby", "job", job));
  CHECK(text_at(doc, {"subject", "candidate_id"}) ==
        weft::unified_record_id("acme-ashby", "candidate", candidate));
  CHECK(text_at(doc, {"data", "remote_id"}) == "0c2d7e61-93f4-4a8b-b5c6-d7e8f9a0b1c2");
  CHECK(text_at(doc, {"data", "current_stage", "category"}) == "interview");
  CHECK(text_at(doc, {"data", "current_stage", "remote_id"}) ==
        "8c2955af-1318-4800-9343-8828bdedd470");
}

TEST_CASE("ashby: jobUpdate says opened only for the update that opened the job") {
  auto body = fixture("job_update");
  auto later = replaced(body, R"("updatedAt": "2026-03-02T10:15:00.000Z")",
                        R"("updatedAt": "2026-03-09T08:00:00.000Z")");
  CHECK(types_of(normalize(later)) == std::vector<std::string>{"ats.job.updated"});
  auto no_opened_at =
      replaced(body, R"("openedAt": "2026-03-02T10:14:58.201Z")", R"("openedAt": null)");
  CHECK(types_of(normalize(no_opened_at)) ==
        std::vector<std::string>{"ats.job.updated", "ats.job.opened"});
}

TEST_CASE("ashby: a schedule created before any time is booked is not 'scheduled'") {
  auto body = replaced(fixture("interview_schedule_create"), R"("status": "Scheduled")",
                       R"("status": "NeedsScheduling")");
  auto r = normalize(body);
  REQUIRE(r.events.size() == 1);
  CHECK(r.events[0].type == "ats.interview.created");
  auto doc = parsed(r.events[0].body);
  CHECK(text_at(doc, {"data", "status"}) == "unknown");
  CHECK(text_at(doc, {"data", "status_raw"}) == "NeedsScheduling");
}

TEST_CASE("ashby: an enum the vendor did not send is null, not unknown") {
  auto body = replaced(fixture("job_create"), R"("employmentType": "FullTime",)", "");
  auto r = normalize(body);
  REQUIRE(r.events.size() == 1);
  auto doc = parsed(r.events[0].body);
  const auto* type = weft::json::find_path(doc, {"data", "employment_type"});
  REQUIRE(type != nullptr);
  CHECK(type->IsNull());
  CHECK(weft::json::find_path(doc, {"data", "employment_type_raw"})->IsNull());
}

TEST_CASE("ashby: merges and deletes are tombstones with the known ids") {
  auto r = normalize(fixture("candidate_merge"));
  REQUIRE(r.events.size() == 2);
  auto merged = parsed(r.events[0].body);
  auto deleted = parsed(r.events[1].body);
  const std::string kept = "5b1e2f4a-7c3d-4e8f-9a10-2b3c4d5e6f70";
  const std::string gone = "e7d6c5b4-a392-4817-8f6e-5d4c3b2a1908";
  for (const auto* doc : {&merged, &deleted}) {
    CHECK(text_at(*doc, {"subject", "remote_id"}) == gone);
    CHECK(text_at(*doc, {"data_mode"}) == "tombstone");
    CHECK(text_at(*doc, {"data", "deletion_reason"}) == "merged");
    CHECK(text_at(*doc, {"data", "merged_into_id"}) ==
          weft::unified_record_id("acme-ashby", "candidate", kept));
    CHECK(text_at(*doc, {"data", "merged_into_remote_id"}) == kept);
  }
  CHECK(r.events[0].id != r.events[1].id);

  auto d = normalize(fixture("candidate_delete"));
  REQUIRE(d.events.size() == 1);
  auto doc = parsed(d.events[0].body);
  CHECK(text_at(doc, {"data_mode"}) == "tombstone");
  CHECK(text_at(doc, {"data", "deletion_reason"}) == "deleted");
}

TEST_CASE("ashby: times and dates of a record read through the shared parser") {
  weft::json::Document doc;
  doc.Parse(R"({"at":"2026-04-07T10:00:00.000+02:00","day":"2026-04-07","late":)"
            R"("2025-12-31T23:30:00-01:00","bad":"2023-02-29","none":"2022-08-05"})");
  auto& a = doc.GetAllocator();
  using namespace weft::ashby;
  CHECK(time_text(doc, "at") == "2026-04-07T08:00:00Z");
  CHECK(time_text(doc, "none").empty());  // a date is not a time
  CHECK(time_or_null(doc, "missing", a).IsNull());
  CHECK(std::string(date_or_null(doc, "day", a).GetString()) == "2026-04-07");
  CHECK(std::string(date_or_null(doc, "late", a).GetString()) == "2026-01-01");
  CHECK(date_or_null(doc, "bad", a).IsNull());
}
