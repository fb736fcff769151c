#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "providers/core/ids.h"
#include "providers/core/json.h"
#include "providers/core/offline.h"
#include "providers/greenhouse/greenhouse.h"
#include "providers/greenhouse/values.h"
#include "support/golden.h"
#include "support/provider_checks.h"
#include "support/schema.h"

namespace weft {
namespace {

using namespace test;

constexpr const char* kBody = R"({"action":"interview_deleted","payload":{"interview":{"id":1}}})";

ConnectionInfo rotating_connection() {
  return ConnectionInfo{
      "acme-greenhouse", "acme", "greenhouse", "production", {"old-secret", "new-secret"}};
}

std::string signature_for(std::string_view secret, std::string_view body) {
  return "sha256 " + test::hex_hmac(secret, body);
}

Verification verify(const Headers& headers, std::string_view body,
                    const ConnectionInfo& connection) {
  return test::verify_with(greenhouse_provider, headers, body, connection);
}

OfflineResult run(std::string_view body, const Headers& headers = {}) {
  return normalize_offline(greenhouse_provider, test::fixture_connection("greenhouse"), headers,
                           body, test::kGoldenReceivedAt);
}

}  // namespace

TEST_CASE("greenhouse: every fixture matches its golden events") {
  auto names = test::fixture_names("greenhouse");
  for (const auto& name : names) test::check_golden("greenhouse", name);
}

TEST_CASE("greenhouse: there is a fixture for ping and every documented action") {
  const std::vector<std::string> actions = {"new_candidate_application",
                                            "new_prospect_application",
                                            "application_updated",
                                            "delete_application",
                                            "candidate_stage_change",
                                            "reject_candidate",
                                            "unreject_candidate",
                                            "hire_candidate",
                                            "unhire_candidate",
                                            "update_candidate",
                                            "delete_candidate",
                                            "merge_candidate",
                                            "candidate_anonymized",
                                            "offer_created",
                                            "offer_approved",
                                            "offer_updated",
                                            "offer_deleted",
                                            "interview_deleted",
                                            "scorecard_deleted",
                                            "job_created",
                                            "job_updated",
                                            "job_approved",
                                            "job_deleted",
                                            "job_post_created",
                                            "job_post_updated",
                                            "job_post_deleted",
                                            "job_interview_stage_deleted",
                                            "department_deleted",
                                            "office_deleted",
                                            "ping"};
  auto names = test::fixture_names("greenhouse");
  for (const auto& action : actions) {
    CAPTURE(action);
    CHECK(std::find(names.begin(), names.end(), action) != names.end());
    auto result = test::normalize_fixture("greenhouse", action);
    CHECK(result.error.empty());
    if (action != "ping") CHECK_FALSE(result.events.empty());
  }
}

TEST_CASE("greenhouse: every fixture's Signature verifies with the fixture secret only") {
  auto connection = test::fixture_connection("greenhouse");
  auto other = connection;
  other.secrets = {"another-secret"};
  for (const auto& name : test::fixture_names("greenhouse")) {
    CAPTURE(name);
    auto body = test::read_file(test::fixture_dir("greenhouse") + "/" + name + ".json");
    auto headers = test::fixture_headers("greenhouse", name);
    CHECK(verify(headers, body, connection).ok);
    CHECK_FALSE(verify(headers, body, other).ok);
  }
}

TEST_CASE("greenhouse: signature checks") {
  auto connection = rotating_connection();

  SUBCASE("a good signature passes, whatever the header name's case") {
    CHECK(verify({{"Signature", signature_for("new-secret", kBody)}}, kBody, connection).ok);
    CHECK(verify({{"signature", signature_for("new-secret", kBody)}}, kBody, connection).ok);
  }
  SUBCASE("the first secret of a rotation matches too") {
    CHECK(verify({{"Signature", signature_for("old-secret", kBody)}}, kBody, connection).ok);
  }
  SUBCASE("a signature over other bytes fails") {
    std::string tampered = kBody;
    tampered.back() = ' ';
    auto v = verify({{"Signature", signature_for("new-secret", kBody)}}, tampered, connection);
    CHECK_FALSE(v.ok);
    CHECK(v.reason == "Signature does not match");
  }
  SUBCASE("a signature with an unknown secret fails") {
    auto v = verify({{"Signature", signature_for("stranger", kBody)}}, kBody, connection);
    CHECK_FALSE(v.ok);
    CHECK(v.reason == "Signature does not match");
  }
  SUBCASE("a missing header fails") {
    auto v = verify({{"Greenhouse-Event-ID", "abc"}}, kBody, connection);
    CHECK_FALSE(v.ok);
    CHECK(v.reason == "missing Signature header");
  }
  SUBCASE("the 'sha256=' prefix of other vendors is not Greenhouse's") {
    std::string value = "sha256=" + hex_hmac("new-secret", kBody);
    auto v = verify({{"Signature", value}}, kBody, connection);
    CHECK_FALSE(v.ok);
    CHECK(v.reason == "Signature lacks the 'sha256 ' prefix");
  }
  SUBCASE("a bare hex digest without the algorithm fails") {
    auto v = verify({{"Signature", hex_hmac("new-secret", kBody)}}, kBody, connection);
    CHECK_FALSE(v.ok);
  }
}

TEST_CASE("greenhouse: event ids follow the Greenhouse-Event-ID and the payload") {
  auto first = run(kBody, {{"Greenhouse-Event-ID", "6b0c1f7e-0001"}});
  auto again = run(kBody, {{"Greenhouse-Event-ID", "6b0c1f7e-0001"}});
  auto other = run(kBody, {{"Greenhouse-Event-ID", "6b0c1f7e-0002"}});
  REQUIRE(first.events.size() == 1);
  REQUIRE(again.events.size() == 1);
  REQUIRE(other.events.size() == 1);
  CHECK(first.events[0].id == again.events[0].id);
  CHECK(first.events[0].id != other.events[0].id);
  CHECK(text_at(parsed(first.events[0].body), {"source", "vendor_event_id"}) == "6b0c1f7e-0001");

  SUBCASE("without the header the body decides") {
    auto bare = run(kBody);
    auto bare_again = run(kBody);
    std::string other_body = kBody;
    other_body.replace(other_body.find("\"id\":1"), 6, "\"id\":2");
    auto bare_other = run(other_body);
    REQUIRE(bare.events.size() == 1);
    CHECK(bare.events[0].id == bare_again.events[0].id);
    CHECK(bare.events[0].id != first.events[0].id);
    CHECK(bare.events[0].id != bare_other.events[0].id);
    auto doc = parsed(bare.events[0].body);
    const json::Value* vendor_id = json::find_path(doc, {"source", "vendor_event_id"});
    REQUIRE(vendor_id != nullptr);
    CHECK(vendor_id->IsNull());
  }
}

TEST_CASE("greenhouse: events of one delivery share a correlation id and distinct ids") {
  auto result = test::normalize_fixture("greenhouse", "hire_candidate");
  REQUIRE(result.error.empty());
  std::vector<std::string> types;
  std::set<std::string> ids, correlations;
  for (const auto& ev : result.events) {
    auto doc = parsed(ev.body);
    types.push_back(ev.type);
    ids.insert(ev.id);
    correlations.insert(text_at(doc, {"correlation_id"}));
  }
  CHECK(types == std::vector<std::string>{"ats.application.updated", "ats.application.hired",
                                          "ats.offer.updated", "ats.offer.accepted"});
  CHECK(ids.size() == types.size());
  CHECK(correlations.size() == 1);
}

TEST_CASE("greenhouse: application status and stage come from the payload") {
  SUBCASE("rejected") {
    auto result = test::normalize_fixture("greenhouse", "reject_candidate");
    REQUIRE(result.events.size() == 2);
    CHECK(result.events[1].type == "ats.application.rejected");
    auto doc = parsed(result.events[1].body);
    CHECK(text_at(doc, {"data", "status"}) == "rejected");
    CHECK(text_at(doc, {"data", "status_raw"}) == "rejected");
    CHECK(text_at(doc, {"data", "stage_category"}) == "interview");
    CHECK(text_at(doc, {"data", "rejected_at"}) == "2026-03-20T17:45:10Z");
    CHECK(text_at(doc, {"data", "rejection", "reason_type"}) == "rejected_by_company");
    CHECK(text_at(doc, {"data", "rejection", "reason_type_raw"}) == "We rejected them");
    CHECK(text_at(doc, {"occurred_at"}) == "2026-03-20T17:45:10Z");
  }
  SUBCASE("stage change") {
    auto result = test::normalize_fixture("greenhouse", "candidate_stage_change");
    REQUIRE(result.events.size() == 2);
    CHECK(result.events[0].type == "ats.application.updated");
    CHECK(result.events[1].type == "ats.application.stage_changed");
    auto doc = parsed(result.events[1].body);
    CHECK(text_at(doc, {"data", "current_stage", "category"}) == "screen");
    CHECK(text_at(doc, {"data", "current_stage", "remote_id"}) == "7100502");
    CHECK(text_at(doc, {"data", "candidate_id"}) == text_at(doc, {"subject", "candidate_id"}));
    CHECK(text_at(doc, {"data_mode"}) == "full");
  }
  SUBCASE("a hire without a status field is hired, dated by the accepted offer") {
    auto result = test::normalize_fixture("greenhouse", "hire_candidate");
    REQUIRE_FALSE(result.events.empty());
    auto doc = parsed(result.events[0].body);
    CHECK(text_at(doc, {"data", "status"}) == "hired");
    CHECK(json::find_path(doc, {"data", "status_raw"})->IsNull());
    CHECK(text_at(doc, {"data", "hired_at"}) == "2026-04-02T08:59:30Z");
  }
}

TEST_CASE("greenhouse: deletions are tombstones with ids only") {
  auto result = test::normalize_fixture("greenhouse", "delete_candidate");
  REQUIRE(result.events.size() == 3);  // the candidate and its two applications
  for (const auto& ev : result.events) {
    CAPTURE(ev.type);
    CHECK(ev.body.find("Dummy") == std::string::npos);
    auto doc = parsed(ev.body);
    CHECK(text_at(doc, {"data_mode"}) == "tombstone");
    CHECK(text_at(doc, {"data", "deletion_reason"}) == "deleted");
  }
  auto merged = test::normalize_fixture("greenhouse", "merge_candidate");
  REQUIRE(merged.events.size() == 2);
  CHECK(merged.events[0].type == "ats.candidate.merged");
  CHECK(merged.events[1].type == "ats.candidate.deleted");
  auto survivor = unified_record_id("acme-greenhouse", "candidate", "90000101");
  for (const auto& ev : merged.events) {
    CAPTURE(ev.type);
    CHECK(ev.subject_id == unified_record_id("acme-greenhouse", "candidate", "90000199"));
    auto doc = parsed(ev.body);
    CHECK(text_at(doc, {"data_mode"}) == "tombstone");
    CHECK(text_at(doc, {"data", "deletion_reason"}) == "merged");
    CHECK(text_at(doc, {"data", "merged_into_id"}) == survivor);
    CHECK(ev.body.find("Example") == std::string::npos);  // the person's name stays out
  }
}

TEST_CASE("greenhouse: anonymizing erases the documented fields, then says so") {
  auto result = test::normalize_fixture("greenhouse", "candidate_anonymized");
  REQUIRE(result.events.size() == 2);
  CHECK(result.events[0].type == "ats.candidate.updated");
  CHECK(result.events[1].type == "ats.candidate.anonymized");
  auto update = parsed(result.events[0].body);
  CHECK(text_at(update, {"data_mode"}) == "partial");
  CHECK(text_at(update, {"data", "first_name"}) == "Anonymized");
  CHECK(text_at(update, {"data", "last_name"}) == "90000150");
  CHECK(json::find_path(update, {"data", "emails"})->Empty());
  CHECK(json::find_path(update, {"data", "urls"})->IsNull());  // websites only: refetch
  auto notice = parsed(result.events[1].body);
  CHECK(text_at(notice, {"data_mode"}) == "tombstone");
  CHECK(text_at(notice, {"data", "deletion_reason"}) == "anonymized");
}

TEST_CASE("greenhouse: rejected deliveries say why in one line") {
  SUBCASE("unknown action") {
    auto result = run(R"({"action":"candidate_teleported","payload":{}})");
    CHECK(result.error == "unknown greenhouse action 'candidate_teleported'");
    CHECK(result.events.empty());
  }
  SUBCASE("an unknown action name is made printable") {
    auto result = run("{\"action\":\"x\\ny\",\"payload\":{}}");
    CHECK(result.error == "unknown greenhouse action 'x?y'");
  }
  SUBCASE("malformed JSON") {
    auto result = run(R"({"action":"ping",)");
    CHECK(result.error.rfind("malformed JSON at byte ", 0) == 0);
    CHECK_FALSE(result.reply.has_value());
  }
  SUBCASE("not an object") {
    CHECK(run("[1,2]").error == "greenhouse body is not a JSON object");
  }
  SUBCASE("no action") {
    CHECK(run(R"({"payload":{}})").error == "greenhouse body lacks an 'action' string");
  }
  SUBCASE("no payload") {
    CHECK(run(R"({"action":"job_deleted"})").error ==
          "greenhouse job_deleted lacks a payload object");
  }
  SUBCASE("an application action without its application") {
    auto result = run(R"({"action":"candidate_stage_change","payload":{"candidate":{"id":1}}})");
    CHECK(result.error == "greenhouse candidate_stage_change lacks payload.application");
  }
  SUBCASE("a merge without the surviving candidate") {
    auto result =
        run(R"({"action":"merge_candidate","payload":{"person":{"id":1,"first_name":"Ada"}}})");
    CHECK(result.error == "greenhouse merge_candidate lacks payload.person.new_candidate_id");
    CHECK(result.error.find("Ada") == std::string::npos);
  }
}

TEST_CASE("greenhouse: payloads of unexpected shapes still give valid events") {
  const std::vector<std::string> bodies = {
      R"j({"action":"candidate_stage_change","payload":{"application":{"id":7,"candidate":[],
          "jobs":{},"current_stage":"x","source":5,"rejection_reason":[1],"custom_fields":[],
          "rejected_at":"not a time","url":"javascript:alert(1)","status":"Mystery"}}})j",
      R"j({"action":"new_candidate_application","payload":{"application":{"id":"8",
          "candidate":{"id":9,"email_addresses":[{"value":1},"x",{"value":"a@example.com",
          "type":7}],"phone_numbers":{},"tags":[1,"t"]},"jobs":[{"id":""}],
          "current_stage":{"id":null,"name":5}}}})j",
      R"j({"action":"job_created","payload":{"job":{"id":1,"status":7,"departments":[{"name":1}],
          "offices":"y","hiring_team":[],"openings":[{}],
          "custom_fields":{"employment_type":"z"}}}})j",
      R"j({"action":"offer_updated","payload":{"id":2,"offer_status":"Weird","version":"two",
          "start_date":"2026-13-01","custom_fields":{"c":{"compensation_type":"base",
          "value":{"amount":"lots","unit":"euro"}}}}})j",
      R"j({"action":"job_post_updated","payload":{"id":3,"live":"yes","location":{"name":"R"}}})j",
      R"j({"action":"candidate_anonymized","payload":{"candidate_id":4,
          "anonymized_fields":[1,null,"full_name"]}})j",
      R"j({"action":"delete_candidate","payload":{"person":{"id":5,
          "deleted_application_ids":[6,"",null,{}]}}})j",
  };
  for (const auto& body : bodies) {
    CAPTURE(body);
    auto result = run(body);
    CHECK(result.error.empty());
    CHECK_FALSE(result.events.empty());
    for (const auto& ev : result.events) CHECK(test::schema_errors(ev.body) == "");
  }
  SUBCASE("an empty id is no id") {
    auto result = run(R"({"action":"job_deleted","payload":{"job":{"id":""}}})");
    CHECK(result.error == "greenhouse job_deleted lacks payload.job.id");
  }
}

TEST_CASE("greenhouse: ping is answered 200 with no events") {
  auto result = run(R"({"action":"ping","payload":{"web_hook_id":1700001}})",
                    {{"Greenhouse-Event-ID", "ping-1"}});
  CHECK(result.error.empty());
  REQUIRE(result.reply.has_value());
  CHECK(result.reply->status == 200);
  CHECK(result.events.empty());
}

TEST_CASE("greenhouse: vendor times become RFC 3339 UTC, bare dates their midnight") {
  // The parsing itself is tested in core/timestamps_test.cpp.
  using greenhouse::utc_time;
  CHECK(utc_time("2026-03-31T23:30:00-05:00") == "2026-04-01T04:30:00Z");
  CHECK(utc_time("2013-03-22") == "2013-03-22T00:00:00Z");
  CHECK_FALSE(utc_time("2013-02-30").has_value());
  CHECK_FALSE(utc_time("yesterday").has_value());

  CHECK(greenhouse::calendar_date("04/15/2013") == "2013-04-15");
  CHECK(greenhouse::calendar_date("2015-01-23") == "2015-01-23");
  CHECK_FALSE(greenhouse::calendar_date("13/15/2013").has_value());
  CHECK_FALSE(greenhouse::calendar_date("02/29/2023").has_value());
  CHECK_FALSE(greenhouse::calendar_date("2015-01-23T00:00:00Z").has_value());
}

TEST_CASE("greenhouse: stage names map to categories where they are clear") {
  using greenhouse::stage_category;
  CHECK(stage_category("Application Review") == "review");
  CHECK(stage_category("Preliminary Phone Screen") == "screen");
  CHECK(stage_category("Phone Interview") == "screen");
  CHECK(stage_category("Face to Face") == "interview");
  CHECK(stage_category("Onsite Interview") == "interview");
  CHECK(stage_category("Take Home Test") == "assessment");
  CHECK(stage_category("Assessment") == "assessment");
  CHECK(stage_category("Reference Check") == "background_check");
  CHECK(stage_category("Background Check") == "background_check");
  CHECK(stage_category("Offer") == "offer");
  CHECK(stage_category("Offer Review") == "offer");
  CHECK(stage_category("Team Lunch") == "other");
  CHECK(stage_category("Contest") == "other");  // whole words only
}

}  // namespace weft
