#include "providers/ashby/values.h"

#include "providers/core/timestamps.h"

namespace weft::ashby {

json::Value time_or_null(const json::Value& object, std::string_view key, json::Allocator& a) {
  auto raw = json::text(object, key);
  return json::string_or_null(raw ? utc_timestamp(*raw) : std::nullopt, a);
}

std::string time_text(const json::Value& object, std::string_view key) {
  auto raw = json::text(object, key);
  if (!raw) return {};
  return utc_timestamp(*raw).value_or(std::string());
}

json::Value date_or_null(const json::Value& object, std::string_view key, json::Allocator& a) {
  auto raw = json::text(object, key);
  if (!raw) return json::Value(rapidjson::kNullType);
  auto seconds = raw->size() == 10 ? parse_date(*raw) : parse_timestamp(*raw);
  return seconds ? json::string(format_date(*seconds), a) : json::Value(rapidjson::kNullType);
}

json::Value string_member(const json::Value& object, std::string_view key, json::Allocator& a) {
  const json::Value* v = json::find(object, key);
  if (!v || !v->IsString()) return json::Value(rapidjson::kNullType);
  return json::Value(*v, a);
}

json::Value bool_member(const json::Value& object, std::string_view key, json::Allocator& a) {
  auto b = json::boolean(object, key);
  return b ? json::Value(*b) : json::Value(rapidjson::kNullType);
}

}  // namespace weft::ashby
