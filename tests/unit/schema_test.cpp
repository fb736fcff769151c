// schema/ and the test validator: the files are sound draft-04, hand-written events of every
// entity pass, and each kind of mistake is caught with a reason that points at it.
#include <doctest/doctest.h>
#include <rapidjson/document.h>
#include <rapidjson/internal/regex.h>
#include <rapidjson/pointer.h>
#include <rapidjson/schema.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "providers/core/envelope.h"
#include "providers/core/ids.h"
#include "support/golden.h"
#include "support/schema.h"

namespace weft::test {
namespace {

namespace rj = rapidjson;

const std::string kSchemaDir = std::string(WEFT_SOURCE_DIR) + "/schema";
const std::vector<std::string> kEntities = {
    "candidate",  "application", "job",       "job_posting", "stage",      "interview", "offer",
    "attachment", "activity",    "scorecard", "eeo",         "department", "office"};

std::map<std::string, rj::Document> load_schema_files() {
  std::map<std::string, rj::Document> files;
  for (const auto& entry : std::filesystem::directory_iterator(kSchemaDir)) {
    auto name = entry.path().filename().string();
    if (!name.ends_with(".json")) continue;
    auto text = read_file(entry.path().string());
    files[name].Parse(text.c_str());
  }
  return files;
}

// Draft-04 keywords, the annotations we use, and our own classification annotation. RapidJSON
// ignores unknown keywords, so a misspelt one would silently accept anything.
const std::set<std::string> kKeywords = {"$schema",
                                         "title",
                                         "description",
                                         "type",
                                         "properties",
                                         "patternProperties",
                                         "additionalProperties",
                                         "required",
                                         "items",
                                         "enum",
                                         "pattern",
                                         "minLength",
                                         "maxLength",
                                         "minimum",
                                         "maximum",
                                         "anyOf",
                                         "oneOf",
                                         "allOf",
                                         "not",
                                         "$ref",
                                         "definitions",
                                         "minItems",
                                         "maxItems",
                                         "uniqueItems",
                                         "x-weft-classification"};

struct Linter {
  const std::map<std::string, rj::Document>& files;
  std::vector<std::string> problems;

  void schema_map(const rj::Value& v, const std::string& file, const std::string& at) {
    if (!v.IsObject()) return problems.push_back(file + at + ": not an object of schemas");
    for (const auto& m : v.GetObject()) schema(m.value, file, at + "/" + m.name.GetString());
  }

  void schema(const rj::Value& v, const std::string& file, const std::string& at) {
    auto where = file + "#" + at;
    if (!v.IsObject()) return problems.push_back(where + ": schema is not an object");
    for (const auto& m : v.GetObject()) {
      std::string key = m.name.GetString();
      const auto& value = m.value;
      if (!kKeywords.contains(key)) problems.push_back(where + ": unknown keyword " + key);
      if (key == "properties" || key == "patternProperties" || key == "definitions") {
        schema_map(value, file, at + "/" + key);
      }
      if (key == "patternProperties") {
        for (const auto& p : value.GetObject()) regex(p.name.GetString(), where);
      }
      if (key == "pattern") regex(value.GetString(), where);
      if (key == "items" || key == "not" || (key == "additionalProperties" && value.IsObject())) {
        schema(value, file, at + "/" + key);
      }
      if (key == "anyOf" || key == "oneOf" || key == "allOf") {
        for (rj::SizeType i = 0; i < value.Size(); ++i) {
          schema(value[i], file, at + "/" + key + "/" + std::to_string(i));
        }
      }
      if (key == "$ref") ref(value.GetString(), file, where);
      if (key == "x-weft-classification") {
        std::string c = value.GetString();
        if (c != "pii" && c != "sensitive" && c != "document") {
          problems.push_back(where + ": classification " + c);
        }
      }
    }
  }

  // A pattern must be valid ECMA-262 (what subscribers' validators use) and within what
  // RapidJSON's own engine supports; RapidJSON drops a pattern it cannot compile. std::regex
  // goes first: RapidJSON's parser asserts on some malformed input instead of rejecting it.
  void regex(const std::string& pattern, const std::string& where) {
    try {
      std::regex ecma(pattern, std::regex::ECMAScript);
    } catch (const std::regex_error&) {
      return problems.push_back(where + ": not an ECMA-262 pattern: " + pattern);
    }
    rj::internal::Regex re(pattern.c_str());
    if (!re.IsValid()) problems.push_back(where + ": RapidJSON cannot compile " + pattern);
  }

  // RapidJSON treats a $ref it cannot resolve as "anything goes": resolve each one here.
  void ref(const std::string& ref, const std::string& file, const std::string& where) {
    auto hash = ref.find('#');
    if (hash == std::string::npos) return problems.push_back(where + ": $ref without #");
    auto target = hash == 0 ? file : ref.substr(0, hash);
    auto it = files.find(target);
    if (it == files.end()) return problems.push_back(where + ": $ref to missing " + target);
    rj::Pointer pointer(ref.substr(hash + 1).c_str());
    if (!pointer.IsValid() || pointer.Get(it->second) == nullptr) {
      problems.push_back(where + ": $ref target missing " + ref);
    }
  }
};

// Compiles files with RapidJSON on its own, apart from the validator under test.
struct LocalProvider : rj::IRemoteSchemaDocumentProvider {
  std::map<std::string, std::unique_ptr<rj::SchemaDocument>> compiled;
  std::vector<std::string> asked;
  const rj::SchemaDocument* GetRemoteDocument(const char* uri, rj::SizeType length) override {
    asked.emplace_back(uri, length);
    // RapidJSON 1.1.0 drops the last character of the file name; accept either form.
    for (const auto& [name, doc] : compiled) {
      if (name.starts_with(asked.back()) && name.size() <= asked.back().size() + 1) {
        return doc.get();
      }
    }
    return nullptr;
  }
};

// Ids as the daemon mints them, for the test connection.
std::string uid(const char* entity, const char* remote) {
  return unified_record_id("acme-greenhouse", entity, remote);
}

// Replaces {entity} placeholders with unified ids of remote id "1".
std::string ids(std::string text) {
  for (const char* e : {"candidate", "application", "job", "job_posting", "stage", "interview",
                        "offer", "attachment", "activity", "scorecard", "eeo", "department",
                        "office", "user", "rejection_reason", "ping"}) {
    std::string token = std::string("{") + e + "}";
    for (auto pos = text.find(token); pos != std::string::npos; pos = text.find(token)) {
      text.replace(pos, token.size(), uid(e, "1"));
    }
  }
  return text;
}

std::string serialize(const rj::Value& v) {
  rj::StringBuffer buf;
  rj::Writer<rj::StringBuffer> w(buf);
  v.Accept(w);
  return buf.GetString();
}

// A valid envelope around data (whose id and remote_id are the subject's, "1").
std::string event(const std::string& entity, const std::string& type, const std::string& data,
                  const std::string& mode = "full") {
  auto text = ids(R"({
    "schema_version": "1", "id": "evt_0123456789abcdef0123456789abcdef",
    "type": ")" + type +
                  R"(", "occurred_at": "2026-04-02T09:15:00Z",
    "received_at": "2026-04-02T09:15:03Z", "tenant_id": "acme",
    "connection_id": "acme-greenhouse", "provider": "greenhouse", "environment": "production",
    "subject": {"entity": ")" +
                  entity + R"(", "id": "{)" + entity + R"(}", "remote_id": "1",
                "candidate_id": "{candidate}", "job_id": "{job}"},
    "data_mode": ")" +
                  mode + R"(", "data": )" + data + R"(,
    "previous": null, "changed_fields": [], "correlation_id": "cor_0123",
    "source": {"kind": "webhook", "vendor_event_type": "update_candidate",
               "vendor_event_id": "gh-1", "signature_verified": true},
    "redacted_fields": []})");
  rj::Document doc;
  doc.Parse(text.c_str());
  REQUIRE_MESSAGE(!doc.HasParseError(), "test event does not parse: ", text);
  return serialize(doc);
}

// The event with the JSON value at pointer replaced (or removed when json is empty).
std::string with(const std::string& event_json, const char* pointer, const std::string& json) {
  rj::Document doc;
  doc.Parse(event_json.c_str());
  if (json.empty()) {
    REQUIRE(rj::Pointer(pointer).Erase(doc));
  } else {
    rj::Document value(&doc.GetAllocator());
    value.Parse(ids(json).c_str());
    REQUIRE(!value.HasParseError());
    rj::Pointer(pointer).Set(doc, value);
  }
  return serialize(doc);
}

const std::map<std::string, std::string> kValidData = {
    {"candidate", R"({"id": "{candidate}", "remote_id": "1",
      "remote_url": "https://app.greenhouse.io/people/1", "remote_created_at": "2026-03-01T10:00:00Z",
      "remote_updated_at": "2026-04-02T09:15:00.123Z", "remote_deleted_at": null,
      "custom_fields": {"desired_salary": {"name": "Desired salary", "value": [1, "x"]}},
      "first_name": "Ada", "last_name": null, "company": "Analytical Engines", "title": null,
      "emails": [{"address": "ada@example.com", "type": "personal", "type_raw": "Personal",
                  "is_primary": true}],
      "phone_numbers": [{"number": "+44 20 7946 0000", "type": "unknown", "type_raw": "pager"}],
      "urls": [{"url": "example.com/ada", "type": null}],
      "locations": ["London", {"name": "Home", "city": "London", "country": "GB", "type": "home"}],
      "tags": ["rust"], "is_private": false, "can_email": null,
      "application_ids": ["{application}"], "attachment_ids": []})"},
    {"application", R"({"id": "{application}", "remote_id": "1", "candidate_id": "{candidate}",
      "job_id": "{job}", "status": "rejected", "status_raw": "rejected",
      "current_stage": {"id": "{stage}", "remote_id": "1", "name": "Phone Screen",
                        "category": "screen", "category_raw": null, "order": 2},
      "stage_category": "screen", "applied_at": "2026-03-01T10:00:00Z",
      "rejected_at": "2026-04-02T09:15:00Z", "hired_at": null,
      "rejection": {"reason_id": "{rejection_reason}", "reason_name": "Lacking skill",
                    "reason_type": "rejected_by_company", "reason_type_raw": "We rejected them",
                    "note": null, "rejected_at": "2026-04-02T09:15:00Z"},
      "source": "LinkedIn", "origin": null, "credited_to_id": "{user}", "is_prospect": false,
      "offer_ids": [], "interview_ids": ["{interview}"], "attachment_ids": null})"},
    {"job", R"({"id": "{job}", "remote_id": "1", "title": "Engineer", "code": "ENG-1",
      "status": "open", "confidential": false,
      "departments": [{"id": "{department}", "remote_id": "1", "name": "Technology"}],
      "offices": [{"id": "{office}", "remote_id": "1", "name": "NYC", "location": null}],
      "hiring_managers": [{"id": "{user}", "remote_id": "1", "name": null, "email": null}],
      "recruiters": [], "openings": [{"remote_id": "1", "code": "abc-1", "status": "open",
                                      "opened_at": "2026-01-01T00:00:00Z", "closed_at": null}],
      "employment_type": "full_time", "employment_type_raw": "Full-time", "remote": null,
      "opened_at": "2026-01-01T00:00:00Z", "closed_at": null})"},
    {"job_posting", R"({"id": "{job_posting}", "remote_id": "1", "job_id": "{job}",
      "title": "A Cool Job", "status": "unpublished", "is_internal": false,
      "url": "https://boards.example.com/acme/jobs/1", "content": "<p>Apply!</p>"})"},
    {"stage", R"({"id": "{stage}", "remote_id": "1", "job_id": "{job}", "name": "Phone Screen",
      "order": 1, "category": "screen", "category_raw": "Phone Screen"})"},
    {"interview", R"({"id": "{interview}", "remote_id": "1", "application_id": "{application}",
      "stage_id": "{stage}", "start_at": "2026-04-03T14:00:00Z", "end_at": "2026-04-03T15:00:00Z",
      "location": null, "status": "scheduled",
      "interviewers": [{"user_id": "{user}", "name": "Bob", "email": null,
                        "response": "needs_action"}],
      "organizer_id": null})"},
    {"offer", R"({"id": "{offer}", "remote_id": "1", "application_id": "{application}",
      "status": "accepted", "status_raw": "Accepted", "created_at": "2026-03-22T00:00:00Z",
      "sent_at": null, "closed_at": "2026-03-25T00:00:00Z", "start_date": "2026-04-15",
      "compensation": {"currency": "USD", "amount": 120000.5, "period": "year"}, "version": 1})"},
    {"attachment", R"({"id": "{attachment}", "remote_id": "1", "candidate_id": "{candidate}",
      "application_id": null, "type": "resume", "file_name": "cv.pdf",
      "url": "https://files.example.com/cv.pdf?sig=1", "content_type": "application/pdf"})"},
    {"activity", R"({"id": "{activity}", "remote_id": "1", "candidate_id": "{candidate}",
      "type": "note", "subject": null, "body": "Strong", "visibility": "admin_only",
      "created_at": "2026-04-02T09:00:00Z"})"},
    {"scorecard", R"({"id": "{scorecard}", "remote_id": "1", "application_id": "{application}",
      "interview_id": "{interview}", "interviewer_id": "{user}", "recommendation": "strong_yes",
      "submitted_at": "2026-04-03T16:00:00Z"})"},
    {"eeo", R"({"id": "{eeo}", "remote_id": "1", "candidate_id": "{candidate}",
      "gender": "decline_to_self_identify", "race": null, "veteran_status": "unknown",
      "veteran_status_raw": "I prefer not to say", "disability_status": "no_disability",
      "submitted_at": null})"},
    {"department", R"({"id": "{department}", "remote_id": "1", "name": "Creative",
      "parent_id": null, "child_ids": ["{office}"]})"},
    {"office", R"({"id": "{office}", "remote_id": "1", "name": "New York",
      "location": "New York, NY", "parent_id": null, "child_ids": []})"},
};

std::string valid_event(const std::string& entity) {
  return event(entity, "ats." + entity + ".updated", kValidData.at(entity));
}

std::string application_event() {
  return valid_event("application");
}

std::string tombstone_event() {
  return event("candidate", "ats.candidate.deleted", R"({"id": "{candidate}", "remote_id": "1",
      "deletion_reason": "merged", "deletion_reason_raw": "merge_candidate",
      "merged_into_id": "{user}", "merged_into_remote_id": "2",
      "application_ids": ["{application}"]})",
               "tombstone");
}

std::string ping_event() {
  auto e = event("ping", "weft.ping", R"({"id": "{ping}", "remote_id": "1",
      "message": "hello from weft", "sent_at": "2026-04-02T09:15:03Z"})");
  return with(with(e, "/subject/candidate_id", "null"), "/subject/job_id", "null");
}

// The reason names the failing keyword, where in the event, and where in schema/.
void check_rejected(const std::string& event_json, std::initializer_list<const char*> parts) {
  auto reason = schema_errors(event_json);
  CAPTURE(reason);
  REQUIRE_FALSE(reason.empty());
  for (const char* p : parts)
    CHECK_MESSAGE(reason.find(p) != std::string::npos, "missing: ", std::string(p));
}

}  // namespace

TEST_CASE("schema: every file is sound draft-04 that RapidJSON compiles") {
  auto files = load_schema_files();
  std::vector<std::string> expected = {"common.json", "envelope.json", "tombstone.json",
                                       "ping.json"};
  for (const auto& e : kEntities) expected.push_back(e + ".json");
  for (const auto& name : expected) CHECK_MESSAGE(files.contains(name), "missing ", name);
  CHECK(files.size() == expected.size());

  Linter linter{files, {}};
  for (const auto& [name, doc] : files) {
    CAPTURE(name);
    REQUIRE_FALSE(doc.HasParseError());
    REQUIRE(doc.IsObject());
    CHECK(std::string(doc["$schema"].GetString()) == "http://json-schema.org/draft-04/schema#");
    linter.schema(doc, name, "");
  }
  for (const auto& p : linter.problems) FAIL_CHECK(p);

  // common.json first: the others refer to it.
  LocalProvider provider;
  provider.compiled["common.json"] = std::make_unique<rj::SchemaDocument>(files["common.json"]);
  for (const auto& [name, doc] : files) {
    if (name != "common.json") rj::SchemaDocument compiled(doc, &provider);
  }
  CHECK_FALSE(provider.asked.empty());
}

TEST_CASE("schema: the lint itself catches what RapidJSON would let through") {
  auto files = load_schema_files();
  rj::Document broken;
  broken.Parse(R"({"properties": {"a": {"$ref": "common.json#/definitions/nope"},
                                  "b": {"pattern": "([0-9]"}, "c": {"$ref": "other.json#/x"},
                                  "d": {"pattern": "^\\d+$"}},
                   "additionalProperty": false})");
  Linter linter{files, {}};
  linter.schema(broken, "broken.json", "");
  CHECK(linter.problems.size() == 5);
}

TEST_CASE("schema: entities carry the record base fields and enums carry unknown") {
  auto files = load_schema_files();
  for (const auto& e : kEntities) {
    const auto& doc = files[e + ".json"];
    CAPTURE(e);
    for (const char* base : {"id", "remote_id", "remote_url", "remote_created_at",
                             "remote_updated_at", "remote_deleted_at", "custom_fields"}) {
      CHECK_MESSAGE(doc["properties"].HasMember(base), base);
    }
    CHECK(doc["patternProperties"].HasMember("_raw$"));
    CHECK(doc["additionalProperties"].IsObject());  // {"not": {}}: see schema/README.md
  }
  for (const auto& def : files["common.json"]["definitions"].GetObject()) {
    if (!def.value.HasMember("enum")) continue;
    CAPTURE(def.name.GetString());
    bool has_unknown = false;
    for (const auto& v : def.value["enum"].GetArray()) has_unknown |= v == "unknown";
    CHECK(has_unknown);
  }
}

TEST_CASE("schema: a valid event of each entity passes") {
  for (const auto& e : kEntities) {
    CAPTURE(e);
    auto reason = schema_errors(valid_event(e));
    CHECK_MESSAGE(reason.empty(), reason);
  }
  CHECK(schema_errors(event("application", "ats.application.stage_changed",
                            R"({"id": "{application}", "remote_id": "1"})", "reference")) == "");
  CHECK(schema_errors(tombstone_event()) == "");
  CHECK(schema_errors(ping_event()) == "");
  // Personal fields may be null, and a partial record may carry only some fields.
  CHECK(schema_errors(with(valid_event("candidate"), "/data/emails", "null")) == "");
  CHECK(schema_errors(with(valid_event("candidate"), "/data/first_name", "")) == "");
  auto previous = with(with(application_event(), "/changed_fields", R"(["current_stage"])"),
                       "/previous", R"({"current_stage": {"id": null, "name": "Applied"}})");
  CHECK(schema_errors(previous) == "");
}

TEST_CASE("schema: events sealed by the envelope code pass") {
  ConnectionInfo conn{"acme-greenhouse", "acme", "greenhouse", "production", {"s"}};
  Normalized n;
  n.vendor_event_type = "candidate_stage_change";
  EventDraft draft;
  draft.type = "ats.application.stage_changed";
  draft.subject = {"application", "265277", "1", ""};
  draft.occurred_at = "2026-04-02T09:15:00Z";
  draft.mode = DataMode::partial;
  auto& a = draft.data.GetAllocator();
  draft.data.AddMember("candidate_id", rj::Value(uid("candidate", "1").c_str(), a), a);
  draft.data.AddMember("stage_category", "interview", a);
  draft.previous.SetObject();
  draft.previous.AddMember("stage_category", "screen", draft.previous.GetAllocator());
  draft.changed_fields = {"stage_category"};
  n.events.push_back(std::move(draft));
  auto sealed = seal(n, SealInput{conn, "2026-04-02T09:15:03Z", "{}"});
  REQUIRE(sealed.size() == 1);
  auto reason = schema_errors(sealed[0].body);
  CHECK_MESSAGE(reason.empty(), reason);
  // vendor_event_id is null when the vendor gives none; the event id is then a body digest.
  CHECK(sealed[0].body.find(R"("vendor_event_id":null)") != std::string::npos);
}

TEST_CASE("schema: mistakes in the envelope are caught") {
  auto e = application_event();
  check_rejected(with(e, "/extra", "1"), {"envelope:", "additionalProperties", "envelope.json#"});
  check_rejected(with(e, "/occurred_at", R"("2026-04-02 09:15:00Z")"),
                 {"pattern", "\"/occurred_at\"", "common.json#/definitions/timestamp"});
  check_rejected(with(e, "/received_at", R"("2026-04-02T09:15:00+02:00")"), {"/received_at"});
  check_rejected(with(e, "/id", R"("evt_123")"), {"pattern", "\"/id\""});
  check_rejected(with(e, "/environment", R"("staging")"), {"enum", "\"/environment\""});
  check_rejected(with(e, "/source/signature_verified", R"("yes")"),
                 {"type", "/source/signature_verified"});
  check_rejected(with(e, "/source/vendor_event_id", ""),
                 {"required (vendor_event_id)", "\"/source\""});
  check_rejected(with(e, "/schema_version", R"("2")"), {"enum", "/schema_version"});
  check_rejected(with(e, "/type", R"("ats.application.moved")"), {"enum", "\"/type\""});
  check_rejected(with(e, "/correlation_id", ""), {"required"});
  check_rejected(with(e, "/subject/candidate_id", R"("265277")"),
                 {"pattern", "/subject/candidate_id"});
  check_rejected("{\"schema_version\": ", {"not JSON"});
}

TEST_CASE("schema: unknown entities and mismatched types are caught") {
  auto e = application_event();
  check_rejected(with(with(e, "/subject/entity", R"("user")"), "/type", R"("ats.user.updated")"),
                 {"enum"});
  check_rejected(with(e, "/subject/entity", R"("user")"), {"enum", "/subject/entity"});
  check_rejected(with(e, "/type", R"("ats.job.updated")"), {"does not match subject.entity"});
  check_rejected(with(ping_event(), "/subject/entity", R"("candidate")"), {"weft.ping"});
  check_rejected(with(e, "/type", R"("ats.application.deleted")"), {"tombstone"});
  check_rejected(with(e, "/data_mode", R"("tombstone")"), {"tombstone"});
}

TEST_CASE("schema: data that does not match its entity is caught") {
  auto e = application_event();
  check_rejected(
      with(e, "/data/status", R"("archived")"),
      {"data:", "enum", "\"/data/status\"", "common.json#/definitions/application_status"});
  check_rejected(with(e, "/data/id", ""), {"data:", "required (id)", "application.json#"});
  // A job's field in an application, and a stray key in a nested object.
  check_rejected(
      with(e, "/data/title", R"("Engineer")"),
      {"additionalProperties", "\"/data/title\"", "application.json#/additionalProperties"});
  check_rejected(
      with(e, "/data/current_stage/label", R"("x")"),
      {"additionalProperties", "/data/current_stage/label", "common.json#/definitions/stage_ref"});
  check_rejected(
      with(e, "/data/credited_to_id", R"("371417")"),
      {"pattern", "/data/credited_to_id", "common.json#/definitions/unified_id_or_null"});
  check_rejected(with(e, "/data/status_raw", "3"), {"patternProperties", "/data/status_raw"});
  check_rejected(with(e, "/data/applied_at", R"("2026-13-01T00:00:00Z")"), {"/data/applied_at"});
  check_rejected(with(e, "/data/is_prospect", R"("no")"), {"type", "/data/is_prospect"});
  check_rejected(with(e, "/data/offer_ids", R"(["{offer}", 7])"), {"/data/offer_ids/1"});
  check_rejected(with(e, "/data/id", R"("{candidate}")"), {"/data/id differs"});
  check_rejected(with(e, "/data/candidate_id", R"("{user}")"), {"/data/candidate_id differs"});
  check_rejected(with(valid_event("candidate"), "/data/emails/0/label", R"("home")"),
                 {"/data/emails/0/label"});
  check_rejected(with(valid_event("candidate"), "/data/emails/0/address", ""), {"required"});
  check_rejected(with(valid_event("offer"), "/data/start_date", R"("04/15/2026")"),
                 {"/data/start_date"});
  check_rejected(with(valid_event("eeo"), "/data/gender", R"("Female")"), {"enum", "/data/gender"});
  check_rejected(with(tombstone_event(), "/data/deletion_reason", R"("purged")"),
                 {"enum", "/data/deletion_reason", "deletion_reason"});
  check_rejected(with(tombstone_event(), "/data/first_name", R"("Ada")"), {"/data/first_name"});
  check_rejected(with(ping_event(), "/data/message", ""), {"required", "ping.json#"});
}

TEST_CASE("schema: previous holds only changed fields, in the entity's shape") {
  auto e = with(application_event(), "/changed_fields", R"(["current_stage"])");
  check_rejected(with(e, "/previous", R"({"status": "active"})"), {"/previous/status"});
  check_rejected(with(e, "/previous", R"({"current_stage": "Applied"})"),
                 {"previous:", "type", "/previous/current_stage"});
  check_rejected(with(e, "/previous", "[]"), {"type", "\"/previous\""});
}

TEST_CASE("schema: validation is safe from several threads") {
  const auto good = valid_event("candidate");
  const auto bad = with(good, "/data/emails/0/type", R"("pager")");
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        if (!schema_errors(good).empty()) ++wrong;
        if (schema_errors(bad).empty()) ++wrong;
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(wrong.load() == 0);
}

}  // namespace weft::test
