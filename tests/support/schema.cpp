// Validates events against schema/ with RapidJSON's draft-04 validator. Draft-04 has no
// if/then, so the choice of the data schema (and the checks that tie envelope fields to each
// other) is made here; schema/README.md documents the same rules for other validators.
#include "support/schema.h"

#include <rapidjson/document.h>
#include <rapidjson/pointer.h>
#include <rapidjson/schema.h>
#include <rapidjson/stringbuffer.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>
#include <vector>

namespace weft::test {

namespace {

namespace rj = rapidjson;

std::string schema_dir() {
  return std::string(WEFT_SOURCE_DIR) + "/schema";
}

std::string pointer_text(const rj::Pointer& p) {
  rj::StringBuffer buf;
  p.Stringify(buf);
  return buf.GetString();
}

std::string text(const rj::Value& v) {
  return v.IsString() ? std::string(v.GetString(), v.GetStringLength()) : std::string();
}

std::string in_quotes(std::string_view s) {
  return "\"" + std::string(s) + "\"";
}

// Every schema/*.json, parsed and compiled once. Immutable after construction.
class SchemaSet : public rj::IRemoteSchemaDocumentProvider {
 public:
  struct File {
    rj::Document raw;  // kept: the compiled form and error locations refer to it
    std::unique_ptr<rj::SchemaDocument> compiled;
  };

  SchemaSet() {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(schema_dir(), ec)) {
      auto name = entry.path().filename().string();
      if (name.ends_with(".json")) names_.push_back(name);
    }
    if (ec || names_.empty()) {
      error_ = "no schema files in " + schema_dir();
      return;
    }
    std::sort(names_.begin(), names_.end());
    for (const auto& name : names_) {
      if (!load(name)) return;
    }
  }

  const std::string& error() const { return error_; }

  const File* find(const std::string& name) const {
    auto it = files_.find(name);
    return it == files_.end() || !it->second->compiled ? nullptr : it->second.get();
  }

  // RapidJSON 1.1.0 passes the URI without its last character ("common.jso" for
  // "common.json#/..."): accept the exact name, or the one name that is one character longer.
  const rj::SchemaDocument* GetRemoteDocument(const char* uri, rj::SizeType length) override {
    std::string wanted(uri, length);
    std::string match;
    for (const auto& name : names_) {
      if (name == wanted || (name.size() == wanted.size() + 1 && name.starts_with(wanted))) {
        match = name;
      }
    }
    if (match.empty()) match = wanted;
    if (!load(match)) return nullptr;
    return files_.at(match)->compiled.get();
  }

 private:
  // Loads and compiles one file; the files it refers to are compiled first, on demand.
  bool load(const std::string& name) {
    auto it = files_.find(name);
    if (it != files_.end()) return it->second->compiled != nullptr;  // null: in progress
    auto& file = files_[name];
    file = std::make_unique<File>();
    std::ifstream in(schema_dir() + "/" + name, std::ios::binary);
    if (!in) {
      if (error_.empty()) error_ = "schema file " + name + " not found";
      return false;
    }
    std::ostringstream text;
    text << in.rdbuf();
    file->raw.Parse(text.str().c_str());
    if (file->raw.HasParseError() || !file->raw.IsObject()) {
      if (error_.empty()) error_ = "schema file " + name + " is not a JSON object";
      return false;
    }
    file->compiled = std::make_unique<rj::SchemaDocument>(file->raw, this);
    return true;
  }

  std::vector<std::string> names_;  // every file in schema/
  std::map<std::string, std::unique_ptr<File>> files_;
  std::string error_;
};

const SchemaSet& schemas() {
  static const SchemaSet set;
  return set;
}

// RapidJSON 1.1.0's regex keeps match state inside the compiled schema, so validation runs
// one at a time.
std::mutex& validation_mutex() {
  static std::mutex m;
  return m;
}

// Where in schema/ a failure lies. RapidJSON 1.1.0 reports "#" when the failing schema sits
// in another file (a common.json definition), so then the path is found by walking the
// schema along the document pointer, following $ref across files.
std::string schema_location(const std::string& file, const rj::Pointer& reported,
                            const rj::Pointer& document_pointer) {
  if (reported.GetTokenCount() > 0 || document_pointer.GetTokenCount() == 0) {
    return file + "#" + pointer_text(reported);
  }
  std::string at_file = file;
  std::string at_pointer;
  const rj::Value* node = &schemas().find(file)->raw;
  auto follow_refs = [&] {
    for (int hops = 0; hops < 8 && node->IsObject() && node->HasMember("$ref"); ++hops) {
      std::string ref = (*node)["$ref"].GetString();
      auto hash = ref.find('#');
      if (hash == std::string::npos) return;
      if (hash > 0) at_file = ref.substr(0, hash);
      at_pointer = ref.substr(hash + 1);
      const auto* target = schemas().find(at_file);
      const rj::Value* next = target ? rj::Pointer(at_pointer.c_str()).Get(target->raw) : nullptr;
      if (next == nullptr) return;
      node = next;
    }
  };
  // Moves to node[keyword] (and [key]); false when the schema has no such member.
  auto step = [&](const char* keyword, const char* key) {
    auto k = node->FindMember(keyword);
    if (k == node->MemberEnd()) return false;
    const rj::Value* next = &k->value;
    if (key != nullptr) {
      if (!next->IsObject() || !next->HasMember(key)) return false;
      next = &(*next)[key];
    }
    node = next;
    at_pointer += std::string("/") + keyword + (key ? std::string("/") + key : std::string());
    return true;
  };
  for (rj::SizeType i = 0; i < document_pointer.GetTokenCount(); ++i) {
    follow_refs();
    if (!node->IsObject()) break;
    const auto& t = document_pointer.GetTokens()[i];
    std::string token(t.name, t.length);
    bool moved = step("properties", token.c_str()) ||
                 (token.ends_with("_raw") && step("patternProperties", "_raw$")) ||
                 (node->HasMember("properties") && step("additionalProperties", nullptr)) ||
                 step("items", nullptr);
    if (!moved) break;
  }
  follow_refs();
  return at_file + "#" + at_pointer;
}

// RapidJSON 1.1.0 does not say which member is missing: list them, " (x, y)".
std::string missing_members(const rj::Value& root, const rj::Pointer& at,
                            const std::string& location) {
  auto hash = location.find('#');
  const auto* file = schemas().find(location.substr(0, hash));
  const rj::Value* node =
      file ? rj::Pointer(location.substr(hash + 1).c_str()).Get(file->raw) : nullptr;
  const rj::Value* value = at.Get(root);
  if (!node || !value || !value->IsObject() || !node->HasMember("required")) return {};
  std::string names;
  for (const auto& name : (*node)["required"].GetArray()) {
    if (!value->HasMember(name)) names += (names.empty() ? "" : ", ") + text(name);
  }
  return names.empty() ? std::string() : " (" + names + ")";
}

// Validates value against one schema file; prefix is value's pointer in the event.
std::string validate(const rj::Value& value, const std::string& file, const std::string& prefix) {
  const auto* schema = schemas().find(file);
  if (schema == nullptr) return "no schema " + file;
  std::lock_guard lock(validation_mutex());
  rj::SchemaValidator validator(*schema->compiled);
  if (value.Accept(validator)) return {};
  auto doc_pointer = validator.GetInvalidDocumentPointer();
  std::string where = prefix + pointer_text(doc_pointer);
  std::string keyword = validator.GetInvalidSchemaKeyword();
  auto location = schema_location(file, validator.GetInvalidSchemaPointer(), doc_pointer);
  // {"not": {}} stands for additionalProperties false (schema/README.md): say so.
  if (keyword == "not" && location.ends_with("/additionalProperties")) {
    keyword = "additionalProperties";
  }
  std::string detail;
  if (keyword == "required") detail = missing_members(value, doc_pointer, location);
  return keyword + detail + " failed at " + in_quotes(where.empty() ? "/" : where) + " (schema " +
         location + ")";
}

// The rules draft-04 cannot say, applied once the envelope is valid.
std::string envelope_rules(const rj::Document& event) {
  const auto& subject = event["subject"];
  const auto& data = event["data"];
  std::string type = text(event["type"]);
  std::string entity = text(subject["entity"]);
  std::string mode = text(event["data_mode"]);

  // The type names the subject's entity: ats.<entity>.<verb>, weft.ping for "ping".
  std::string verb;
  if (type == "weft.ping") {
    if (entity != "ping")
      return "type weft.ping needs subject.entity \"ping\", not " + in_quotes(entity);
  } else {
    std::string head = "ats." + entity + ".";
    if (!type.starts_with(head) || type.find('.', head.size()) != std::string::npos) {
      return "type " + in_quotes(type) + " does not match subject.entity " + in_quotes(entity);
    }
    verb = type.substr(head.size());
  }
  // Deletions carry a tombstone; tombstones only stand for a record that is gone.
  static const std::set<std::string> tombstone_verbs = {"deleted", "merged", "anonymized"};
  if (verb == "deleted" && mode != "tombstone") {
    return "type " + in_quotes(type) + " needs data_mode \"tombstone\", not " + in_quotes(mode);
  }
  if (mode == "tombstone" && !tombstone_verbs.contains(verb)) {
    return "data_mode \"tombstone\" is only for deleted, merged or anonymized, not " +
           in_quotes(type);
  }

  // data describes the subject, and agrees with the subject's candidate and job.
  for (const char* key : {"id", "remote_id"}) {
    if (data.HasMember(key) && !(data[key] == subject[key])) {
      return std::string("/data/") + key + " differs from /subject/" + key;
    }
  }
  for (const char* key : {"candidate_id", "job_id"}) {
    if (data.HasMember(key) && data[key].IsString() && subject[key].IsString() &&
        !(data[key] == subject[key])) {
      return std::string("/data/") + key + " differs from /subject/" + key;
    }
  }

  // previous holds prior values of changed fields only.
  if (event["previous"].IsObject()) {
    const auto& changed = event["changed_fields"];
    for (const auto& m : event["previous"].GetObject()) {
      bool listed = std::any_of(changed.Begin(), changed.End(),
                                [&](const rj::Value& f) { return f == m.name; });
      if (!listed) {
        return "/previous/" + text(m.name) + " is not named in changed_fields";
      }
    }
  }
  return {};
}

}  // namespace

std::string schema_errors(std::string_view event_json) {
  const auto& set = schemas();
  if (!set.error().empty()) return "schema set: " + set.error();

  rj::Document event;
  event.Parse(event_json.data(), event_json.size());
  if (event.HasParseError())
    return "not JSON (offset " + std::to_string(event.GetErrorOffset()) + ")";

  if (auto e = validate(event, "envelope.json", ""); !e.empty()) return "envelope: " + e;
  if (auto e = envelope_rules(event); !e.empty()) return "envelope: " + e;

  std::string entity = text(event["subject"]["entity"]);
  std::string file = text(event["data_mode"]) == "tombstone" ? "tombstone.json" : entity + ".json";
  if (auto e = validate(event["data"], file, "/data"); !e.empty()) return "data: " + e;

  // previous is a partial record of the same entity: checked with the subject's ids added.
  if (event["previous"].IsObject() && file != "tombstone.json") {
    rj::Document previous;
    previous.CopyFrom(event["previous"], previous.GetAllocator());
    auto& alloc = previous.GetAllocator();
    for (const char* key : {"id", "remote_id"}) {
      if (!previous.HasMember(key)) {
        previous.AddMember(rj::StringRef(key), rj::Value(event["subject"][key], alloc), alloc);
      }
    }
    if (auto e = validate(previous, file, "/previous"); !e.empty()) return "previous: " + e;
  }
  return {};
}

}  // namespace weft::test
