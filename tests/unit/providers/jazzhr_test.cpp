// The JazzHR adapter: signature, the VERIFY event, delivery ids from X-JazzHR-UUID, the
// HR-Open candidate export mapped to records, error reasons and golden fixtures.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "providers/core/json.h"
#include "providers/core/offline.h"
#include "providers/jazzhr/jazzhr.h"
#include "providers/jazzhr/records.h"
#include "support/golden.h"
#include "support/provider_checks.h"

namespace weft {
namespace {

using namespace test;

const ConnectionInfo kConnection = test::fixture_connection("jazzhr");

std::string fixture(const std::string& name) {
  return test::fixture_body("jazzhr", name);
}

Verification verify(const Headers& headers, std::string_view body,
                    const ConnectionInfo& connection = kConnection) {
  return test::verify_with(jazzhr_provider, headers, body, connection);
}

Headers export_headers(std::string uuid = "9b2e7c1a-4d5f-4e8b-a6c3-2f1d0e9b8a71") {
  return {{"X-JazzHR-Event", "CANDIDATE-EXPORT"}, {"X-JazzHR-UUID", std::move(uuid)}};
}

OfflineResult run(std::string_view body, const Headers& headers = export_headers()) {
  return normalize_offline(jazzhr_provider, kConnection, headers, body, test::kGoldenReceivedAt);
}

}  // namespace

TEST_CASE("jazzhr: every fixture matches its golden events") {
  auto names = test::fixture_names("jazzhr");
  CHECK(names.size() >= 5);
  for (const auto& name : names) test::check_golden("jazzhr", name);
}

TEST_CASE("jazzhr: both documented events have a fixture") {
  auto names = test::fixture_names("jazzhr");
  for (std::string name : {"verify", "candidate_export"}) {
    CAPTURE(name);
    REQUIRE(std::find(names.begin(), names.end(), name) != names.end());
    auto r = test::normalize_fixture("jazzhr", name);
    CHECK(r.error.empty());
    CHECK((name == "verify") == r.reply.has_value());
    CHECK((name == "verify") == r.events.empty());
  }
}

TEST_CASE("jazzhr: every fixture's signature verifies with the fixture secret only") {
  auto other = kConnection;
  other.secrets = {"another-secret"};
  for (const auto& name : test::fixture_names("jazzhr")) {
    CAPTURE(name);
    auto headers = test::fixture_headers("jazzhr", name);
    CHECK(verify(headers, fixture(name)).ok);
    CHECK_FALSE(verify(headers, fixture(name), other).ok);
  }
}

TEST_CASE("jazzhr: X-JazzHR-Signature is the lowercase hex HMAC of the raw body") {
  const std::string body = fixture("candidate_export");
  SUBCASE("good, header name in any case") {
    CHECK(verify({{"x-jazzhr-signature", hex_hmac("test-secret", body)}}, body).ok);
  }
  SUBCASE("another secret") {
    auto v = verify({{"X-JazzHR-Signature", hex_hmac("other", body)}}, body);
    CHECK_FALSE(v.ok);
    CHECK(v.reason == "X-JazzHR-Signature does not match");
  }
  SUBCASE("body changed after signing") {
    auto sig = hex_hmac("test-secret", body);
    CHECK_FALSE(verify({{"X-JazzHR-Signature", sig}}, replaced(body, "Dana", "Dina")).ok);
  }
  SUBCASE("missing") {
    auto v = verify(export_headers(), body);
    CHECK_FALSE(v.ok);
    CHECK(v.reason == "missing X-JazzHR-Signature header");
  }
  SUBCASE("wrong format") {
    auto v = verify({{"X-JazzHR-Signature", "sha256=" + hex_hmac("test-secret", body)}}, body);
    CHECK_FALSE(v.ok);
    CHECK(v.reason == "X-JazzHR-Signature is malformed");
    CHECK_FALSE(verify({{"X-JazzHR-Signature", base64_hmac("test-secret", body)}}, body).ok);
  }
  SUBCASE("a rotated second secret matches") {
    auto rotating = kConnection;
    rotating.secrets = {"old-secret", "new-secret"};
    CHECK(verify({{"X-JazzHR-Signature", hex_hmac("new-secret", body)}}, body, rotating).ok);
    CHECK(verify({{"X-JazzHR-Signature", hex_hmac("old-secret", body)}}, body, rotating).ok);
    CHECK_FALSE(verify({{"X-JazzHR-Signature", hex_hmac("test-secret", body)}}, body, rotating).ok);
  }
}

TEST_CASE("jazzhr: VERIFY is answered 200 with no events, signed or not") {
  REQUIRE(static_cast<bool>(jazzhr_provider.answer_unsigned_handshake));
  CHECK(jazzhr_provider.accepted_status == 200);
  const std::string body = fixture("verify");
  Headers unsigned_verify{{"X-JazzHR-Event", "VERIFY"}};
  VendorRequest request{unsigned_verify, body, {}};
  auto reply = jazzhr_provider.answer_unsigned_handshake(request, kConnection);
  REQUIRE(reply.has_value());
  CHECK(reply->status == 200);

  auto n = run(body, test::fixture_headers("jazzhr", "verify"));
  CHECK(n.error.empty());
  REQUIRE(n.reply.has_value());
  CHECK(n.reply->status == 200);
  CHECK(n.events.empty());

  SUBCASE("an export is no handshake") {
    Headers headers = export_headers();
    VendorRequest export_request{headers, body, {}};
    CHECK_FALSE(jazzhr_provider.answer_unsigned_handshake(export_request, kConnection));
    Headers none;
    VendorRequest bare{none, body, {}};
    CHECK_FALSE(jazzhr_provider.answer_unsigned_handshake(bare, kConnection));
  }
}

TEST_CASE("jazzhr: X-JazzHR-UUID names the delivery") {
  const std::string body = fixture("candidate_export");
  auto first = run(body);
  REQUIRE(first.error.empty());
  REQUIRE(first.events.size() == 3);
  auto doc = parsed(first.events[0].body);
  CHECK(value_at(doc, {"source", "vendor_event_id"}) == "9b2e7c1a-4d5f-4e8b-a6c3-2f1d0e9b8a71");
  CHECK(value_at(doc, {"source", "vendor_event_type"}) == "CANDIDATE-EXPORT");

  auto again = run(body + "\n");
  for (size_t i = 0; i < first.events.size(); ++i) CHECK(again.events[i].id == first.events[i].id);
  auto other = run(body, export_headers("11111111-2222-4333-8444-555555555555"));
  for (size_t i = 0; i < first.events.size(); ++i) CHECK(other.events[i].id != first.events[i].id);
  CHECK(first.events[0].id != first.events[1].id);
}

TEST_CASE("jazzhr: an export is the candidate, its applications and attachments") {
  auto r = test::normalize_fixture("jazzhr", "candidate_export");
  REQUIRE(r.error.empty());
  CHECK(types_of(r) == std::vector<std::string>{"ats.candidate.updated", "ats.application.updated",
                                                "ats.attachment.updated"});
  auto candidate = parsed(r.events[0].body);
  CHECK(value_at(candidate, {"data", "first_name"}) == "Dana");
  CHECK(value_at(candidate, {"data", "last_name"}) == "Whitfield");
  CHECK(value_at(candidate, {"data", "remote_url"}) ==
        "https://app.jazz.co/app/v2/candidate/QZ7KMLJ3TXPRV2DA");
  auto app = parsed(r.events[1].body);
  CHECK(value_at(app, {"subject", "remote_id"}) == "applicant2job_20260331091205_H4XSMB7QRT2KLPZW");
  CHECK(value_at(app, {"data", "candidate_id"}) == value_at(candidate, {"subject", "id"}));
  CHECK(value_at(app, {"data", "status"}) == "active");
  CHECK(value_at(app, {"data", "status_raw"}) == "In Progress");
  CHECK(value_at(app, {"data", "current_stage", "name"}) == "Phone Screen");
  CHECK(value_at(app, {"data", "stage_category"}) == "screen");
  CHECK(value_at(app, {"data", "applied_at"}) == "2026-03-31T00:00:00Z");
  CHECK(value_at(app, {"occurred_at"}) == "2026-04-02T09:14:58Z");
  auto attachment = parsed(r.events[2].body);
  CHECK(value_at(attachment, {"data", "type"}) == "resume");
  CHECK(value_at(attachment, {"data", "application_id"}) == value_at(app, {"subject", "id"}));
}

TEST_CASE("jazzhr: hired and rejected come from the status text, the raw value kept") {
  SUBCASE("hired") {
    auto r = test::normalize_fixture("jazzhr", "candidate_export_hired");
    auto app = parsed(r.events[1].body);
    CHECK(value_at(app, {"data", "status"}) == "hired");
    CHECK(value_at(app, {"data", "hired_at"}) == "2026-04-20T18:30:00Z");
    CHECK(value_at(app, {"data", "rejected_at"}) == "<null>");
  }
  SUBCASE("not hired is a rejection, not a hire") {
    auto r = test::normalize_fixture("jazzhr", "candidate_export_not_hired");
    auto app = parsed(r.events[1].body);
    CHECK(value_at(app, {"data", "status"}) == "rejected");
    CHECK(value_at(app, {"data", "status_raw"}) == "Not Hired");
    CHECK(value_at(app, {"data", "stage_category"}) == "rejected");
    CHECK(value_at(app, {"data", "rejection", "rejected_at"}) == "2026-04-08T15:02:40Z");
    CHECK(value_at(app, {"data", "hired_at"}) == "<null>");
  }
  SUBCASE("a status that says neither is unknown, raw kept") {
    auto body = replaced(fixture("candidate_export"), "\"In Progress\"", "\"Custom Bucket\"");
    auto app = parsed(run(body).events[1].body);
    CHECK(value_at(app, {"data", "status"}) == "unknown");
    CHECK(value_at(app, {"data", "status_raw"}) == "Custom Bucket");
  }
  SUBCASE("status words") {
    CHECK(jazzhr::status_of("Not Hired") == "rejected");
    CHECK(jazzhr::status_of("Hired") == "hired");
    CHECK(jazzhr::status_of("Candidate Withdrew") == "withdrawn");
    CHECK(jazzhr::status_of("Hiring Manager Review") == "unknown");
    CHECK(jazzhr::stage_category("Offer Extended") == "offer");
    CHECK(jazzhr::stage_category("Second Interview") == "interview");
    CHECK(jazzhr::stage_category("Holding Pen") == "other");
  }
}

TEST_CASE("jazzhr: rejected deliveries say why in one line, with no payload content") {
  auto body = fixture("candidate_export");
  SUBCASE("no event header") {
    CHECK(run(body, Headers{}).error == "missing X-JazzHR-Event header");
  }
  SUBCASE("unknown event, made printable") {
    CHECK(run(body, {{"X-JazzHR-Event", "CANDIDATE DELETE"}}).error ==
          "unknown jazzhr event 'CANDIDATE?DELETE'");
  }
  SUBCASE("not JSON, not an object") {
    CHECK_FALSE(run("{\"candidate\":").error.empty());
    CHECK(run("[]").error == "jazzhr body is not a JSON object");
  }
  SUBCASE("no candidate or person") {
    CHECK(run("{}").error == "jazzhr CANDIDATE-EXPORT lacks a candidate object");
    CHECK(run(R"({"candidate":{"person":"x"}})").error ==
          "jazzhr CANDIDATE-EXPORT lacks candidate.person");
  }
  SUBCASE("no candidate id, and no personal data in the reason") {
    auto r = run(replaced(body, "\"prospect_20260331091204_QZ7KMLJ3TXPRV2DA\"", "{}"));
    CHECK(r.error == "jazzhr CANDIDATE-EXPORT lacks candidate.person.id.value");
    CHECK(r.error.find("Dana") == std::string::npos);
  }
  SUBCASE("a profile without an id") {
    CHECK(run(replaced(body, "\"applicant2job_20260331091205_H4XSMB7QRT2KLPZW\"", "null")).error ==
          "jazzhr CANDIDATE-EXPORT lacks candidate.profiles[].profileId.value");
  }
  SUBCASE("unexpected shapes elsewhere still give valid events") {
    auto odd = replaced(body, "\"https://www.linkedin.com/in/dana-whitfield-example\"", "42");
    odd = replaced(odd, "\"2026-03-31\"", "\"March 31\"");
    auto r = run(odd);
    REQUIRE(r.error.empty());
    CHECK(value_at(parsed(r.events[1].body), {"data", "applied_at"}) == "<null>");
  }
}

TEST_CASE("jazzhr: payloads of unexpected shapes never crash and never give invalid events") {
  for (const auto& name : test::fixture_names("jazzhr")) {
    CAPTURE(name);
    auto headers = test::fixture_headers("jazzhr", name);
    check_every_node_mutated(fixture(name),
                             [&](std::string_view body) { return run(body, headers); });
  }
}

}  // namespace weft
