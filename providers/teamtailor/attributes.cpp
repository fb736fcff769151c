// Reading Teamtailor attributes, and the record pieces every resource shares.
#include <string>

#include "providers/core/timestamps.h"
#include "providers/teamtailor/resources.h"

namespace weft::teamtailor {

using json::Value;

const Value* attribute(const Value& attributes, std::string_view kebab_name) {
  if (const Value* v = json::find(attributes, kebab_name)) return v;
  std::string snake(kebab_name);
  for (char& c : snake) {
    if (c == '-') c = '_';
  }
  return json::find(attributes, snake);
}

std::optional<std::string> text_attribute(const Value& attributes, std::string_view kebab_name) {
  const Value* v = attribute(attributes, kebab_name);
  if (!v || !v->IsString()) return std::nullopt;
  return std::string(v->GetString(), v->GetStringLength());
}

std::optional<bool> bool_attribute(const Value& attributes, std::string_view kebab_name) {
  const Value* v = attribute(attributes, kebab_name);
  if (!v || !v->IsBool()) return std::nullopt;
  return v->GetBool();
}

std::optional<std::string> time_attribute(const Value& attributes, std::string_view kebab_name) {
  auto raw = text_attribute(attributes, kebab_name);
  return raw ? utc_timestamp(*raw) : std::nullopt;
}

std::optional<std::string> related_id(const Resource& resource, std::string_view name) {
  auto id = json::text(attribute(resource.attributes, std::string(name) + "-id"));
  if (!id || id->empty()) {
    id = json::text(json::find_path(resource.data, {"relationships", name, "data", "id"}));
  }
  if (!id || id->empty()) return std::nullopt;
  return id;
}

Value unified_or_null(const NormalizeContext& ctx, std::string_view entity,
                      const std::optional<std::string>& remote_id, json::Allocator& a) {
  if (!remote_id || remote_id->empty()) return Value();
  return json::string(ctx.unified_id(entity, *remote_id), a);
}

void record_head(Value& out, const Resource& resource, std::string_view entity,
                 const NormalizeContext& ctx, json::Allocator& a) {
  json::set(out, "id", json::string(ctx.unified_id(entity, resource.id), a), a);
  json::set(out, "remote_id", json::string(resource.id, a), a);
  json::set(out, "remote_url", Value(), a);
  json::set(out, "remote_created_at",
            json::string_or_null(time_attribute(resource.attributes, "created-at"), a), a);
  json::set(out, "remote_updated_at",
            json::string_or_null(time_attribute(resource.attributes, "updated-at"), a), a);
  json::set(out, "remote_deleted_at", Value(), a);
}

Value custom_fields(const Resource& resource, json::Allocator& a) {
  const Value* fields = attribute(resource.attributes, "custom-fields");
  if (fields && fields->IsObject()) return Value(*fields, a);
  return Value(rapidjson::kObjectType);
}

EventDraft tombstone(SubjectRef subject, const NormalizeContext& ctx) {
  std::string type = "ats." + subject.entity + ".deleted";
  EventDraft d = make_draft(std::move(type), std::move(subject), {}, DataMode::tombstone);
  auto& a = d.data.GetAllocator();
  json::set(d.data, "id", json::string(ctx.unified_id(d.subject.entity, d.subject.remote_id), a),
            a);
  json::set(d.data, "remote_id", json::string(d.subject.remote_id, a), a);
  json::set(d.data, "deletion_reason", json::string("deleted", a), a);
  if (!d.subject.candidate_remote_id.empty()) {
    json::set(d.data, "candidate_id",
              json::string(ctx.unified_id("candidate", d.subject.candidate_remote_id), a), a);
  }
  if (!d.subject.job_remote_id.empty()) {
    json::set(d.data, "job_id", json::string(ctx.unified_id("job", d.subject.job_remote_id), a), a);
  }
  return d;
}

}  // namespace weft::teamtailor
