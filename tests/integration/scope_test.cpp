// Subscriber scopes against the real weftd: one sandbox webhook each carrying EEO answers, a
// date of birth and an offer's compensation reaches three subscribers with different scopes.
// Only the subscriber whose scope names a sensitive group receives its fields; the others'
// bodies lack them, list them in redacted_fields, and their signatures verify over exactly the
// bytes received.
#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include <map>
#include <string>
#include <vector>

#include "integration/common.h"

namespace weft::it {
namespace {

const std::string kConnection = "demo-sandbox";

Response post_sandbox(HttpClient& client, const std::string& body) {
  return client.post("/v1/webhooks/" + kConnection, body,
                     {{"Content-Type", "application/json"},
                      {"Weft-Sandbox-Signature", "sha256=" + hex_hmac(kSandboxSecret, body)}});
}

const std::string kEeoWebhook =
    R"({"event_id":"sbx_scope_eeo_000000000001","event":"eeo.submitted",)"
    R"("occurred_at":"2026-04-02T09:15:00Z","data":{"eeo":{"id":501,"candidate_id":77,)"
    R"("gender":"female","race":"asian","veteran_status":"not_protected",)"
    R"("disability_status":"declined","submitted_at":"2026-04-02T09:14:00Z"}}})";

const std::string kCandidateWebhook =
    R"({"event_id":"sbx_scope_cand_00000000001","event":"candidate.created",)"
    R"("occurred_at":"2026-04-02T09:16:00Z","data":{"candidate":{"id":77,"first_name":"Test",)"
    R"("last_name":"Person","birth_date":"1988-07-14","tags":["scope"],)"
    R"("created_at":"2026-04-02T09:16:00Z","updated_at":"2026-04-02T09:16:00Z"}}})";

const std::string kOfferWebhook =
    R"({"event_id":"sbx_scope_offer_0000000001","event":"offer.created",)"
    R"("occurred_at":"2026-04-02T09:17:00Z","data":{"offer":{"id":901,"application_id":300,)"
    R"("status":"draft","version":1,"start_date":"2026-06-01",)"
    R"("salary":{"amount":98765,"currency":"EUR","period":"year"}},)"
    R"("application":{"id":300,"candidate_id":77,"job_id":12}}})";

// The values that must not leak to a subscriber whose scope does not name their group.
const std::vector<std::string> kEeoValues = {"\"female\"", "\"asian\"", "not_a_protected_veteran",
                                             "not_protected"};
const std::string kBirthDate = "1988-07-14";
const std::string kSalary = "98765";

struct Received {
  std::string body;
  rapidjson::Document doc;
};

// Each delivery of a sink by its envelope type; every signature checked over the raw body.
std::map<std::string, Received> by_type(const Sink& sink, const std::string& secret) {
  std::map<std::string, Received> out;
  for (const auto& r : sink.requests()) {
    CHECK_MESSAGE(
        standard_signature_matches(secret, r.header("webhook-id"), r.header("webhook-timestamp"),
                                   r.body, r.header("webhook-signature")),
        "signature does not cover the body received");
    Received received;
    received.body = r.body;
    received.doc.Parse(r.body.c_str());
    REQUIRE_FALSE(received.doc.HasParseError());
    std::string type = received.doc["type"].GetString();
    out[type] = std::move(received);
  }
  return out;
}

std::vector<std::string> redacted(const Received& r) {
  std::vector<std::string> out;
  for (const auto& f : r.doc["redacted_fields"].GetArray()) out.emplace_back(f.GetString());
  return out;
}

bool has(const Received& r, const char* field) {
  return r.doc["data"].HasMember(field);
}

SubscriberSpec scoped(const std::string& id, const Sink& sink, const std::string& scope) {
  SubscriberSpec s = subscriber(id, sink);
  if (!scope.empty()) s.extra = {"scope: " + scope};
  return s;
}

}  // namespace

TEST_SUITE("scope") {
  TEST_CASE(
      "EEO, date of birth and compensation reach only the subscriber whose scope names them") {
    Sink hr, payroll, crm;
    TestDaemon daemon({}, {sandbox_connection(kConnection, "0s")},
                      {scoped("hr", hr, "{sensitive: [eeo, date_of_birth]}"),
                       scoped("payroll", payroll, "{sensitive: [compensation]}"),
                       scoped("crm", crm, "{deny: [candidate.tags]}")});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.port());
    for (const std::string* body : {&kEeoWebhook, &kCandidateWebhook, &kOfferWebhook}) {
      Response res = post_sandbox(client, *body);
      REQUIRE_MESSAGE(res.status == 200, res.status << " " << res.error << " " << res.body);
    }
    // Every delivery is a valid, signed envelope (schema included), whatever was withheld.
    check_deliveries(hr, {whsec("hr")});
    check_deliveries(payroll, {whsec("payroll")});
    check_deliveries(crm, {whsec("crm")});

    auto h = by_type(hr, whsec("hr"));
    auto p = by_type(payroll, whsec("payroll"));
    auto c = by_type(crm, whsec("crm"));
    for (auto* got : {&h, &p, &c}) {
      REQUIRE(got->count("ats.eeo.created") == 1);
      REQUIRE(got->count("ats.candidate.created") == 1);
      REQUIRE(got->count("ats.offer.created") == 1);
    }

    // EEO: only hr.
    const Received& eeo_hr = h["ats.eeo.created"];
    CHECK(std::string(eeo_hr.doc["data"]["gender"].GetString()) == "female");
    CHECK(std::string(eeo_hr.doc["data"]["race"].GetString()) == "asian");
    CHECK(redacted(eeo_hr).empty());
    const std::vector<std::string> eeo_withheld = {"data.gender",
                                                   "data.gender_raw",
                                                   "data.race",
                                                   "data.race_raw",
                                                   "data.veteran_status",
                                                   "data.veteran_status_raw",
                                                   "data.disability_status",
                                                   "data.disability_status_raw"};
    for (auto* got : {&p, &c}) {
      const Received& r = (*got)["ats.eeo.created"];
      CHECK(redacted(r) == eeo_withheld);
      CHECK_FALSE(has(r, "gender"));
      CHECK_FALSE(has(r, "race"));
      CHECK_FALSE(has(r, "veteran_status"));
      CHECK_FALSE(has(r, "disability_status"));
      CHECK(has(r, "candidate_id"));
      for (const auto& value : kEeoValues) CHECK(r.body.find(value) == std::string::npos);
      // The same event as hr's: same id and webhook-id.
      CHECK(std::string(r.doc["id"].GetString()) == eeo_hr.doc["id"].GetString());
    }

    // Date of birth: only hr.
    const Received& cand_hr = h["ats.candidate.created"];
    CHECK(std::string(cand_hr.doc["data"]["date_of_birth"].GetString()) == kBirthDate);
    CHECK(redacted(cand_hr).empty());
    const Received& cand_payroll = p["ats.candidate.created"];
    CHECK(redacted(cand_payroll) == std::vector<std::string>{"data.date_of_birth"});
    CHECK(cand_payroll.body.find(kBirthDate) == std::string::npos);
    CHECK(has(cand_payroll, "tags"));
    // crm also denies tags.
    const Received& cand_crm = c["ats.candidate.created"];
    CHECK(redacted(cand_crm) == std::vector<std::string>{"data.date_of_birth", "data.tags"});
    CHECK(cand_crm.body.find(kBirthDate) == std::string::npos);
    CHECK_FALSE(has(cand_crm, "tags"));
    CHECK(has(cand_crm, "first_name"));

    // Compensation: only payroll.
    const Received& offer_payroll = p["ats.offer.created"];
    CHECK(offer_payroll.doc["data"]["compensation"]["amount"].GetInt() == 98765);
    CHECK(redacted(offer_payroll).empty());
    for (auto* got : {&h, &c}) {
      const Received& r = (*got)["ats.offer.created"];
      CHECK(redacted(r) == std::vector<std::string>{"data.compensation"});
      CHECK_FALSE(has(r, "compensation"));
      CHECK(r.body.find(kSalary) == std::string::npos);
      CHECK(std::string(r.doc["data"]["start_date"].GetString()) == "2026-06-01");
    }
  }
}

}  // namespace weft::it
