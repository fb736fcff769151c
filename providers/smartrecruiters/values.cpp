// SmartRecruiters value helpers and the record writer (values.h).
#include "providers/smartrecruiters/values.h"

#include "providers/core/timestamps.h"

namespace weft::smartrecruiters {

std::optional<std::string> str(const json::Value* object, std::string_view key) {
  if (!object) return std::nullopt;
  const json::Value* v = json::find(*object, key);
  if (!v || !v->IsString()) return std::nullopt;
  return std::string(v->GetString(), v->GetStringLength());
}

const json::Value* object_at(const json::Value* object, std::string_view key) {
  if (!object) return nullptr;
  const json::Value* v = json::find(*object, key);
  return v && v->IsObject() ? v : nullptr;
}

std::optional<std::string> time_at(const json::Value* object, std::string_view key) {
  auto raw = str(object, key);
  return raw ? utc_timestamp(*raw) : std::nullopt;
}

bool valid_id(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::string application_key(std::string_view candidate_id, std::string_view job_id) {
  return std::string(candidate_id) + ":" + std::string(job_id);
}

Record::Record(json::Document& doc, const NormalizeContext& ctx)
    : object_(doc), alloc_(doc.GetAllocator()), ctx_(ctx) {
  if (!object_.IsObject()) object_.SetObject();
  json::set(object_, "id", json::Value(), alloc_);
  json::set(object_, "remote_id", json::Value(), alloc_);
}

void Record::put(std::string_view key, json::Value value) {
  json::set(object_, key, std::move(value), alloc_);
}

void Record::text(std::string_view key, const std::optional<std::string>& value) {
  put(key, json::string_or_null(value, alloc_));
}

void Record::flag(std::string_view key, std::optional<bool> value) {
  put(key, value ? json::Value(*value) : json::Value());
}

void Record::ref(std::string_view key, std::string_view entity,
                 const std::optional<std::string>& id) {
  text(key, id ? std::optional(unified(entity, *id)) : std::nullopt);
}

void Record::refs(std::string_view key, std::string_view entity,
                  const std::vector<std::string>& ids) {
  json::Value list(rapidjson::kArrayType);
  for (const auto& id : ids) list.PushBack(json::string(unified(entity, id), alloc_), alloc_);
  put(key, std::move(list));
}

void Record::enumerated(std::string_view key, EnumTable table,
                        const std::optional<std::string>& raw) {
  set_enum(object_, key, table, raw, alloc_);
}

void Record::remote_fields(const json::Value* vendor) {
  null("remote_url");
  text("remote_created_at", time_at(vendor, "createdOn"));
  text("remote_updated_at", time_at(vendor, "updatedOn"));
  null("remote_deleted_at");
}

EventDraft& add_event(std::vector<EventDraft>& events, std::string type, SubjectRef subject,
                      DataMode mode, std::string occurred_at) {
  return events.emplace_back(
      make_draft(std::move(type), std::move(subject), std::move(occurred_at), mode));
}

}  // namespace weft::smartrecruiters
