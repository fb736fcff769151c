// job_application.create / update / destroy -> unified application events, with
// stage_changed, rejected and hired beside an update when the payload shows that this update
// made that change.
#include <cstdint>
#include <cstdlib>

#include "providers/core/enums.h"
#include "providers/core/timestamps.h"
#include "providers/teamtailor/resources.h"

namespace weft::teamtailor {

namespace {

using json::Value;

// Every Teamtailor job has two fixed stages, Inbox and Hired (stage-type "Inbox", "Hired");
// every other stage is of type "In process".
const EnumTable kStageType = {{"Inbox", "applied"}, {"In process", "other"}, {"Hired", "hired"}};

// A change counts as made by this update when its time is this close to updated-at (the
// payload carries no previous values; both times are stamped in the same save).
constexpr int64_t kSameUpdateSeconds = 60;

struct Stage {
  std::optional<std::string> id;
  std::optional<std::string> name;
  std::optional<std::string> category_raw;  // stage-type, else the stage name
  std::optional<std::string_view> category;
};

Stage stage_of(const Resource& r) {
  Stage s;
  s.id = related_id(r, "stage");
  s.name = text_attribute(r.attributes, "stage-name");
  if (auto type = text_attribute(r.attributes, "stage-type")) {
    s.category_raw = type;
    s.category = map_enum(kStageType, *type);
  } else if (s.name) {
    // Without stage-type, the fixed stages are known by their fixed names; any other stage
    // is one of the account's own "In process" stages.
    s.category_raw = s.name;
    s.category = *s.name == "Inbox" ? "applied" : *s.name == "Hired" ? "hired" : "other";
  }
  return s;
}

Value current_stage(const Stage& s, const NormalizeContext& ctx, json::Allocator& a) {
  if (!s.id && !s.name) return Value();
  Value out(rapidjson::kObjectType);
  json::set(out, "id", unified_or_null(ctx, "stage", s.id, a), a);
  json::set(out, "remote_id", json::string_or_null(s.id, a), a);
  json::set(out, "name", json::string_or_null(s.name, a), a);
  set_enum(out, "category", s.category, s.category_raw, a);
  json::set(out, "order", Value(), a);
  return out;
}

Value rejection(const Resource& r, const std::optional<std::string>& rejected_at,
                json::Allocator& a) {
  if (!rejected_at) return Value();
  Value out(rapidjson::kObjectType);
  json::set(out, "reason_id", Value(), a);
  json::set(out, "reason_name",
            json::string_or_null(text_attribute(r.attributes, "reject-reason"), a), a);
  set_enum(out, "reason_type", std::nullopt, std::nullopt, a);
  json::set(out, "note", Value(), a);
  json::set(out, "rejected_at", json::string(*rejected_at, a), a);
  return out;
}

// Teamtailor fields the unified application has no place for, kept under custom_fields:
// transparent-recruiting-visible-at is the earliest time a rejection may be told to the
// candidate, which Teamtailor requires integrations to respect.
Value application_custom_fields(const Resource& r, json::Allocator& a) {
  Value out = custom_fields(r, a);
  if (auto visible = time_attribute(r.attributes, "transparent-recruiting-visible-at")) {
    json::set(out, "transparent_recruiting_visible_at", json::string(*visible, a), a);
  }
  return out;
}

void application_record(const Resource& r, const Stage& stage, const NormalizeContext& ctx,
                        json::Document& out) {
  out.SetObject();
  auto& a = out.GetAllocator();
  const Value& attrs = r.attributes;
  record_head(out, r, "application", ctx, a);
  json::set(out, "custom_fields", application_custom_fields(r, a), a);
  json::set(out, "candidate_id", unified_or_null(ctx, "candidate", related_id(r, "candidate"), a),
            a);
  json::set(out, "job_id", unified_or_null(ctx, "job", related_id(r, "job"), a), a);
  auto rejected_at = time_attribute(attrs, "rejected-at");
  // Teamtailor has no status field: rejected-at and the Hired stage say it.
  std::string_view status = rejected_at                 ? "rejected"
                            : stage.category == "hired" ? "hired"
                                                        : "active";
  set_enum(out, "status", status, std::nullopt, a);
  json::set(out, "current_stage", current_stage(stage, ctx, a), a);
  set_enum(out, "stage_category", stage.category, stage.category_raw, a);
  json::set(out, "applied_at", json::string_or_null(time_attribute(attrs, "created-at"), a), a);
  json::set(out, "rejected_at", json::string_or_null(rejected_at, a), a);
  // In the Hired stage, the time it entered its current stage is when it was hired.
  std::optional<std::string> moved_at = time_attribute(attrs, "last-moved-at");
  if (!moved_at) moved_at = time_attribute(attrs, "changed-stage-at");
  json::set(out, "hired_at",
            json::string_or_null(stage.category == "hired" ? moved_at : std::nullopt, a), a);
  json::set(out, "rejection", rejection(r, rejected_at, a), a);
  json::set(out, "source", json::string_or_null(text_attribute(attrs, "referring-site"), a), a);
  auto sourced = bool_attribute(attrs, "sourced");
  json::set(out, "origin", sourced ? json::string(*sourced ? "sourced" : "applied", a) : Value(),
            a);
  json::set(out, "credited_to_id", Value(), a);
  json::set(out, "is_prospect", Value(), a);
}

std::optional<int64_t> seconds(const Value& attrs, std::string_view name) {
  auto text = text_attribute(attrs, name);
  return text ? parse_timestamp(*text) : std::nullopt;
}

// Whether the time in `name` was set by the save that produced this payload.
bool set_by_this_update(const Value& attrs, std::string_view name) {
  auto at = seconds(attrs, name);
  auto updated = seconds(attrs, "updated-at");
  return at && updated && std::llabs(*updated - *at) <= kSameUpdateSeconds;
}

bool stage_moved_now(const Value& attrs) {
  return set_by_this_update(attrs, "last-moved-at") ||
         set_by_this_update(attrs, "changed-stage-at");
}

SubjectRef subject_of(const Resource& r) {
  return {"application", r.id, related_id(r, "candidate").value_or(""),
          related_id(r, "job").value_or("")};
}

}  // namespace

std::string map_job_application(const Resource& r, std::string_view action,
                                const NormalizeContext& ctx, std::vector<EventDraft>& out) {
  if (action == "destroy") {
    out.push_back(tombstone(subject_of(r), ctx));
    return {};
  }
  Stage stage = stage_of(r);
  std::string type = action == "create" ? "ats.application.created" : "ats.application.updated";
  EventDraft d =
      make_draft(std::move(type), subject_of(r),
                 time_attribute(r.attributes, "updated-at").value_or(""), DataMode::full);
  application_record(r, stage, ctx, d.data);
  if (action == "create") {
    out.push_back(std::move(d));
    return {};
  }

  const Value& attrs = r.attributes;
  bool moved = stage_moved_now(attrs);
  bool rejected = false;
  if (time_attribute(attrs, "rejected-at")) {
    // Without updated-at the update cannot be dated: a rejected application is reported
    // rejected (the update may also have been to its cover letter).
    rejected = !time_attribute(attrs, "updated-at") || set_by_this_update(attrs, "rejected-at");
  }
  if (moved) d.changed_fields.insert(d.changed_fields.end(), {"current_stage", "stage_category"});
  if (rejected)
    d.changed_fields.insert(d.changed_fields.end(), {"status", "rejected_at", "rejection"});
  if (moved && stage.category == "hired" && !rejected) {
    d.changed_fields.insert(d.changed_fields.end(), {"status", "hired_at"});
  }

  std::vector<EventDraft> domain;
  if (moved) domain.push_back(same_record(d, "ats.application.stage_changed"));
  if (rejected) domain.push_back(same_record(d, "ats.application.rejected"));
  if (moved && stage.category == "hired" && !rejected) {
    domain.push_back(same_record(d, "ats.application.hired"));
  }
  out.push_back(std::move(d));
  for (auto& e : domain) out.push_back(std::move(e));
  return {};
}

}  // namespace weft::teamtailor
