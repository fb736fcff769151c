// The Workable adapter: hex and base64 signatures, the event taken from the body or the
// URL's query, status derived from the candidate's stage and disqualification, HR events
// refused, malformed bodies, and golden fixtures.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "providers/core/crypto.h"
#include "providers/core/json.h"
#include "providers/core/offline.h"
#include "providers/workable/workable.h"
#include "support/golden.h"
#include "support/provider_checks.h"

namespace {

using namespace weft::test;

using weft::ConnectionInfo;
using weft::Headers;
using weft::VendorRequest;
using weft::workable_provider;

const char* kVendor = "workable";
const std::string kBody =
    R"({"id":"a1b2c3","job":{"shortcode":"JOB1"},"stage":"Sourced","stage_kind":"sourced",)"
    R"("disqualified":false,"sourced":true,"updated_at":"2026-04-02T09:00:00Z"})";

ConnectionInfo connection(std::vector<std::string> secrets = {"test-secret"}) {
  return ConnectionInfo{"acme-workable", "acme", kVendor, "production", std::move(secrets)};
}

weft::Verification verify(const Headers& h, std::string_view body, const ConnectionInfo& c) {
  return weft::test::verify_with(workable_provider, h, body, c);
}

weft::OfflineResult run(std::string_view body, std::string_view query, const Headers& h = {}) {
  return weft::normalize_offline(workable_provider, connection(), h, body,
                                 weft::test::kGoldenReceivedAt, query);
}

}  // namespace

TEST_CASE("workable: every fixture matches its golden events") {
  for (const auto& name : weft::test::fixture_names(kVendor))
    weft::test::check_golden(kVendor, name);
}

TEST_CASE("workable: both documented candidate events have a fixture") {
  auto names = weft::test::fixture_names(kVendor);
  for (std::string event : {"candidate_created", "candidate_moved"}) {
    CAPTURE(event);
    CHECK(std::find(names.begin(), names.end(), event) != names.end());
    auto result = weft::test::normalize_fixture(kVendor, event);
    CHECK(result.error.empty());
    CHECK_FALSE(result.events.empty());
  }
}

TEST_CASE("workable: every fixture's signature verifies with the fixture secret only") {
  for (const auto& name : weft::test::fixture_names(kVendor)) {
    CAPTURE(name);
    auto body = weft::test::read_file(weft::test::fixture_dir(kVendor) + "/" + name + ".json");
    auto h = weft::test::fixture_headers(kVendor, name);
    CHECK(verify(h, body, connection()).ok);
    CHECK_FALSE(verify(h, body, connection({"another-secret"})).ok);
  }
}

TEST_CASE("workable: signature checks") {
  auto rotating = connection({"old-secret", "new-secret"});
  std::string mac = weft::hmac_sha256("new-secret", kBody);

  SUBCASE("hex and base64 both pass; the rotation's second secret matches") {
    CHECK(verify({{"X-Workable-Signature", weft::to_hex(mac)}}, kBody, rotating).ok);
    CHECK(verify({{"x-workable-signature", weft::base64_encode(mac)}}, kBody, rotating).ok);
  }
  SUBCASE("a tampered body fails") {
    std::string tampered = kBody;
    tampered.replace(tampered.find("JOB1"), 4, "JOB2");
    auto v = verify({{"X-Workable-Signature", weft::to_hex(mac)}}, tampered, rotating);
    CHECK_FALSE(v.ok);
    CHECK(v.reason == "X-Workable-Signature does not match");
  }
  SUBCASE("an unknown secret fails") {
    auto other = hex_hmac("stranger", kBody);
    CHECK_FALSE(verify({{"X-Workable-Signature", other}}, kBody, rotating).ok);
  }
  SUBCASE("a missing header fails") {
    auto v = verify({{"Content-Type", "application/json"}}, kBody, rotating);
    CHECK_FALSE(v.ok);
    CHECK(v.reason == "missing X-Workable-Signature header");
  }
  SUBCASE("a prefixed or truncated digest is malformed") {
    auto v = verify({{"X-Workable-Signature", "sha256=" + weft::to_hex(mac)}}, kBody, rotating);
    CHECK_FALSE(v.ok);
    CHECK(v.reason == "X-Workable-Signature is malformed");
    CHECK_FALSE(
        verify({{"X-Workable-Signature", weft::to_hex(mac).substr(0, 40)}}, kBody, rotating).ok);
  }
  CHECK(workable_provider.accepted_status == 200);
  CHECK_FALSE(static_cast<bool>(workable_provider.answer_unsigned_handshake));
}

TEST_CASE("workable: the event comes from the body, else from the URL's query") {
  SUBCASE("the query names it for a bare candidate") {
    auto result = run(kBody, "source=weft&event=candidate_moved");
    REQUIRE(result.error.empty());
    CHECK(types_of(result) ==
          std::vector<std::string>{"ats.application.updated", "ats.application.stage_changed"});
    auto doc = parsed(result.events[0].body);
    CHECK(text_at(doc, {"source", "vendor_event_type"}) == "candidate_moved");
    const auto* prospect = weft::json::find_path(doc, {"data", "is_prospect"});
    REQUIRE(prospect != nullptr);
    CHECK((prospect->IsBool() && prospect->GetBool()));
    CHECK(weft::json::find_path(doc, {"source", "vendor_event_id"})->IsNull());
  }
  SUBCASE("a body's event_type wins over the query") {
    auto result = weft::test::normalize_fixture(kVendor, "candidate_moved-hired");
    REQUIRE(result.error.empty());
    CHECK(types_of(result) ==
          std::vector<std::string>{"ats.application.updated", "ats.application.hired"});
  }
  SUBCASE("neither: refused") {
    auto result = run(kBody, "");
    CHECK(result.error == "workable event unknown: no event_type and no ?event= in the URL");
  }
}

TEST_CASE("workable: status comes from the candidate, not the event name") {
  SUBCASE("disqualified is rejected") {
    auto result = weft::test::normalize_fixture(kVendor, "candidate_moved-disqualified");
    REQUIRE(result.error.empty());
    CHECK(types_of(result) ==
          std::vector<std::string>{"ats.application.updated", "ats.application.rejected"});
    auto doc = parsed(result.events[0].body);
    CHECK(text_at(doc, {"data", "status"}) == "rejected");
    CHECK(text_at(doc, {"data", "rejected_at"}) == "2026-04-02T09:14:38Z");
    CHECK(text_at(doc, {"data", "rejection", "reason_name"}) == "Underqualified");
    CHECK(text_at(doc, {"occurred_at"}) == "2026-04-02T09:14:39Z");
  }
  SUBCASE("disqualified because the candidate withdrew is withdrawn") {
    auto result = weft::test::normalize_fixture(kVendor, "candidate_moved-withdrew");
    REQUIRE(result.error.empty());
    CHECK(types_of(result) ==
          std::vector<std::string>{"ats.application.updated", "ats.application.withdrawn"});
    auto doc = parsed(result.events[0].body);
    CHECK(text_at(doc, {"data", "status"}) == "withdrawn");
    CHECK(text_at(doc, {"data", "rejection", "reason_type"}) == "rejected_by_candidate");
  }
  SUBCASE("a hired stage kind is hired") {
    auto result = weft::test::normalize_fixture(kVendor, "candidate_moved-hired");
    auto doc = parsed(result.events[0].body);
    CHECK(text_at(doc, {"data", "status"}) == "hired");
    CHECK(text_at(doc, {"data", "hired_at"}) == "2026-04-01T00:00:00Z");
  }
}

TEST_CASE("workable: event ids follow the envelope id; else the body decides") {
  auto a = weft::test::normalize_fixture(kVendor, "candidate_created");
  auto b = weft::test::normalize_fixture(kVendor, "candidate_created");
  REQUIRE(a.events.size() == 2);
  CHECK(a.events[0].id == b.events[0].id);
  CHECK(a.events[0].id != a.events[1].id);
  auto doc = parsed(a.events[0].body);
  CHECK(text_at(doc, {"source", "vendor_event_id"}) == "b7e1d2c3-0001-4a5b-8c9d-0e1f2a3b4c5d");
  CHECK(text_at(doc, {"correlation_id"}) == text_at(parsed(a.events[1].body), {"correlation_id"}));
  auto bare = run(kBody, "event=candidate_moved");
  std::string other = kBody;
  other.replace(other.find("Sourced"), 7, "Applied");
  auto bare_other = run(other, "event=candidate_moved");
  REQUIRE(bare.events.size() == 2);
  REQUIRE(bare_other.events.size() == 2);
  CHECK(bare.events[0].id != bare_other.events[0].id);
}

TEST_CASE("workable: HR events, unknown events and malformed bodies are refused") {
  struct Case {
    std::string body;
    std::string query;
    std::string reason;
  };
  std::vector<Case> cases = {
      {kBody, "event=employee_created", "workable employee_created is an HR event, not an ATS one"},
      {R"({"event_type":"timeoff_updated","data":{"id":"e1"}})", "",
       "workable timeoff_updated is an HR event, not an ATS one"},
      {kBody, "event=candidate_deleted", "unknown workable event 'candidate_deleted'"},
      {"not json", "event=candidate_created", ""},
      {R"(["a"])", "event=candidate_created", "workable body is not a JSON object"},
      {R"({"data":{"name":"x"}})", "event=candidate_created",
       "workable candidate_created: candidate lacks an id"},
      {R"({"id":42})", "event=candidate_moved", "workable candidate_moved: candidate lacks an id"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.body);
    auto result = run(c.body, c.query);
    CHECK_FALSE(result.error.empty());
    CHECK(result.error.find('\n') == std::string::npos);
    if (!c.reason.empty()) CHECK(result.error == c.reason);
    CHECK(result.events.empty());
  }
  SUBCASE("a body nested deeper than the limit is refused") {
    std::string deep(300, '[');
    deep += std::string(300, ']');
    auto result = run(R"({"id":"a","x":)" + deep + "}", "event=candidate_moved");
    CHECK_FALSE(result.error.empty());
  }
}
