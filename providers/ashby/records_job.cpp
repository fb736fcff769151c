// Job, job posting and opening records.
#include "providers/ashby/custom_fields.h"
#include "providers/ashby/records.h"
#include "providers/ashby/values.h"

namespace weft::ashby {

using json::Value;

namespace {

const EnumTable kJobStatus = {
    {"Draft", "draft"}, {"Open", "open"}, {"Closed", "closed"}, {"Archived", "archived"}};

const EnumTable kEmploymentType = {{"FullTime", "full_time"},
                                   {"PartTime", "part_time"},
                                   {"Intern", "internship"},
                                   {"Contract", "contract"},
                                   {"Temporary", "temporary"}};

// A filled opening is closed; Draft and Approved ones are not open yet (kept in status_raw).
const EnumTable kOpeningState = {{"Open", "open"}, {"Closed", "closed"}, {"Filled", "closed"}};

// [{id, remote_id}] for the one department or office Ashby names by id, or [].
Value ref_list(const NormalizeContext& ctx, std::string_view entity, const Value* remote_id,
               json::Allocator& a) {
  Value out(rapidjson::kArrayType);
  Value id = reference(ctx, entity, remote_id, a);
  if (id.IsNull()) return out;
  Value ref(rapidjson::kObjectType);
  json::set(ref, "id", std::move(id), a);
  json::set(ref, "remote_id", Value(*remote_id, a), a);
  out.PushBack(ref, a);
  return out;
}

// The users of the job's hiring team holding one role, as user references.
Value team_members(const Value& job, std::string_view role, const NormalizeContext& ctx,
                   json::Allocator& a) {
  Value out(rapidjson::kArrayType);
  const Value* team = json::find(job, "hiringTeam");
  if (!team || !team->IsArray()) return out;
  for (const auto& member : team->GetArray()) {
    if (json::text(member, "role") != role) continue;
    Value id = reference(ctx, "user", json::find(member, "userId"), a);
    if (id.IsNull()) continue;
    Value user(rapidjson::kObjectType);
    json::set(user, "id", std::move(id), a);
    json::set(user, "remote_id", string_member(member, "userId", a), a);
    std::string name = json::text(member, "firstName").value_or("");
    auto last = json::text(member, "lastName").value_or("");
    if (!name.empty() && !last.empty()) name += ' ';
    name += last;
    json::set(user, "name", name.empty() ? Value() : json::string(name, a), a);
    json::set(user, "email", string_member(member, "email", a), a);
    out.PushBack(user, a);
  }
  return out;
}

}  // namespace

void job_record(const Value& job, const NormalizeContext& ctx, json::Document& out) {
  out.SetObject();
  auto& a = out.GetAllocator();
  record_head(out, ctx, "job", job, a);
  remote_times(out, job, a);
  json::set(out, "title", string_member(job, "title", a), a);
  json::set(out, "code", string_member(job, "customRequisitionId", a), a);
  set_enum(out, "status", kJobStatus, json::text(job, "status"), a);
  json::set(out, "confidential", bool_member(job, "confidential", a), a);
  json::set(out, "departments", ref_list(ctx, "department", json::find(job, "departmentId"), a), a);
  json::set(out, "offices", ref_list(ctx, "office", json::find(job, "locationId"), a), a);
  json::set(out, "hiring_managers", team_members(job, "Hiring Manager", ctx, a), a);
  json::set(out, "recruiters", team_members(job, "Recruiter", ctx, a), a);
  set_enum(out, "employment_type", kEmploymentType, json::text(job, "employmentType"), a);
  json::set(out, "opened_at", time_or_null(job, "openedAt", a), a);
  json::set(out, "closed_at", time_or_null(job, "closedAt", a), a);
  json::set(out, "custom_fields", custom_fields(json::find(job, "customFields"), a), a);
}

void job_posting_record(const Value& posting, std::string_view status, const NormalizeContext& ctx,
                        json::Document& out) {
  out.SetObject();
  auto& a = out.GetAllocator();
  record_head(out, ctx, "job_posting", posting, a);
  json::set(out, "remote_updated_at", time_or_null(posting, "updatedAt", a), a);
  json::set(out, "job_id", reference(ctx, "job", json::find(posting, "jobId"), a), a);
  json::set(out, "title", string_member(posting, "title", a), a);
  json::set(out, "status", status.empty() ? Value() : json::string(status, a), a);
  // Ashby documents externalLink as null exactly when the posting is on an internal board.
  const Value* external = json::find(posting, "externalLink");
  json::set(out, "is_internal", external ? Value(external->IsNull()) : Value(), a);
  Value url = string_member(posting, "externalLink", a);
  if (url.IsNull()) url = string_member(posting, "applyLink", a);
  json::set(out, "url", std::move(url), a);

  // Posting details that have no unified field.
  Value extras(rapidjson::kObjectType);
  json::set(extras, "department_name", string_member(posting, "departmentName", a), a);
  json::set(extras, "team_name", string_member(posting, "teamName", a), a);
  json::set(extras, "location_name", string_member(posting, "locationName", a), a);
  json::set(extras, "workplace_type", string_member(posting, "workplaceType", a), a);
  json::set(extras, "employment_type", string_member(posting, "employmentType", a), a);
  json::set(extras, "is_listed", bool_member(posting, "isListed", a), a);
  json::set(extras, "published_date", date_or_null(posting, "publishedDate", a), a);
  json::set(extras, "application_deadline", time_or_null(posting, "applicationDeadline", a), a);
  json::set(out, "custom_fields", std::move(extras), a);
}

Value opening_record(const Value& opening, const NormalizeContext& ctx, json::Allocator& a) {
  Value out(rapidjson::kObjectType);
  json::set(out, "remote_id", string_member(opening, "id", a), a);
  const Value* version = json::find(opening, "latestVersion");
  bool has_version = version && version->IsObject();
  json::set(out, "code", has_version ? string_member(*version, "identifier", a) : Value(), a);
  set_enum(out, "status", kOpeningState, json::text(opening, "openingState"), a);
  json::set(out, "opened_at", time_or_null(opening, "openedAt", a), a);
  json::set(out, "closed_at", time_or_null(opening, "closedAt", a), a);
  return out;
}

}  // namespace weft::ashby
