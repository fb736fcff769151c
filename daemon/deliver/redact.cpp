// Scope redaction of one envelope (redact.h).
#include "daemon/deliver/redact.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>

#include "daemon/deliver/field_classes.h"

namespace weft::deliver {

namespace {

// "ats.<entity>.<verb>" -> entity; "" for any other type.
std::string_view entity_of(std::string_view type) {
  if (!type.starts_with("ats.")) return {};
  type.remove_prefix(4);
  auto dot = type.rfind('.');
  return dot == std::string_view::npos ? std::string_view() : type.substr(0, dot);
}

bool named(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

constexpr std::string_view kCustom = "custom_fields.";

// The object key a withheld key names: "custom_fields.<key>" names <key> inside custom_fields.
std::string_view leaf(std::string_view key) {
  return key.starts_with(kCustom) ? key.substr(kCustom.size()) : key;
}

// Whether the serialized body has the key as an object key anywhere (seal() writes no
// spaces, and custom field keys cannot hold a quote or a backslash).
bool mentions(std::string_view body, std::string_view key) {
  std::string quoted = "\"" + std::string(leaf(key)) + "\":";
  return body.find(quoted) != std::string_view::npos;
}

// Removes a non-null member; true when it did.
bool erase(rapidjson::Value& object, std::string_view name) {
  if (!object.IsObject()) return false;
  auto it = object.FindMember(
      rapidjson::StringRef(name.data(), static_cast<rapidjson::SizeType>(name.size())));
  if (it == object.MemberEnd() || it->value.IsNull()) return false;
  object.EraseMember(it);
  return true;
}

// Removes each non-null withheld key (and its _raw sibling; a custom field from within
// custom_fields) from one object, in place, keeping the order of the rest; appends
// "<section>.<key>" for each one removed.
void strip(rapidjson::Value& object, std::string_view section, const std::vector<std::string>& keys,
           std::vector<std::string>& removed) {
  if (!object.IsObject()) return;
  for (const auto& key : keys) {
    if (key.starts_with(kCustom)) {
      auto custom = object.FindMember("custom_fields");
      if (custom != object.MemberEnd() && erase(custom->value, leaf(key))) {
        removed.push_back(std::string(section) + "." + key);
      }
      continue;
    }
    for (const std::string& name : {key, key + "_raw"}) {
      if (erase(object, name)) removed.push_back(std::string(section) + "." + name);
    }
  }
}

}  // namespace

std::vector<std::string> withheld_keys(std::string_view entity, const config::Scope& scope) {
  std::vector<std::string> keys;
  for (const SensitiveField& f : sensitive_fields()) {
    if (f.entity == entity && !named(scope.sensitive, f.group)) keys.emplace_back(f.field);
  }
  for (const std::string& path : scope.deny) {
    auto dot = path.find('.');
    if (dot == std::string::npos || std::string_view(path).substr(0, dot) != entity) continue;
    std::string key = path.substr(dot + 1);
    if (!named(keys, key)) keys.push_back(std::move(key));
  }
  return keys;
}

Redaction redact(std::string_view type, std::string_view body, const config::Scope& scope) {
  Redaction out;
  const std::string_view entity = entity_of(type);
  if (entity.empty()) return out;
  const std::vector<std::string> keys = withheld_keys(entity, scope);
  // The common case costs a few substring searches: no parse, no new body.
  bool any = std::any_of(keys.begin(), keys.end(),
                         [&](const std::string& key) { return mentions(body, key); });
  if (!any) return out;

  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseFullPrecisionFlag>(body.data(), body.size());
  if (doc.HasParseError() || !doc.IsObject()) {
    out.outcome = Redaction::Outcome::unreadable;
    return out;
  }
  for (std::string_view section : {"data", "previous"}) {
    auto it = doc.FindMember(rapidjson::StringRef(section.data(), section.size()));
    if (it != doc.MemberEnd()) strip(it->value, section, keys, out.fields);
  }
  if (out.fields.empty()) return out;

  auto& alloc = doc.GetAllocator();
  rapidjson::Value list(rapidjson::kArrayType);
  for (const auto& field : out.fields) {
    list.PushBack(
        rapidjson::Value(field.data(), static_cast<rapidjson::SizeType>(field.size()), alloc),
        alloc);
  }
  auto existing = doc.FindMember("redacted_fields");
  if (existing != doc.MemberEnd()) {
    existing->value = std::move(list);
  } else {
    doc.AddMember("redacted_fields", std::move(list), alloc);
  }
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  doc.Accept(writer);
  out.body.assign(buffer.GetString(), buffer.GetSize());
  out.outcome = Redaction::Outcome::redacted;
  return out;
}

}  // namespace weft::deliver
