// Breezy candidate, application and position records.
#include "providers/breezy/records.h"

#include <utility>

#include "providers/core/enums.h"
#include "providers/core/names.h"
#include "providers/core/timestamps.h"

namespace weft::breezy {

namespace {

using json::Value;

// Stage ids of Breezy's default pipeline. "hired" and "disqualified" are documented; the
// others are the default pipeline's ids as integrations show them (a stage of the account's
// own is "other").
const EnumTable kStageCategory = {
    {"applied", "applied"},  {"feedback", "review"}, {"interviewing", "interview"},
    {"made-offer", "offer"}, {"hired", "hired"},     {"disqualified", "rejected"}};

const EnumTable kPositionState = {{"draft", "draft"},
                                  {"pending", "draft"},
                                  {"published", "open"},
                                  {"closed", "closed"},
                                  {"archived", "archived"}};

const EnumTable kPositionType = {{"fullTime", "full_time"},    {"partTime", "part_time"},
                                 {"contract", "contract"},     {"temporary", "temporary"},
                                 {"internship", "internship"}, {"seasonal", "temporary"},
                                 {"perDiem", "other"},         {"other", "other"}};

std::optional<std::string> string_of(const Value& object, std::string_view key) {
  const Value* v = json::find(object, key);
  if (!v || !v->IsString()) return std::nullopt;
  return std::string(v->GetString(), v->GetStringLength());
}

Value unified_or_null(const NormalizeContext& ctx, std::string_view entity,
                      const std::optional<std::string>& remote_id, json::Allocator& a) {
  if (!remote_id) return Value();
  return json::string(ctx.unified_id(entity, *remote_id), a);
}

void head(Value& out, std::string_view entity, const std::string& remote_id,
          const NormalizeContext& ctx, json::Allocator& a) {
  json::set(out, "id", json::string(ctx.unified_id(entity, remote_id), a), a);
  json::set(out, "remote_id", json::string(remote_id, a), a);
}

}  // namespace

std::optional<std::string> id_of(const Value* object) {
  if (!object || !object->IsObject()) return std::nullopt;
  auto id = json::text(*object, "_id");
  if (!id || id->empty()) id = json::text(*object, "id");
  if (!id || id->empty()) return std::nullopt;
  return id;
}

std::optional<std::string> time_of(const Value& object, std::string_view key) {
  auto raw = string_of(object, key);
  return raw ? utc_timestamp(*raw) : std::nullopt;
}

Stage stage_of(const Value& object) {
  Stage s;
  const Value* stage = json::find(object, "stage");
  if (!stage || !stage->IsObject()) return s;
  s.id = id_of(stage);
  s.name = string_of(*stage, "name");
  if (s.id) {
    s.category = map_enum(kStageCategory, *s.id);
    if (s.category == "unknown") s.category = "other";
  } else if (s.name) {
    s.category = "unknown";
  }
  return s;
}

std::string_view status_of(const Stage& stage) {
  if (stage.category == "hired") return "hired";
  if (stage.category == "rejected") return "rejected";
  return stage.category.empty() ? std::string_view() : "active";
}

void candidate_record(const Value& candidate, const NormalizeContext& ctx, json::Document& out) {
  out.SetObject();
  auto& a = out.GetAllocator();
  head(out, "candidate", id_of(&candidate).value_or(""), ctx, a);
  // Breezy keeps one display name; the first word is taken as the given name.
  auto name = string_of(candidate, "name").value_or("");
  auto [first, last] = split_display_name(name);
  json::set(out, "first_name", json::string_or_null(first, a), a);
  json::set(out, "last_name", json::string_or_null(last, a), a);
  Value emails(rapidjson::kArrayType);
  if (auto email = string_of(candidate, "email_address"); email && !email->empty()) {
    Value e(rapidjson::kObjectType);
    json::set(e, "address", json::string(*email, a), a);
    set_enum(e, "type", std::nullopt, std::nullopt, a);
    json::set(e, "is_primary", Value(true), a);
    emails.PushBack(e, a);
  }
  json::set(out, "emails", std::move(emails), a);
  Value phones(rapidjson::kArrayType);
  if (auto phone = string_of(candidate, "phone_number"); phone && !phone->empty()) {
    Value p(rapidjson::kObjectType);
    json::set(p, "number", json::string(*phone, a), a);
    set_enum(p, "type", std::nullopt, std::nullopt, a);
    phones.PushBack(p, a);
  }
  json::set(out, "phone_numbers", std::move(phones), a);
  const Value* tags = json::find(candidate, "tags");
  if (tags && tags->IsArray()) {
    Value list(rapidjson::kArrayType);
    for (const auto& t : tags->GetArray()) {
      if (t.IsString()) list.PushBack(Value(t, a), a);
    }
    json::set(out, "tags", std::move(list), a);
  }
}

void application_record(const Value& object, const std::string& candidate_id,
                        const std::optional<std::string>& position_id, const Stage& stage,
                        const ApplicationTimes& times, const NormalizeContext& ctx,
                        json::Document& out) {
  out.SetObject();
  auto& a = out.GetAllocator();
  head(out, "application", candidate_id, ctx, a);
  json::set(out, "remote_url", Value(), a);
  json::set(out, "remote_created_at", Value(), a);
  json::set(out, "remote_updated_at", Value(), a);
  json::set(out, "remote_deleted_at", Value(), a);
  json::set(out, "custom_fields", Value(rapidjson::kObjectType), a);
  json::set(out, "candidate_id", json::string(ctx.unified_id("candidate", candidate_id), a), a);
  json::set(out, "job_id", unified_or_null(ctx, "job", position_id, a), a);
  std::string_view status = status_of(stage);
  set_enum(out, "status", status.empty() ? std::nullopt : std::optional(status), std::nullopt, a);
  if (stage.id || stage.name) {
    Value current(rapidjson::kObjectType);
    json::set(current, "id", unified_or_null(ctx, "stage", stage.id, a), a);
    json::set(current, "remote_id", json::string_or_null(stage.id, a), a);
    json::set(current, "name", json::string_or_null(stage.name, a), a);
    set_enum(current, "category", stage.category, stage.id, a);
    json::set(current, "order", Value(), a);
    json::set(out, "current_stage", std::move(current), a);
  } else {
    json::set(out, "current_stage", Value(), a);
  }
  set_enum(out, "stage_category",
           stage.category.empty() ? std::nullopt : std::optional(stage.category), stage.id, a);
  json::set(out, "applied_at", json::string_or_null(times.applied_at, a), a);
  bool rejected = status == "rejected";
  bool hired = status == "hired";
  json::set(out, "rejected_at", json::string_or_null(rejected ? times.moved_at : std::nullopt, a),
            a);
  json::set(out, "hired_at", json::string_or_null(hired ? times.moved_at : std::nullopt, a), a);
  if (rejected) {
    // Breezy's payload carries no disqualification reason.
    Value r(rapidjson::kObjectType);
    json::set(r, "reason_id", Value(), a);
    json::set(r, "reason_name", Value(), a);
    set_enum(r, "reason_type", std::nullopt, std::nullopt, a);
    json::set(r, "note", Value(), a);
    json::set(r, "rejected_at", json::string_or_null(times.moved_at, a), a);
    json::set(out, "rejection", std::move(r), a);
  } else {
    json::set(out, "rejection", Value(), a);
  }
  const Value* source = json::find(object, "source");
  bool has_source = source && source->IsObject();
  json::set(out, "source",
            json::string_or_null(has_source ? string_of(*source, "name") : std::nullopt, a), a);
  json::set(out, "origin",
            json::string_or_null(has_source ? string_of(*source, "type") : std::nullopt, a), a);
  json::set(out, "credited_to_id", Value(), a);
  json::set(out, "is_prospect", Value(), a);
}

std::string_view job_status_of(std::string_view state) {
  return map_enum(kPositionState, state);
}

void job_record(const Value& position, const std::optional<std::string>& state,
                const NormalizeContext& ctx, json::Document& out) {
  out.SetObject();
  auto& a = out.GetAllocator();
  head(out, "job", id_of(&position).value_or(""), ctx, a);
  json::set(out, "remote_url", Value(), a);
  json::set(out, "remote_created_at", json::string_or_null(time_of(position, "creation_date"), a),
            a);
  json::set(out, "remote_updated_at", json::string_or_null(time_of(position, "updated_date"), a),
            a);
  json::set(out, "remote_deleted_at", Value(), a);
  json::set(out, "custom_fields", Value(rapidjson::kObjectType), a);
  json::set(out, "title", json::string_or_null(string_of(position, "name"), a), a);
  json::set(out, "code", json::string_or_null(string_of(position, "requisition_id"), a), a);
  set_enum(out, "status", kPositionState, state, a);
  json::set(out, "confidential", Value(), a);
  const Value* type = json::find(position, "type");
  std::optional<std::string> type_id;
  if (type && type->IsObject()) {
    type_id = id_of(type);
  } else if (type && type->IsString()) {
    type_id = std::string(type->GetString(), type->GetStringLength());
  }
  set_enum(out, "employment_type", kPositionType, type_id, a);
  const Value* location = json::find(position, "location");
  auto remote =
      location && location->IsObject() ? json::boolean(*location, "is_remote") : std::nullopt;
  json::set(out, "remote", remote ? Value(*remote) : Value(), a);
  json::set(out, "opened_at", Value(), a);
  json::set(out, "closed_at", Value(), a);
}

}  // namespace weft::breezy
