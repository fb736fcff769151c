// Shared record pieces, and the application and candidate records.
#include "providers/ashby/records.h"

#include "providers/ashby/custom_fields.h"
#include "providers/ashby/values.h"
#include "providers/core/names.h"

namespace weft::ashby {

using json::Value;

namespace {

const EnumTable kApplicationStatus = {
    {"Active", "active"}, {"Lead", "active"}, {"Hired", "hired"}, {"Archived", "rejected"}};

// Ashby interview stage types; Lead is a sourced prospect that has not applied yet.
const EnumTable kStageCategory = {{"Lead", "applied"},     {"PreInterviewScreen", "screen"},
                                  {"Active", "interview"}, {"Offer", "offer"},
                                  {"Hired", "hired"},      {"Archived", "rejected"}};

const EnumTable kArchiveReasonType = {{"RejectedByOrg", "rejected_by_company"},
                                      {"RejectedByCandidate", "rejected_by_candidate"},
                                      {"Other", "other"}};

const EnumTable kEmailType = {{"Personal", "personal"}, {"Work", "work"}, {"Other", "other"}};
// Ashby's phone types are those of its e-mails: "Personal" names no kind of line.
const EnumTable kPhoneType = {{"Personal", "other"}, {"Work", "work"}, {"Other", "other"}};

Value null_value() {
  return Value(rapidjson::kNullType);
}

Value current_stage(const Value* stage, const NormalizeContext& ctx, json::Allocator& a) {
  if (!stage || !stage->IsObject()) return null_value();
  Value out(rapidjson::kObjectType);
  json::set(out, "id", reference(ctx, "stage", json::find(*stage, "id"), a), a);
  json::set(out, "remote_id", string_member(*stage, "id", a), a);
  json::set(out, "name", string_member(*stage, "title", a), a);
  set_enum(out, "category", kStageCategory, json::text(*stage, "type"), a);
  const Value* order = json::find(*stage, "orderInInterviewPlan");
  json::set(out, "order", order && order->IsNumber() ? Value(*order, a) : null_value(), a);
  return out;
}

// Ashby rejects by archiving with a reason; other statuses carry no rejection.
Value rejection(const Value& app, const NormalizeContext& ctx, json::Allocator& a) {
  if (json::text(app, "status") != "Archived") return null_value();
  Value out(rapidjson::kObjectType);
  const Value* reason = json::find(app, "archiveReason");
  bool known = reason && reason->IsObject();
  json::set(out, "reason_id",
            known ? reference(ctx, "rejection_reason", json::find(*reason, "id"), a) : null_value(),
            a);
  json::set(out, "reason_name", known ? string_member(*reason, "text", a) : null_value(), a);
  set_enum(out, "reason_type", kArchiveReasonType,
           known ? json::text(*reason, "reasonType") : std::nullopt, a);
  json::set(out, "note", null_value(), a);
  json::set(out, "rejected_at", time_or_null(app, "archivedAt", a), a);
  return out;
}

// An e-mail ({address, type, is_primary}) or a phone number ({number, type}).
Value contact(const Value& c, bool email, json::Allocator& a) {
  Value out(rapidjson::kObjectType);
  json::set(out, email ? "address" : "number", string_member(c, "value", a), a);
  set_enum(out, "type", email ? kEmailType : kPhoneType, json::text(c, "type"), a);
  if (email) json::set(out, "is_primary", bool_member(c, "isPrimary", a), a);
  return out;
}

// The full list when the payload has one, else the primary entry alone.
Value contacts(const Value& candidate, std::string_view list_key, std::string_view primary_key,
               bool email, json::Allocator& a) {
  Value out(rapidjson::kArrayType);
  const Value* list = json::find(candidate, list_key);
  if (list && list->IsArray()) {
    for (const auto& c : list->GetArray()) {
      if (c.IsObject() && json::text(c, "value")) out.PushBack(contact(c, email, a), a);
    }
    return out;
  }
  const Value* primary = json::find(candidate, primary_key);
  if (primary && primary->IsObject() && json::text(*primary, "value")) {
    out.PushBack(contact(*primary, email, a), a);
  }
  return out;
}

}  // namespace

Value reference(const NormalizeContext& ctx, std::string_view entity, const Value* remote_id,
                json::Allocator& a) {
  auto id = json::text(remote_id);
  if (!id || id->empty()) return null_value();
  return json::string(ctx.unified_id(entity, *id), a);
}

void record_head(Value& out, const NormalizeContext& ctx, std::string_view entity,
                 const Value& vendor, json::Allocator& a) {
  auto remote_id = json::text(vendor, "id").value_or("");
  json::set(out, "id", json::string(ctx.unified_id(entity, remote_id), a), a);
  json::set(out, "remote_id", json::string(remote_id, a), a);
  json::set(out, "remote_url", null_value(), a);
  json::set(out, "remote_created_at", null_value(), a);
  json::set(out, "remote_updated_at", null_value(), a);
  json::set(out, "remote_deleted_at", null_value(), a);
}

void remote_times(Value& out, const Value& vendor, json::Allocator& a) {
  json::set(out, "remote_created_at", time_or_null(vendor, "createdAt", a), a);
  json::set(out, "remote_updated_at", time_or_null(vendor, "updatedAt", a), a);
}

std::string_view field(const Value& record, std::string_view key) {
  const Value* v = json::find(record, key);
  if (!v || !v->IsString()) return {};
  return {v->GetString(), v->GetStringLength()};
}

void application_record(const Value& app, const NormalizeContext& ctx, json::Document& out) {
  out.SetObject();
  auto& a = out.GetAllocator();
  record_head(out, ctx, "application", app, a);
  remote_times(out, app, a);
  json::set(out, "candidate_id",
            reference(ctx, "candidate", json::find_path(app, {"candidate", "id"}), a), a);
  json::set(out, "job_id", reference(ctx, "job", json::find_path(app, {"job", "id"}), a), a);
  auto status = json::text(app, "status");
  set_enum(out, "status", kApplicationStatus, status, a);
  const Value* stage = json::find(app, "currentInterviewStage");
  json::set(out, "current_stage", current_stage(stage, ctx, a), a);
  set_enum(out, "stage_category", kStageCategory,
           stage && stage->IsObject() ? json::text(*stage, "type") : std::nullopt, a);
  json::set(out, "applied_at", time_or_null(app, "createdAt", a), a);
  json::set(out, "rejected_at",
            status == "Archived" ? time_or_null(app, "archivedAt", a) : null_value(), a);
  json::set(out, "rejection", rejection(app, ctx, a), a);
  const Value* source = json::find(app, "source");
  json::set(out, "source",
            source && source->IsObject() ? string_member(*source, "title", a) : null_value(), a);
  json::set(out, "credited_to_id",
            reference(ctx, "user", json::find_path(app, {"creditedToUser", "id"}), a), a);
  json::set(out, "is_prospect", status ? Value(*status == "Lead") : null_value(), a);
  json::set(out, "custom_fields", custom_fields(json::find(app, "customFields"), a), a);
}

void candidate_record(const Value& candidate, const NormalizeContext& ctx, json::Document& out) {
  out.SetObject();
  auto& a = out.GetAllocator();
  // A summary: only what it carries (a partial record).
  auto id = json::text(candidate, "id").value_or("");
  json::set(out, "id", json::string(ctx.unified_id("candidate", id), a), a);
  json::set(out, "remote_id", json::string(id, a), a);
  // Ashby keeps one display name; the first word is taken as the given name.
  auto name = json::text(candidate, "name").value_or("");
  auto [first, last] = split_display_name(name);
  json::set(out, "first_name", json::string_or_null(first, a), a);
  json::set(out, "last_name", json::string_or_null(last, a), a);
  json::set(out, "emails", contacts(candidate, "emailAddresses", "primaryEmailAddress", true, a),
            a);
  json::set(out, "phone_numbers",
            contacts(candidate, "phoneNumbers", "primaryPhoneNumber", false, a), a);
}

}  // namespace weft::ashby
