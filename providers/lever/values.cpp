// Lever value conversions (see values.h).
#include "providers/lever/values.h"

#include "providers/core/stages.h"
#include "providers/core/timestamps.h"

namespace weft::lever {

namespace {

bool is_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

}  // namespace

std::optional<int64_t> ms_member(const json::Value& object, std::string_view key) {
  const json::Value* v = json::find(object, key);
  if (!v) return std::nullopt;
  if (v->IsInt64()) return v->GetInt64();
  // Beyond any real time (and beyond what int64 holds): not a time.
  if (v->IsDouble() && v->GetDouble() > -9e15 && v->GetDouble() < 9e15) {
    return static_cast<int64_t>(v->GetDouble());
  }
  return std::nullopt;
}

std::optional<std::string> ms_time(const json::Value* value) {
  if (!value || !value->IsNumber()) return std::nullopt;
  double ms = value->GetDouble();
  // Years 1970..9999 only: anything else is not a time Lever sends.
  if (ms < 0 || ms > 253402300799000.0) return std::nullopt;
  return format_timestamp(static_cast<int64_t>(ms / 1000));
}

std::optional<std::string> ms_time_member(const json::Value& object, std::string_view key) {
  return ms_time(json::find(object, key));
}

std::optional<std::string> string_member(const json::Value& object, std::string_view key) {
  const json::Value* v = json::find(object, key);
  if (!v || !v->IsString()) return std::nullopt;
  return std::string(v->GetString(), v->GetStringLength());
}

const json::Value* object_member(const json::Value& object, std::string_view key) {
  const json::Value* v = json::find(object, key);
  return v && v->IsObject() ? v : nullptr;
}

std::optional<std::string> id_of(const json::Value* value) {
  if (!value) return std::nullopt;
  if (value->IsObject()) return id_of(json::find(*value, "id"));
  if (!value->IsString() || value->GetStringLength() == 0) return std::nullopt;
  return std::string(value->GetString(), value->GetStringLength());
}

std::optional<std::string> id_of(const json::Value& object, std::string_view key) {
  return id_of(json::find(object, key));
}

bool safe_id(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    if (!is_alnum(c) && c != '-' && c != '_') return false;
  }
  return true;
}

std::string_view stage_category(std::string_view stage_id, std::string_view name) {
  // Lever's built-in stages keep readable ids in every account.
  if (stage_id.starts_with("lead-")) return "applied";
  if (stage_id == "applicant-new") return "applied";
  if (stage_id == "offer") return "offer";
  if (name.empty()) return "unknown";
  return stage_category_of_name(name);
}

const json::Value* api_data(const json::Document& answer) {
  return answer.IsObject() ? object_member(answer, "data") : nullptr;
}

}  // namespace weft::lever
