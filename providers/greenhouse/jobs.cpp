// Greenhouse jobs and their surroundings: job_created, job_updated, job_approved, job_deleted,
// job_post_created, job_post_updated, job_post_deleted, job_interview_stage_deleted,
// department_deleted, office_deleted.
#include "providers/greenhouse/mapping.h"

namespace weft::greenhouse {

namespace {

using json::Value;

const Value* object_member(const Value& v, std::string_view key) {
  const Value* m = json::find(v, key);
  return m && m->IsObject() ? m : nullptr;
}

// Offices give their location as text in jobs and as {"name"} in office_deleted.
std::optional<std::string> location_of(const Value& v) {
  if (auto s = string_member(v, "location")) return s;
  if (const Value* loc = object_member(v, "location")) return string_member(*loc, "name");
  return std::nullopt;
}

// [{id, name, ...}] -> [{id, remote_id, name[, location]}]
Value org_units(const Record& r, const Value& job, std::string_view key, std::string_view entity,
                json::Allocator& a) {
  Value list(rapidjson::kArrayType);
  const Value* items = json::find(job, key);
  if (!items || !items->IsArray()) return list;
  for (const auto& item : items->GetArray()) {
    auto id = id_of(item, "id");
    if (!id) continue;
    Value unit(rapidjson::kObjectType);
    unit.AddMember("id", json::string(r.unified(entity, *id), a), a);
    unit.AddMember("remote_id", json::string(*id, a), a);
    unit.AddMember("name", json::string_or_null(string_member(item, "name"), a), a);
    if (entity == "office")
      unit.AddMember("location", json::string_or_null(location_of(item), a), a);
    list.PushBack(unit, a);
  }
  return list;
}

// hiring_team.<role>[] -> [{id, remote_id}]: Greenhouse names no user here, only ids.
Value team(const Record& r, const Value& job, std::string_view role, json::Allocator& a) {
  Value list(rapidjson::kArrayType);
  const Value* members = json::find_path(job, {"hiring_team", role});
  if (!members || !members->IsArray()) return list;
  for (const auto& m : members->GetArray()) {
    auto id = id_of(m, "user_id");
    if (!id) continue;
    Value user(rapidjson::kObjectType);
    user.AddMember("id", json::string(r.unified("user", *id), a), a);
    user.AddMember("remote_id", json::string(*id, a), a);
    list.PushBack(user, a);
  }
  return list;
}

Value openings(const Value& job, json::Allocator& a) {
  Value list(rapidjson::kArrayType);
  const Value* items = json::find(job, "openings");
  if (!items || !items->IsArray()) return list;
  for (const auto& item : items->GetArray()) {
    auto id = id_of(item, "id");
    if (!id) continue;
    Value opening(rapidjson::kObjectType);
    opening.AddMember("remote_id", json::string(*id, a), a);
    // Greenhouse's opening_id is the customer's own (HRIS) code for the opening.
    opening.AddMember("code", json::string_or_null(id_of(item, "opening_id"), a), a);
    list.PushBack(opening, a);
  }
  return list;
}

// Greenhouse keeps employment type in a custom field, "employment_type" by convention.
void write_employment_type(Record& r, const Value& job) {
  const Value* field = json::find_path(job, {"custom_fields", "employment_type"});
  auto raw = field ? string_member(*field, "value") : std::nullopt;
  std::string_view type = "unknown";
  if (raw) {
    std::string s = snake_case(*raw);
    if (s == "full_time" || s == "fulltime") type = "full_time";
    if (s == "part_time" || s == "parttime") type = "part_time";
    if (s == "contract" || s == "contractor") type = "contract";
    if (s == "intern" || s == "internship") type = "internship";
    if (s == "temporary" || s == "temp") type = "temporary";
    if (s == "freelance" || s == "freelancer") type = "contract";
    if (type == "unknown" && !s.empty()) type = "other";
  }
  r.enumerated("employment_type", type, raw);
}

void write_job(Record& r, const Value& job) {
  auto& a = r.alloc();
  r.remote_fields(job);
  r.text("title", string_member(job, "name"));
  r.text("code", id_of(job, "requisition_id"));
  auto raw_status = string_member(job, "status");
  r.enumerated("status",
               raw_status ? one_of(snake_case(*raw_status), {"draft", "open", "closed", "archived"})
                          : "unknown",
               raw_status);
  r.flag("confidential", json::boolean(job, "confidential"));
  r.put("departments", org_units(r, job, "departments", "department", a));
  r.put("offices", org_units(r, job, "offices", "office", a));
  r.put("hiring_managers", team(r, job, "hiring_managers", a));
  r.put("recruiters", team(r, job, "recruiters", a));
  r.put("openings", openings(job, a));
  write_employment_type(r, job);
  r.put("remote", Value());  // Greenhouse has no remote flag; offices may say it in words
  r.time("opened_at", job, "opened_at");
  r.time("closed_at", job, "closed_at");
  r.custom_fields(job);
}

// job_post_* send the post as the payload itself, job_post_deleted wraps it in `job_post`.
const Value& post_object(const Input& in) {
  const Value* wrapped = object_member(in.payload, "job_post");
  return wrapped ? *wrapped : in.payload;
}

void write_job_posting(Record& r, const Value& post, const std::optional<std::string>& job_id) {
  auto& a = r.alloc();
  r.remote_fields(post);
  r.ref("job_id", "job", job_id);  // none: a prospect post
  r.text("title", string_member(post, "title"));
  // Greenhouse says `live` (a boolean) rather than a status.
  auto live = json::boolean(post, "live");
  r.put("status", json::string(!live ? "unknown" : *live ? "published" : "unpublished", a));
  r.flag("is_internal", json::boolean(post, "internal"));
  r.put("url", Value());  // the board URL needs the board token, which the webhook lacks
  r.text("content", string_member(post, "content"));
  Value custom(rapidjson::kObjectType);
  if (auto location = location_of(post))
    custom.AddMember("location", json::string(*location, a), a);
  r.put("custom_fields", std::move(custom));
}

// Departments and offices: the tombstone names the unit only. Greenhouse also lists former
// children, but deleting a parent does not delete them, and a tombstone carries no more ids.
std::string org_unit_deleted(const Input& in, std::string_view key) {
  const Value* unit = object_member(in.payload, key);
  if (!unit) return lacks(in, key);
  auto id = id_of(*unit, "id");
  if (!id) return lacks(in, std::string(key) + ".id");
  add_tombstone(in.events, {std::string(key), *id, {}, {}}, "deleted");
  return {};
}

}  // namespace

// job_created: created, and opened when it opens at once. job_approved: updated, and opened
// when the approval was to start recruiting ("open_job"; "offer_job" approves a job that is
// already open). job_updated: updated only, as Greenhouse does not say what changed.
std::string map_job(const Input& in) {
  const Value* job = object_member(in.payload, "job");
  if (!job) return lacks(in, "job");
  auto id = id_of(*job, "id");
  if (!id) return lacks(in, "job.id");
  bool created = in.action == "job_created";
  std::string when = created ? time_member(*job, "created_at").value_or("") : "";
  auto& draft = add_event(in.events, created ? "ats.job.created" : "ats.job.updated",
                          {"job", *id, {}, *id}, DataMode::full, when);
  Record r(draft.data, in.ctx);
  write_job(r, *job);
  bool open = string_member(*job, "status") == std::optional<std::string>("open");
  auto flow = json::find_path(in.payload, {"approval_flow", "approval_flow_type"});
  bool opening_flow =
      !flow || !flow->IsString() || std::string_view(flow->GetString()) != "offer_job";
  if (open && (created || (in.action == "job_approved" && opening_flow))) {
    add_domain_event(in.events, in.events.size() - 1, "ats.job.opened");
  }
  return {};
}

std::string map_job_deleted(const Input& in) {
  const Value* job = object_member(in.payload, "job");
  if (!job) return lacks(in, "job");
  auto id = id_of(*job, "id");
  if (!id) return lacks(in, "job.id");
  add_tombstone(in.events, {"job", *id, {}, *id}, "deleted");
  return {};
}

// Greenhouse sends no previous state, so published/unpublished restate what `live` says on
// every update (job_post_updated also fires when `live` flips); on creation only a live post
// is news.
std::string map_job_post(const Input& in) {
  const Value& post = post_object(in);
  auto id = id_of(post, "id");
  if (!id) return lacks(in, "id");
  auto job_id = id_of(post, "job_id");
  bool created = in.action == "job_post_created";
  auto& draft =
      add_event(in.events, created ? "ats.job_posting.created" : "ats.job_posting.updated",
                {"job_posting", *id, {}, job_id.value_or("")}, DataMode::full,
                time_member(post, "updated_at").value_or(""));
  Record r(draft.data, in.ctx);
  write_job_posting(r, post, job_id);
  auto live = json::boolean(post, "live");
  if (live && (*live || !created)) {
    add_domain_event(in.events, in.events.size() - 1,
                     *live ? "ats.job_posting.published" : "ats.job_posting.unpublished");
  }
  return {};
}

std::string map_job_post_deleted(const Input& in) {
  const Value& post = post_object(in);
  auto id = id_of(post, "id");
  if (!id) return lacks(in, "job_post.id");
  auto job_id = id_of(post, "job_id");
  Record(add_tombstone(in.events, {"job_posting", *id, {}, job_id.value_or("")}, "deleted").data,
         in.ctx)
      .ref("job_id", "job", job_id);
  return {};
}

std::string map_stage_deleted(const Input& in) {
  const Value* stage = object_member(in.payload, "job_interview_stage");
  if (!stage) return lacks(in, "job_interview_stage");
  auto id = id_of(*stage, "id");
  if (!id) return lacks(in, "job_interview_stage.id");
  auto job_id = id_of(*stage, "job_id");
  Record(add_tombstone(in.events, {"stage", *id, {}, job_id.value_or("")}, "deleted").data, in.ctx)
      .ref("job_id", "job", job_id);
  return {};
}

std::string map_department_deleted(const Input& in) {
  return org_unit_deleted(in, "department");
}
std::string map_office_deleted(const Input& in) {
  return org_unit_deleted(in, "office");
}

}  // namespace weft::greenhouse
