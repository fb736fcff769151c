// The Breezy HR adapter: X-Hook-Signature, event mapping, error reasons and golden fixtures.
#include <doctest/doctest.h>

#include <cctype>
#include <set>
#include <string>
#include <vector>

#include "providers/breezy/breezy.h"
#include "providers/core/ids.h"
#include "providers/core/json.h"
#include "providers/core/offline.h"
#include "support/golden.h"
#include "support/provider_checks.h"

namespace {

using namespace weft::test;

using weft::breezy_provider;
using weft::ConnectionInfo;
using weft::Headers;
using weft::VendorRequest;

const ConnectionInfo kConnection{
    "acme-breezy", "acme", "breezy", "production", {"whsec_test-secret"}};

std::string fixture(const std::string& name) {
  return weft::test::fixture_body("breezy", name);
}

std::string signature(std::string_view secret, std::string_view body) {
  return weft::test::hex_hmac(secret, body);
}

weft::Verification verify(const Headers& headers, std::string_view body,
                          const ConnectionInfo& connection = kConnection) {
  return weft::test::verify_with(breezy_provider, headers, body, connection);
}

weft::OfflineResult normalize(std::string_view body) {
  return weft::normalize_offline(breezy_provider, kConnection, Headers{}, body,
                                 weft::test::kGoldenReceivedAt);
}

}  // namespace

TEST_CASE("breezy: every fixture matches its golden events") {
  auto names = weft::test::fixture_names("breezy");
  CHECK(names.size() >= 14);
  for (const auto& name : names) weft::test::check_golden("breezy", name);
}

TEST_CASE("breezy: every documented event type has a fixture") {
  const std::vector<std::string> documented = {"candidateAdded",
                                               "candidateDeleted",
                                               "candidateStatusUpdated",
                                               "companyPositionAdded",
                                               "companyPositionUpdated",
                                               "companyPositionDeleted",
                                               "companyPositionStateUpdated",
                                               "companyNotePosted",
                                               "companyNoteUpdated",
                                               "companyNoteDeleted"};
  std::set<std::string> covered;
  for (const auto& name : weft::test::fixture_names("breezy")) {
    covered.insert(text_at(parsed(fixture(name)), {"type"}));
  }
  for (const auto& type : documented) {
    CAPTURE(type);
    CHECK(covered.count(type) == 1);
  }
}

TEST_CASE("breezy: the provider is registered and acknowledges with 200") {
  const weft::Provider* p = weft::find_provider("breezy");
  REQUIRE(p == &breezy_provider);
  CHECK(p->accepted_status == 200);
  CHECK_FALSE(static_cast<bool>(p->answer_unsigned_handshake));
  CHECK_FALSE(static_cast<bool>(p->enrich));
}

TEST_CASE("breezy: X-Hook-Signature over the raw body") {
  const std::string body = fixture("candidate_status_updated_hired");

  SUBCASE("good, with the whole whsec_ secret as the key") {
    CHECK(verify({{"X-Hook-Signature", signature("whsec_test-secret", body)}}, body).ok);
  }
  SUBCASE("good: a compact body, as Breezy serializes it") {
    auto doc = parsed(body);
    auto compact = weft::json::serialize(doc);
    REQUIRE(compact != body);
    CHECK(verify({{"X-Hook-Signature", signature("whsec_test-secret", compact)}}, compact).ok);
  }
  SUBCASE("uppercase hex and any header case") {
    std::string upper = signature("whsec_test-secret", body);
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    CHECK(verify({{"x-hook-signature", upper}}, body).ok);
  }
  SUBCASE("bad: another secret") {
    auto v = verify({{"X-Hook-Signature", signature("whsec_other", body)}}, body);
    CHECK_FALSE(v.ok);
    CHECK(v.reason == "X-Hook-Signature does not match");
  }
  SUBCASE("bad: the secret without its whsec_ prefix") {
    CHECK_FALSE(verify({{"X-Hook-Signature", signature("test-secret", body)}}, body).ok);
  }
  SUBCASE("bad: body changed after signing") {
    auto tampered = replaced(body, R"("id": "hired")", R"("id": "disqualified")");
    CHECK(verify({{"X-Hook-Signature", signature("whsec_test-secret", body)}}, tampered).reason ==
          "X-Hook-Signature does not match");
  }
  SUBCASE(
      "bad: the raw body differs from the signed compact form (re-serialization is not tried)") {
    auto compact = weft::json::serialize(parsed(body));
    CHECK_FALSE(verify({{"X-Hook-Signature", signature("whsec_test-secret", compact)}}, body).ok);
  }
  SUBCASE("missing") {
    auto v = verify({{"Content-Type", "application/json"}}, body);
    CHECK(v.reason == "missing X-Hook-Signature header");
  }
  SUBCASE("wrong format: a prefix, base64, or too short") {
    auto hex = signature("whsec_test-secret", body);
    CHECK(verify({{"X-Hook-Signature", "sha256=" + hex}}, body).reason ==
          "X-Hook-Signature is malformed");
    auto b64 = base64_hmac("whsec_test-secret", body);
    CHECK(verify({{"X-Hook-Signature", b64}}, body).reason == "X-Hook-Signature is malformed");
    CHECK(verify({{"X-Hook-Signature", hex.substr(0, 32)}}, body).reason ==
          "X-Hook-Signature is malformed");
  }
  SUBCASE("a rotated second secret matches") {
    ConnectionInfo rotating = kConnection;
    rotating.secrets = {"whsec_old", "whsec_new"};
    CHECK(verify({{"X-Hook-Signature", signature("whsec_new", body)}}, body, rotating).ok);
    CHECK(verify({{"X-Hook-Signature", signature("whsec_old", body)}}, body, rotating).ok);
    CHECK_FALSE(
        verify({{"X-Hook-Signature", signature("whsec_test-secret", body)}}, body, rotating).ok);
  }
}

TEST_CASE("breezy: each event type yields its unified events") {
  struct Expect {
    const char* fixture;
    std::vector<std::string> types;
  };
  const std::vector<Expect> table = {
      {"candidate_added", {"ats.candidate.created", "ats.application.created"}},
      {"candidate_status_updated", {"ats.application.updated", "ats.application.stage_changed"}},
      {"candidate_status_updated_custom_stage",
       {"ats.application.updated", "ats.application.stage_changed"}},
      {"candidate_status_updated_hired",
       {"ats.application.updated", "ats.application.stage_changed", "ats.application.hired"}},
      {"candidate_status_updated_disqualified",
       {"ats.application.updated", "ats.application.stage_changed", "ats.application.rejected"}},
      {"candidate_deleted", {"ats.candidate.deleted", "ats.application.deleted"}},
      {"company_position_added", {"ats.job.created", "ats.job.opened"}},
      {"company_position_updated", {"ats.job.updated"}},
      {"company_position_state_updated", {"ats.job.updated", "ats.job.closed"}},
      {"company_position_state_updated_published", {"ats.job.updated", "ats.job.opened"}},
      {"company_position_deleted", {"ats.job.deleted"}},
      {"company_note_posted", {}},
      {"company_note_updated", {}},
      {"company_note_deleted", {}},
  };
  for (const auto& e : table) {
    CAPTURE(e.fixture);
    auto r = normalize(fixture(e.fixture));
    REQUIRE_MESSAGE(r.error.empty(), r.error);
    CHECK(types_of(r) == e.types);
  }
}

TEST_CASE("breezy: status comes from the built-in stage ids") {
  SUBCASE("disqualified is a rejection dated by entered_stage") {
    auto r = normalize(fixture("candidate_status_updated_disqualified"));
    REQUIRE(r.events.size() == 3);
    auto doc = parsed(r.events[2].body);
    CHECK(text_at(doc, {"data", "status"}) == "rejected");
    CHECK(text_at(doc, {"data", "stage_category"}) == "rejected");
    CHECK(text_at(doc, {"data", "stage_category_raw"}) == "disqualified");
    CHECK(text_at(doc, {"data", "rejected_at"}) == "2026-04-02T09:14:30Z");
    CHECK(text_at(doc, {"data", "rejection", "rejected_at"}) == "2026-04-02T09:14:30Z");
    CHECK(null_at(doc, {"data", "hired_at"}));
  }
  SUBCASE("hired") {
    auto r = normalize(fixture("candidate_status_updated_hired"));
    REQUIRE(r.events.size() == 3);
    auto doc = parsed(r.events[2].body);
    CHECK(text_at(doc, {"data", "status"}) == "hired");
    CHECK(text_at(doc, {"data", "hired_at"}) == "2026-04-02T09:14:05Z");
    CHECK(null_at(doc, {"data", "rejection"}));
  }
  SUBCASE("a stage named Hired with another id is not a hire") {
    auto body = replaced(fixture("candidate_status_updated_hired"), R"("id": "hired")",
                         R"("id": "a1b2c3d4e5f6")");
    auto r = normalize(body);
    CHECK(types_of(r) ==
          std::vector<std::string>{"ats.application.updated", "ats.application.stage_changed"});
    auto doc = parsed(r.events[0].body);
    CHECK(text_at(doc, {"data", "status"}) == "active");
    CHECK(text_at(doc, {"data", "stage_category"}) == "other");
  }
  SUBCASE("a numeric stage id is read as text") {
    auto body = replaced(fixture("candidate_status_updated_custom_stage"),
                         R"("id": "5e8f0a1b2c3d")", R"("id": 42)");
    auto r = normalize(body);
    REQUIRE(r.error.empty());
    CHECK(text_at(parsed(r.events[0].body), {"data", "current_stage", "remote_id"}) == "42");
  }
}

TEST_CASE("breezy: a candidate is one person in one position") {
  auto r = normalize(fixture("candidate_added"));
  REQUIRE(r.events.size() == 2);
  auto candidate = parsed(r.events[0].body);
  auto application = parsed(r.events[1].body);
  const std::string id = "c41f7e9a2d05";
  CHECK(text_at(candidate, {"data_mode"}) == "partial");
  CHECK(text_at(candidate, {"data", "first_name"}) == "Jordan");
  CHECK(text_at(candidate, {"data", "last_name"}) == "Avery Ellis");
  CHECK(text_at(application, {"data", "remote_id"}) == id);
  CHECK(text_at(application, {"data", "candidate_id"}) ==
        weft::unified_record_id("acme-breezy", "candidate", id));
  CHECK(text_at(application, {"data", "job_id"}) ==
        weft::unified_record_id("acme-breezy", "job", "8e2d4c6a1b3f"));
  CHECK(text_at(application, {"data", "applied_at"}) == "2026-04-01T14:03:22Z");
  CHECK(text_at(application, {"data", "source"}) == "Careers Page");
  CHECK(text_at(application, {"data", "origin"}) == "applied");
  CHECK(text_at(application, {"data", "stage_category"}) == "applied");
  CHECK(r.events[0].id != r.events[1].id);
}

TEST_CASE("breezy: the delivery _id is the vendor event id and keeps event ids stable") {
  const std::string body = fixture("candidate_status_updated");
  auto first = normalize(body);
  REQUIRE(first.events.size() == 2);
  auto doc = parsed(first.events[0].body);
  CHECK(text_at(doc, {"source", "vendor_event_id"}) == "6650f1a2b3c4d5e6f7a8b902");
  CHECK(text_at(doc, {"source", "vendor_event_type"}) == "candidateStatusUpdated");
  CHECK(text_at(doc, {"occurred_at"}) == "2026-04-02T09:10:41Z");
  auto retry = normalize(body + "\n");
  REQUIRE(retry.events.size() == 2);
  CHECK(retry.events[0].id == first.events[0].id);
  CHECK(retry.events[1].id == first.events[1].id);
  auto other = normalize(replaced(body, "6650f1a2b3c4d5e6f7a8b902", "6650f1a2b3c4d5e6f7a8b999"));
  REQUIRE(other.events.size() == 2);
  CHECK(other.events[0].id != first.events[0].id);

  auto no_id = normalize(replaced(body, R"("_id": "6650f1a2b3c4d5e6f7a8b902",)", ""));
  REQUIRE(no_id.error.empty());
  CHECK(null_at(parsed(no_id.events[0].body), {"source", "vendor_event_id"}));
}

TEST_CASE("breezy: position events map state to job status") {
  auto added = normalize(fixture("company_position_added"));
  REQUIRE(added.events.size() == 2);
  auto doc = parsed(added.events[0].body);
  CHECK(text_at(doc, {"data", "status"}) == "open");
  CHECK(text_at(doc, {"data", "status_raw"}) == "published");
  CHECK(text_at(doc, {"data", "employment_type"}) == "full_time");
  CHECK(text_at(doc, {"data", "employment_type_raw"}) == "fullTime");
  CHECK(text_at(doc, {"data", "code"}) == "OPS-0114");
  CHECK(weft::json::find_path(doc, {"data", "remote"})->IsFalse());
  CHECK(text_at(doc, {"data", "opened_at"}) == "2026-03-28T16:20:11Z");
  CHECK(null_at(doc, {"data", "closed_at"}));

  auto closed = normalize(fixture("company_position_state_updated"));
  REQUIRE(closed.events.size() == 2);
  auto cl = parsed(closed.events[1].body);
  CHECK(text_at(cl, {"data", "closed_at"}) == "2026-04-02T08:00:00Z");
  CHECK(null_at(cl, {"data", "opened_at"}));

  auto updated = normalize(fixture("company_position_updated"));
  REQUIRE(updated.events.size() == 1);
  auto up = parsed(updated.events[0].body);
  CHECK(text_at(up, {"data", "employment_type"}) == "contract");
  CHECK(weft::json::find_path(up, {"data", "remote"})->IsTrue());

  auto odd = normalize(replaced(fixture("company_position_state_updated"), R"("state": "closed")",
                                R"("state": "onHold")"));
  CHECK(types_of(odd) == std::vector<std::string>{"ats.job.updated"});
  auto od = parsed(odd.events[0].body);
  CHECK(text_at(od, {"data", "status"}) == "unknown");
  CHECK(text_at(od, {"data", "status_raw"}) == "onHold");
  CHECK(od["changed_fields"].Size() == 1);
}

TEST_CASE("breezy: deletes are tombstones with the ids known") {
  auto r = normalize(fixture("candidate_deleted"));
  REQUIRE(r.events.size() == 2);
  auto application = parsed(r.events[1].body);
  CHECK(text_at(application, {"data_mode"}) == "tombstone");
  CHECK(text_at(application, {"data", "deletion_reason"}) == "deleted");
  CHECK(text_at(application, {"data", "job_id"}) ==
        weft::unified_record_id("acme-breezy", "job", "8e2d4c6a1b3f"));
  CHECK(weft::json::find_path(application, {"data", "first_name"}) == nullptr);
}

TEST_CASE("breezy: rejected payloads say why in one line") {
  SUBCASE("unknown type") {
    auto r = normalize(R"({"_id":"e1","type":"candidateMoved","object":{}})");
    CHECK(r.error == "unknown breezy event type 'candidateMoved'");
    CHECK(r.events.empty());
  }
  SUBCASE("unknown type text is made printable") {
    CHECK(normalize(R"({"type":"a b\"c","object":{}})").error ==
          "unknown breezy event type 'a?b?c'");
  }
  SUBCASE("malformed JSON") {
    const std::string body = R"({"_id":"e1","type":)";
    weft::json::Document doc;
    auto reason = weft::json::parse(body, doc);
    REQUIRE_FALSE(reason.empty());
    CHECK(normalize(body).error == reason);
  }
  SUBCASE("too deep") {
    std::string body = R"({"type":"candidateAdded","object":)" + std::string(200, '[') +
                       std::string(200, ']') + "}";
    CHECK_FALSE(normalize(body).error.empty());
  }
  SUBCASE("not an object") {
    CHECK(normalize("\"x\"").error == "breezy body is not a JSON object");
  }
  SUBCASE("missing or mistyped type") {
    CHECK(normalize(R"({"_id":"e1","object":{}})").error == "missing type");
    CHECK(normalize(R"({"type":["candidateAdded"],"object":{}})").error == "missing type");
  }
  SUBCASE("missing object") {
    CHECK(normalize(R"({"type":"candidateAdded"})").error == "candidateAdded: missing object");
    CHECK(normalize(R"({"type":"candidateAdded","object":"x"})").error ==
          "candidateAdded: missing object");
  }
  SUBCASE("missing candidate id, and no personal data in the reason") {
    auto body = replaced(fixture("candidate_added"), R"("_id": "c41f7e9a2d05",)", "");
    auto r = normalize(body);
    CHECK(r.error == "candidateAdded: missing object.candidate._id");
    CHECK(r.error.find("Jordan") == std::string::npos);
    CHECK(r.error.find("example.com") == std::string::npos);
  }
  SUBCASE("status update without a stage") {
    CHECK(normalize(R"({"type":"candidateStatusUpdated","object":{"candidate":{"_id":"c1"}}})")
              .error == "candidateStatusUpdated: missing object.stage");
  }
  SUBCASE("position event without a position id") {
    CHECK(normalize(R"({"type":"companyPositionDeleted","object":{"position":{"name":"x"}}})")
              .error == "companyPositionDeleted: missing object.position._id");
  }
  SUBCASE("wrong types inside are read as absent") {
    auto r = normalize(
        R"({"type":"candidateAdded","creation_date":5,"object":{"candidate":{"_id":"c1",)"
        R"("name":7,"email_address":[],"tags":"x"},"position":"p","stage":[],"source":1}})");
    REQUIRE_MESSAGE(r.error.empty(), r.error);
    REQUIRE(r.events.size() == 2);
    auto app = parsed(r.events[1].body);
    CHECK(null_at(app, {"data", "job_id"}));
    CHECK(null_at(app, {"data", "current_stage"}));
    CHECK(null_at(app, {"data", "status"}));
    CHECK(text_at(app, {"occurred_at"}) == weft::test::kGoldenReceivedAt);
  }
}
