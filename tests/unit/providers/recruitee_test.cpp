// The Recruitee adapter: signature, the test delivery, delivery ids, status from the payload,
// error reasons and golden fixtures.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "providers/core/json.h"
#include "providers/core/offline.h"
#include "providers/recruitee/recruitee.h"
#include "support/golden.h"
#include "support/provider_checks.h"

namespace weft {
namespace {

using namespace test;

const ConnectionInfo kConnection = test::fixture_connection("recruitee");

std::string fixture(const std::string& name) {
  return test::fixture_body("recruitee", name);
}

Verification verify(const Headers& headers, std::string_view body,
                    const ConnectionInfo& connection = kConnection) {
  return test::verify_with(recruitee_provider, headers, body, connection);
}

OfflineResult run(std::string_view body) {
  return normalize_offline(recruitee_provider, kConnection, Headers{}, body,
                           test::kGoldenReceivedAt);
}

}  // namespace

TEST_CASE("recruitee: every fixture matches its golden events") {
  auto names = test::fixture_names("recruitee");
  CHECK(names.size() >= 12);
  for (const auto& name : names) test::check_golden("recruitee", name);
}

TEST_CASE("recruitee: every mapped event has a fixture of that event") {
  auto names = test::fixture_names("recruitee");
  for (const auto& event : recruitee::event_names()) {
    CAPTURE(event);
    std::string file = event;
    std::replace(file.begin(), file.end(), '.', '_');
    REQUIRE(std::find(names.begin(), names.end(), file) != names.end());
    auto result = test::normalize_fixture("recruitee", file);
    CHECK(result.error.empty());
    CHECK_FALSE(result.events.empty());
    auto doc = parsed(result.events.front().body);
    CHECK(value_at(doc, {"source", "vendor_event_type"})
              .starts_with(event.substr(0, event.find('.'))));
  }
}

TEST_CASE("recruitee: every signed fixture verifies with the fixture secret only") {
  auto other = kConnection;
  other.secrets = {"another-secret"};
  for (const auto& name : test::fixture_names("recruitee")) {
    if (name == "test") continue;
    CAPTURE(name);
    auto headers = test::fixture_headers("recruitee", name);
    CHECK(verify(headers, fixture(name)).ok);
    CHECK_FALSE(verify(headers, fixture(name), other).ok);
  }
}

TEST_CASE("recruitee: X-Recruitee-Signature is the hex HMAC of the raw body") {
  const std::string body = fixture("candidate_moved_stage_changed");
  SUBCASE("good, header name in any case") {
    CHECK(verify({{"x-recruitee-signature", hex_hmac("test-secret", body)}}, body).ok);
  }
  SUBCASE("uppercase hex") {
    auto sig = hex_hmac("test-secret", body);
    std::transform(sig.begin(), sig.end(), sig.begin(), ::toupper);
    CHECK(verify({{"X-Recruitee-Signature", sig}}, body).ok);
  }
  SUBCASE("another secret") {
    auto v = verify({{"X-Recruitee-Signature", hex_hmac("other", body)}}, body);
    CHECK_FALSE(v.ok);
    CHECK(v.reason == "X-Recruitee-Signature does not match");
  }
  SUBCASE("body changed after signing") {
    auto sig = hex_hmac("test-secret", body);
    auto v = verify({{"X-Recruitee-Signature", sig}}, replaced(body, "46566917", "46566918"));
    CHECK_FALSE(v.ok);
    CHECK(v.reason == "X-Recruitee-Signature does not match");
  }
  SUBCASE("missing") {
    auto v = verify({{"User-Agent", "Recruitee-Webhooks"}}, body);
    CHECK_FALSE(v.ok);
    CHECK(v.reason == "missing X-Recruitee-Signature header");
  }
  SUBCASE("a prefix Recruitee does not send, or no hex at all") {
    auto v = verify({{"X-Recruitee-Signature", "sha256=" + hex_hmac("test-secret", body)}}, body);
    CHECK_FALSE(v.ok);
    CHECK(v.reason == "X-Recruitee-Signature is malformed");
    CHECK_FALSE(verify({{"X-Recruitee-Signature", "not-hex"}}, body).ok);
  }
  SUBCASE("a rotated second secret matches, the first too") {
    auto rotating = kConnection;
    rotating.secrets = {"old-secret", "new-secret"};
    CHECK(verify({{"X-Recruitee-Signature", hex_hmac("new-secret", body)}}, body, rotating).ok);
    CHECK(verify({{"X-Recruitee-Signature", hex_hmac("old-secret", body)}}, body, rotating).ok);
    CHECK_FALSE(
        verify({{"X-Recruitee-Signature", hex_hmac("test-secret", body)}}, body, rotating).ok);
  }
}

TEST_CASE("recruitee: the test delivery is answered exactly 200, unsigned, with no events") {
  REQUIRE(static_cast<bool>(recruitee_provider.answer_unsigned_handshake));
  Headers none;
  auto answer = [&](std::string_view body) {
    VendorRequest request{none, body, {}};
    return recruitee_provider.answer_unsigned_handshake(request, kConnection);
  };
  auto reply = answer(fixture("test"));
  REQUIRE(reply.has_value());
  CHECK(reply->status == 200);
  CHECK(reply->headers.empty());
  CHECK(recruitee_provider.accepted_status == 200);

  SUBCASE("an example event sent by the Test payload buttons is no event either") {
    auto body = replaced(fixture("candidate_moved_stage_changed"), "{", R"({"test": true,)");
    auto example = answer(body);
    REQUIRE(example.has_value());
    CHECK(example->status == 200);
    auto n = run(body);
    CHECK(n.reply.has_value());
    CHECK(n.events.empty());
  }
  SUBCASE("real deliveries are not handshakes and go on to the signature check") {
    CHECK_FALSE(answer(fixture("candidate_moved_stage_changed")).has_value());
    CHECK_FALSE(answer(R"({"test":false,"event_type":"candidate_deleted"})").has_value());
    CHECK_FALSE(answer(R"({"test":"true")").has_value());
    CHECK_FALSE(answer("not json \"test\"").has_value());
  }
  SUBCASE("a signed test reaching normalize is answered the same") {
    auto n = run(fixture("test"));
    CHECK(n.error.empty());
    REQUIRE(n.reply.has_value());
    CHECK(n.reply->status == 200);
    CHECK(n.events.empty());
  }
}

TEST_CASE("recruitee: the delivery id dedups retries") {
  const std::string body = fixture("candidate_moved_hired");
  auto first = run(body);
  REQUIRE(first.error.empty());
  REQUIRE(first.events.size() == 3);
  auto doc = parsed(first.events[0].body);
  CHECK(value_at(doc, {"source", "vendor_event_id"}) == "2144301");
  CHECK(value_at(doc, {"source", "vendor_event_type"}) == "candidate_moved.stage_changed");
  CHECK(value_at(doc, {"occurred_at"}) == "2026-04-02T16:30:11Z");

  auto retry = run(replaced(body, "\"attempt_count\": 2", "\"attempt_count\": 3"));
  REQUIRE(retry.events.size() == first.events.size());
  for (size_t i = 0; i < first.events.size(); ++i) CHECK(retry.events[i].id == first.events[i].id);

  auto other = run(replaced(body, "2144301", "2144302"));
  REQUIRE(other.events.size() == first.events.size());
  for (size_t i = 0; i < first.events.size(); ++i) CHECK(other.events[i].id != first.events[i].id);
  CHECK(first.events[0].id != first.events[1].id);
}

TEST_CASE("recruitee: application status and stage come from the payload") {
  SUBCASE("a move to a stage of category hire is the hire") {
    auto r = run(fixture("candidate_moved_hired"));
    CHECK(types_of(r) == std::vector<std::string>{"ats.application.updated",
                                                  "ats.application.stage_changed",
                                                  "ats.application.hired"});
    auto doc = parsed(r.events[0].body);
    CHECK(value_at(doc, {"data_mode"}) == "partial");
    CHECK(value_at(doc, {"data", "status"}) == "hired");
    CHECK(value_at(doc, {"data", "hired_at"}) == "2026-04-02T16:30:11Z");
    CHECK(value_at(doc, {"data", "current_stage", "category_raw"}) == "hire");
    CHECK(value_at(doc, {"previous", "status"}) == "active");
    CHECK(value_at(doc, {"previous", "stage_category"}) == "offer");
    CHECK(value_at(doc, {"subject", "remote_id"}) == "46566917:1192594");
  }
  SUBCASE("leaving the hired stage is unhired") {
    auto r = run(fixture("candidate_moved_unhired"));
    CHECK(types_of(r).back() == "ats.application.unhired");
    CHECK(value_at(parsed(r.events[0].body), {"data", "status"}) == "active");
  }
  SUBCASE("a plain stage change says nothing of the status") {
    auto r = run(fixture("candidate_moved_stage_changed"));
    CHECK(types_of(r).size() == 2);
    auto doc = parsed(r.events[0].body);
    CHECK(value_at(doc, {"data", "status"}) == "<absent>");
    CHECK(value_at(doc, {"data", "stage_category"}) == "screen");
    CHECK(value_at(doc, {"previous", "current_stage", "name"}) == "Applied");
  }
  SUBCASE("disqualified is rejected, with its reason") {
    auto r = run(fixture("candidate_moved_disqualified"));
    CHECK(types_of(r) ==
          std::vector<std::string>{"ats.application.updated", "ats.application.rejected"});
    auto doc = parsed(r.events[1].body);
    CHECK(value_at(doc, {"data", "status"}) == "rejected");
    CHECK(value_at(doc, {"data", "rejection", "reason_name"}) == "Salary expectations too high");
    CHECK(value_at(doc, {"data", "rejection", "reason_type"}) == "rejected_by_company");
    CHECK(value_at(doc, {"data", "rejected_at"}) == "2026-04-02T11:20:31Z");
  }
  SUBCASE("a text reason is its name") {
    auto body = replaced(fixture("candidate_moved_disqualified"),
                         R"({
        "id": 310577,
        "name": "Salary expectations too high"
      })",
                         R"("Withdrew")");
    auto r = run(body);
    REQUIRE(r.error.empty());
    auto doc = parsed(r.events[0].body);
    CHECK(value_at(doc, {"data", "rejection", "reason_name"}) == "Withdrew");
    CHECK(value_at(doc, {"data", "rejection", "reason_id"}) == "<null>");
  }
  SUBCASE("requalified is unrejected and active again") {
    auto r = run(fixture("candidate_moved_requalified"));
    CHECK(types_of(r).back() == "ats.application.unrejected");
    auto doc = parsed(r.events[0].body);
    CHECK(value_at(doc, {"data", "status"}) == "active");
    CHECK(value_at(doc, {"data", "rejection"}) == "<null>");
  }
  SUBCASE("a talent pool placement is a prospect's, with no job") {
    auto r = run(fixture("candidate_assigned"));
    REQUIRE(r.events.size() == 2);
    auto doc = parsed(r.events[1].body);
    CHECK(value_at(doc, {"data", "is_prospect"}) == "true");
    CHECK(value_at(doc, {"data", "job_id"}) == "<null>");
    CHECK(value_at(doc, {"subject", "job_id"}) == "<null>");
  }
}

TEST_CASE("recruitee: a deleted candidate takes its placements with it") {
  auto r = run(fixture("candidate_deleted"));
  REQUIRE(r.error.empty());
  CHECK(types_of(r) == std::vector<std::string>{"ats.candidate.deleted", "ats.application.deleted",
                                                "ats.application.deleted"});
  auto candidate = parsed(r.events[0].body);
  CHECK(value_at(candidate, {"data_mode"}) == "tombstone");
  const json::Value* ids = json::find_path(candidate, {"data", "application_ids"});
  REQUIRE(ids);
  REQUIRE(ids->IsArray());
  CHECK(ids->Size() == 2);
  CHECK(value_at(parsed(r.events[2].body), {"subject", "remote_id"}) == "46566917:1203311");
}

TEST_CASE("recruitee: rejected deliveries say why in one line, with no payload content") {
  auto moved = fixture("candidate_moved_stage_changed");
  SUBCASE("not JSON") {
    auto r = run("{\"event_type\":");
    CHECK_FALSE(r.error.empty());
    CHECK(r.events.empty());
  }
  SUBCASE("not an object") {
    CHECK(run("[1]").error == "recruitee body is not a JSON object");
  }
  SUBCASE("no event_type") {
    CHECK(run(R"({"id":1,"payload":{}})").error == "recruitee body lacks an 'event_type' string");
    CHECK(run(R"({"id":1,"event_type":7,"payload":{}})").error ==
          "recruitee body lacks an 'event_type' string");
  }
  SUBCASE("unknown event type, made printable") {
    CHECK(run(R"({"id":1,"event_type":"candidate_x y","payload":{}})").error ==
          "unknown recruitee event_type 'candidate_x?y'");
  }
  SUBCASE("unknown subtype") {
    CHECK(run(replaced(moved, "\"stage_changed\"", "\"teleported\"")).error ==
          "unknown recruitee candidate_moved subtype 'teleported'");
  }
  SUBCASE("no delivery id") {
    CHECK(run(replaced(moved, "\"id\": 2144245,", "")).error ==
          "recruitee candidate_moved lacks an 'id'");
  }
  SUBCASE("payload of the wrong type") {
    CHECK(run(R"({"id":1,"event_type":"candidate_deleted","payload":[]})").error ==
          "recruitee candidate_deleted lacks a payload object");
  }
  SUBCASE("candidate id of the wrong type") {
    auto r = run(replaced(moved, "\"id\": 46566917", "\"id\": {\"x\": 1}"));
    CHECK(r.error == "recruitee candidate_moved lacks payload.candidate.id");
    CHECK(r.error.find("Kowalski") == std::string::npos);
  }
  SUBCASE("no offer") {
    CHECK(run(replaced(moved, "\"offer\":", "\"offre\":")).error ==
          "recruitee candidate_moved lacks payload.offer");
  }
  SUBCASE("no target stage") {
    CHECK(run(replaced(moved, "\"to_stage\"", "\"stage_to\"")).error ==
          "recruitee candidate_moved lacks payload.details.to_stage");
  }
  SUBCASE("too deep") {
    std::string deep = R"({"id":1,"event_type":"candidate_deleted","payload":)";
    for (int i = 0; i < 80; ++i) deep += "[";
    for (int i = 0; i < 80; ++i) deep += "]";
    deep += "}";
    CHECK_FALSE(run(deep).error.empty());
  }
}

TEST_CASE("recruitee: payloads of unexpected shapes never crash and never give invalid events") {
  for (const auto& name : test::fixture_names("recruitee")) {
    CAPTURE(name);
    check_every_node_mutated(fixture(name), [](std::string_view body) { return run(body); });
  }
}

}  // namespace weft
