// The sensitive-field table in code (daemon/deliver/field_classes.h) equals what schema/
// classifies `sensitive`, field by field, including fields that are sensitive through a
// common.json definition; its entity list equals envelope.json's record entities; and the
// generated field list knows every record property of schema/.
#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "daemon/deliver/field_classes.h"

namespace {

rapidjson::Document load_schema(const std::string& name) {
  std::ifstream in(std::string(WEFT_SOURCE_DIR) + "/schema/" + name, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), name);
  std::stringstream text;
  text << in.rdbuf();
  rapidjson::Document doc;
  doc.Parse(text.str().c_str());
  REQUIRE_MESSAGE(!doc.HasParseError(), name);
  return doc;
}

std::string classification(const rapidjson::Value& node) {
  auto it = node.FindMember("x-weft-classification");
  return it != node.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

// A property's classification: its own, or that of the common.json definition it refers to.
std::string classification_of(const rapidjson::Value& property, const rapidjson::Value& common) {
  std::string own = classification(property);
  if (!own.empty()) return own;
  auto ref = property.FindMember("$ref");
  if (ref == property.MemberEnd() || !ref->value.IsString()) return "";
  const std::string prefix = "common.json#/definitions/";
  std::string target = ref->value.GetString();
  if (!target.starts_with(prefix)) return "";
  const auto& definitions = common["definitions"];
  auto def = definitions.FindMember(target.substr(prefix.size()).c_str());
  REQUIRE_MESSAGE(def != definitions.MemberEnd(), target);
  return classification(def->value);
}

// Every "<path>" under `node` classified `wanted`, nested properties and items included.
void collect(const rapidjson::Value& node, const std::string& path, const rapidjson::Value& common,
             const std::string& wanted, std::set<std::string>& out) {
  if (!node.IsObject()) return;
  auto props = node.FindMember("properties");
  if (props != node.MemberEnd() && props->value.IsObject()) {
    for (const auto& p : props->value.GetObject()) {
      std::string child = path + "." + p.name.GetString();
      if (classification_of(p.value, common) == wanted) out.insert(child);
      collect(p.value, child, common, wanted, out);
    }
  }
  auto items = node.FindMember("items");
  if (items != node.MemberEnd()) collect(items->value, path + "[]", common, wanted, out);
}

}  // namespace

TEST_CASE("field classes: the table equals every sensitive field of schema/") {
  const rapidjson::Document common = load_schema("common.json");
  std::set<std::string> in_schema;
  for (auto entity : weft::deliver::record_entities()) {
    const rapidjson::Document schema = load_schema(std::string(entity) + ".json");
    collect(schema, std::string(entity), common, "sensitive", in_schema);
  }
  std::set<std::string> in_table;
  for (const auto& f : weft::deliver::sensitive_fields()) {
    in_table.insert(std::string(f.entity) + "." + std::string(f.field));
    CHECK_MESSAGE(weft::deliver::known_sensitive_group(f.group), f.field);
  }
  CHECK(in_table == in_schema);
  // The ones the scope groups promise are among them.
  CHECK(in_schema.count("candidate.date_of_birth") == 1);
  CHECK(in_schema.count("offer.compensation") == 1);
  CHECK(in_schema.count("eeo.gender") == 1);
  // Every group names at least one field.
  for (auto group : weft::deliver::sensitive_groups()) {
    bool used = false;
    for (const auto& f : weft::deliver::sensitive_fields()) used = used || f.group == group;
    CHECK_MESSAGE(used, group);
  }
}

TEST_CASE("field classes: the record entities are envelope.json's, ping aside") {
  const rapidjson::Document envelope = load_schema("envelope.json");
  const auto& entities = envelope["properties"]["subject"]["properties"]["entity"]["enum"];
  std::set<std::string> in_schema;
  for (const auto& e : entities.GetArray()) {
    if (std::string(e.GetString()) != "ping") in_schema.insert(e.GetString());
  }
  std::set<std::string> in_table;
  for (auto e : weft::deliver::record_entities()) in_table.insert(std::string(e));
  CHECK(in_table == in_schema);
}

TEST_CASE("field classes: every top-level property of each record schema is a known field") {
  std::size_t checked = 0;
  for (auto entity : weft::deliver::record_entities()) {
    const rapidjson::Document schema = load_schema(std::string(entity) + ".json");
    for (const auto& p : schema["properties"].GetObject()) {
      CHECK_MESSAGE(weft::deliver::known_record_field(entity, p.name.GetString()),
                    std::string(entity) << "." << p.name.GetString());
      ++checked;
    }
  }
  CHECK(checked > 100);
  CHECK_FALSE(weft::deliver::known_record_field("candidate", "emial"));
  CHECK_FALSE(weft::deliver::known_record_field("offer", "phone_numbers"));
  CHECK_FALSE(weft::deliver::known_record_field("person", "id"));
  CHECK(weft::deliver::known_record_field("offer", "compensation"));
}
