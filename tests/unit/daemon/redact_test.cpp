// Scope redaction of one envelope (daemon/deliver/redact.h): what is withheld from `data` and
// `previous`, what `redacted_fields` lists, what is left untouched, and when the shared body
// is reused without being parsed.
#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include <string>
#include <vector>

#include "daemon/deliver/redact.h"

namespace {

using weft::config::Scope;
using weft::deliver::redact;
using weft::deliver::Redaction;

// An envelope as seal() writes it (no spaces), with the given data and previous.
std::string envelope(const std::string& type, const std::string& entity, const std::string& data,
                     const std::string& previous = "null") {
  return R"({"schema_version":"1","id":"evt_0123456789abcdef0123456789abcdef","type":")" + type +
         R"(","occurred_at":"2026-04-02T09:15:00Z","received_at":"2026-04-02T09:15:03Z",)"
         R"("tenant_id":"acme","connection_id":"c1","provider":"sandbox","environment":"sandbox",)"
         R"("subject":{"entity":")" +
         entity +
         R"(","id":"s1","remote_id":"1","candidate_id":null,"job_id":null},"data_mode":"full",)"
         R"("data":)" +
         data + R"(,"previous":)" + previous +
         R"(,"changed_fields":[],"correlation_id":"cor_1","source":{"kind":"webhook",)"
         R"("vendor_event_type":"x","vendor_event_id":null,"signature_verified":true},)"
         R"("redacted_fields":[]})";
}

rapidjson::Document parse(const std::string& body) {
  rapidjson::Document doc;
  doc.Parse(body.c_str());
  REQUIRE_FALSE(doc.HasParseError());
  return doc;
}

std::vector<std::string> redacted_fields(const rapidjson::Document& doc) {
  std::vector<std::string> out;
  for (const auto& f : doc["redacted_fields"].GetArray()) out.emplace_back(f.GetString());
  return out;
}

const std::string kOffer =
    R"({"id":"o1","remote_id":"7","status":"sent","start_date":"2026-05-01",)"
    R"("compensation":{"amount":987654.5,"currency":"EUR","period":"year"},"version":2})";

const std::string kEeo =
    R"({"id":"e1","remote_id":"9","candidate_id":"c1","gender":"female","gender_raw":"F",)"
    R"("race":"asian","race_raw":null,"veteran_status":"unknown","disability_status":null,)"
    R"("submitted_at":"2026-04-02T09:00:00Z"})";

}  // namespace

TEST_CASE("redact: compensation is withheld from a scope that does not name it") {
  const std::string body = envelope("ats.offer.created", "offer", kOffer);
  Redaction r = redact("ats.offer.created", body, Scope{});
  REQUIRE(r.outcome == Redaction::Outcome::redacted);
  CHECK(r.fields == std::vector<std::string>{"data.compensation"});
  auto doc = parse(r.body);
  CHECK_FALSE(doc["data"].HasMember("compensation"));
  CHECK(r.body.find("987654") == std::string::npos);
  CHECK(redacted_fields(doc) == r.fields);
  // Everything else is as it was, in the same order.
  auto original = parse(body);
  original["data"].EraseMember("compensation");
  original["redacted_fields"].PushBack("data.compensation", original.GetAllocator());
  CHECK(doc == original);
  CHECK(r.body.find(R"("start_date":"2026-05-01","version":2})") != std::string::npos);

  // Named in the scope: nothing is withheld and the shared body is used.
  Redaction allowed = redact("ats.offer.created", body, Scope{{"compensation"}, {}});
  CHECK(allowed.outcome == Redaction::Outcome::unchanged);
  CHECK(allowed.body.empty());
  // Another group does not let it through.
  CHECK(redact("ats.offer.created", body, Scope{{"eeo", "date_of_birth"}, {}}).outcome ==
        Redaction::Outcome::redacted);
}

TEST_CASE("redact: EEO answers are withheld with their _raw values; nulls are left") {
  Redaction r = redact("ats.eeo.created", envelope("ats.eeo.created", "eeo", kEeo), Scope{});
  REQUIRE(r.outcome == Redaction::Outcome::redacted);
  CHECK(r.fields == std::vector<std::string>{"data.gender", "data.gender_raw", "data.race",
                                             "data.veteran_status"});
  auto doc = parse(r.body);
  const auto& data = doc["data"];
  CHECK_FALSE(data.HasMember("gender"));
  CHECK_FALSE(data.HasMember("gender_raw"));
  CHECK_FALSE(data.HasMember("race"));
  CHECK_FALSE(data.HasMember("veteran_status"));
  CHECK(data["race_raw"].IsNull());
  CHECK(data["disability_status"].IsNull());
  CHECK(std::string(data["candidate_id"].GetString()) == "c1");
  CHECK(std::string(data["submitted_at"].GetString()) == "2026-04-02T09:00:00Z");
  CHECK(redacted_fields(doc) == r.fields);
  CHECK(redact("ats.eeo.created", envelope("ats.eeo.created", "eeo", kEeo), Scope{{"eeo"}, {}})
            .outcome == Redaction::Outcome::unchanged);
}

TEST_CASE("redact: a date of birth is withheld; a null one withholds nothing") {
  const std::string with =
      R"({"id":"c1","remote_id":"3","first_name":"A","date_of_birth":"1990-01-31"})";
  Redaction r =
      redact("ats.candidate.updated", envelope("ats.candidate.updated", "candidate", with), {});
  REQUIRE(r.outcome == Redaction::Outcome::redacted);
  CHECK(r.fields == std::vector<std::string>{"data.date_of_birth"});
  CHECK(r.body.find("1990-01-31") == std::string::npos);
  CHECK(r.body.find(R"("first_name":"A")") != std::string::npos);

  const std::string null_dob = R"({"id":"c1","remote_id":"3","date_of_birth":null})";
  CHECK(
      redact("ats.candidate.updated", envelope("ats.candidate.updated", "candidate", null_dob), {})
          .outcome == Redaction::Outcome::unchanged);
}

TEST_CASE("redact: deny withholds further fields from data and previous") {
  const std::string data =
      R"({"id":"c1","remote_id":"3","phone_numbers":[{"number":"1"}],"tags":["x"]})";
  const std::string previous = R"({"phone_numbers":[{"number":"0"}],"tags":[]})";
  Scope scope{{}, {"candidate.phone_numbers", "offer.version"}};
  Redaction r = redact("ats.candidate.updated",
                       envelope("ats.candidate.updated", "candidate", data, previous), scope);
  REQUIRE(r.outcome == Redaction::Outcome::redacted);
  CHECK(r.fields == std::vector<std::string>{"data.phone_numbers", "previous.phone_numbers"});
  auto doc = parse(r.body);
  CHECK_FALSE(doc["data"].HasMember("phone_numbers"));
  CHECK_FALSE(doc["previous"].HasMember("phone_numbers"));
  CHECK(doc["previous"].HasMember("tags"));
  // A deny entry of another entity does not touch this one.
  CHECK(redact("ats.offer.created", envelope("ats.offer.created", "offer", kOffer),
               Scope{{"compensation"}, {"candidate.version"}})
            .outcome == Redaction::Outcome::unchanged);
}

TEST_CASE("redact: deny withholds one custom field by its key, the others stay") {
  const std::string data = R"j({"id":"o1","remote_id":"7","status":"sent","custom_fields":)j"
                           R"j({"Salary Band (EUR)":"90-110k","team":"core","bonus":null}})j";
  const std::string previous = R"j({"custom_fields":{"Salary Band (EUR)":"80-100k"}})j";
  Scope scope{{"compensation"},
              {"offer.custom_fields.Salary Band (EUR)", "offer.custom_fields.bonus"}};
  Redaction r =
      redact("ats.offer.updated", envelope("ats.offer.updated", "offer", data, previous), scope);
  REQUIRE(r.outcome == Redaction::Outcome::redacted);
  CHECK(r.fields == std::vector<std::string>{"data.custom_fields.Salary Band (EUR)",
                                             "previous.custom_fields.Salary Band (EUR)"});
  auto doc = parse(r.body);
  CHECK(redacted_fields(doc) == r.fields);
  CHECK_FALSE(doc["data"]["custom_fields"].HasMember("Salary Band (EUR)"));
  CHECK(std::string(doc["data"]["custom_fields"]["team"].GetString()) == "core");
  CHECK(doc["data"]["custom_fields"]["bonus"].IsNull());  // null: nothing to withhold
  CHECK(doc["previous"]["custom_fields"].ObjectEmpty());
  CHECK(r.body.find("90-110k") == std::string::npos);
  // A top-level field of the same name is not a custom field.
  const std::string plain = R"({"id":"o1","remote_id":"7","team":"x","custom_fields":{}})";
  CHECK(redact("ats.offer.updated", envelope("ats.offer.updated", "offer", plain),
               Scope{{"compensation"}, {"offer.custom_fields.team"}})
            .outcome == Redaction::Outcome::unchanged);
}

TEST_CASE("redact: events with nothing to withhold are not parsed") {
  // Not JSON at all: redact() can only answer "unchanged" by not parsing it.
  const std::string garbage = "not json, compensation without quotes";
  CHECK(redact("ats.application.updated", garbage, Scope{}).outcome ==
        Redaction::Outcome::unchanged);
  CHECK(redact("ats.offer.created", garbage, Scope{}).outcome == Redaction::Outcome::unchanged);
  CHECK(redact("weft.ping", garbage, Scope{{}, {"candidate.tags"}}).outcome ==
        Redaction::Outcome::unchanged);
  // An offer without the key is not rewritten either.
  const std::string plain = R"({"id":"o1","remote_id":"7","status":"sent"})";
  CHECK(
      redact("ats.offer.updated", envelope("ats.offer.updated", "offer", plain), Scope{}).outcome ==
      Redaction::Outcome::unchanged);
}

TEST_CASE("redact: a body that may hold a withheld field but cannot be read is refused") {
  Redaction r = redact("ats.offer.created", R"({"data":{"compensation":)", Scope{});
  CHECK(r.outcome == Redaction::Outcome::unreadable);
  CHECK(r.body.empty());
}

TEST_CASE("redact: withheld_keys combines unnamed sensitive fields and deny entries") {
  using weft::deliver::withheld_keys;
  CHECK(withheld_keys("eeo", Scope{}) ==
        std::vector<std::string>{"gender", "race", "veteran_status", "disability_status"});
  CHECK(withheld_keys("eeo", Scope{{"eeo"}, {}}).empty());
  CHECK(withheld_keys("candidate", Scope{{"date_of_birth"}, {"candidate.emails", "job.title"}}) ==
        std::vector<std::string>{"emails"});
  CHECK(withheld_keys("offer", Scope{{}, {"offer.compensation"}}) ==
        std::vector<std::string>{"compensation"});
  CHECK(withheld_keys("application", Scope{}).empty());
}
