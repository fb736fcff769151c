// job.create / job.update / job.destroy -> unified job events. A Teamtailor job is both the
// requisition and its ad; it maps to the unified job.
#include "providers/core/enums.h"
#include "providers/teamtailor/resources.h"

namespace weft::teamtailor {

namespace {

using json::Value;

// Teamtailor's job statuses; "unlisted" takes applications but is hidden from the career
// site, "temp" is a job being created.
const EnumTable kJobStatus = {{"open", "open"},
                              {"unlisted", "open"},
                              {"draft", "draft"},
                              {"temp", "draft"},
                              {"archived", "archived"}};

const EnumTable kEmploymentType = {{"fulltime", "full_time"},  {"full_time", "full_time"},
                                   {"parttime", "part_time"},  {"part_time", "part_time"},
                                   {"temporary", "temporary"}, {"contract", "contract"},
                                   {"freelance", "contract"},  {"internship", "internship"},
                                   {"intern", "internship"},   {"seasonal", "temporary"}};

// "none" is Teamtailor's "not set" for its job enums: the vendor did not say.
void set_job_enum(Value& out, std::string_view field, EnumTable table,
                  const std::optional<std::string>& raw, json::Allocator& a) {
  if (raw && *raw == "none") {
    set_enum(out, field, std::nullopt, raw, a);
  } else {
    set_enum(out, field, table, raw, a);
  }
}

// The unified remote flag is a boolean: only "fully" remote says yes; "hybrid", "temporary"
// and "none" (unset or on-site, the docs do not say) leave it null, the text in remote_raw.
void set_remote(Value& out, const std::optional<std::string>& raw, json::Allocator& a) {
  json::set(out, "remote", raw && *raw == "fully" ? Value(true) : Value(), a);
  json::set(out, "remote_raw", json::string_or_null(raw, a), a);
}

// The recruiter, when the payload names the user (user-id or the user relationship).
Value recruiters(const Resource& r, const NormalizeContext& ctx, json::Allocator& a) {
  auto user = related_id(r, "user");
  if (!user) return Value();
  Value list(rapidjson::kArrayType);
  Value u(rapidjson::kObjectType);
  json::set(u, "id", json::string(ctx.unified_id("user", *user), a), a);
  json::set(u, "remote_id", json::string(*user, a), a);
  list.PushBack(u, a);
  return list;
}

Value departments(const Resource& r, const NormalizeContext& ctx, json::Allocator& a) {
  auto department = related_id(r, "department");
  if (!department) return Value();
  Value list(rapidjson::kArrayType);
  Value d(rapidjson::kObjectType);
  json::set(d, "id", json::string(ctx.unified_id("department", *department), a), a);
  json::set(d, "remote_id", json::string(*department, a), a);
  json::set(d, "name", Value(), a);
  list.PushBack(d, a);
  return list;
}

void job_record(const Resource& r, const NormalizeContext& ctx, json::Document& out) {
  out.SetObject();
  auto& a = out.GetAllocator();
  const Value& attrs = r.attributes;
  record_head(out, r, "job", ctx, a);
  json::set(out, "custom_fields", custom_fields(r, a), a);
  json::set(out, "title", json::string_or_null(text_attribute(attrs, "title"), a), a);
  json::set(out, "code", Value(), a);
  set_enum(out, "status", kJobStatus, text_attribute(attrs, "status"), a);
  json::set(out, "confidential", Value(), a);
  json::set(out, "departments", departments(r, ctx, a), a);
  json::set(out, "offices", Value(), a);
  json::set(out, "hiring_managers", Value(), a);
  json::set(out, "recruiters", recruiters(r, ctx, a), a);
  json::set(out, "openings", Value(), a);
  set_job_enum(out, "employment_type", kEmploymentType, text_attribute(attrs, "employment-type"),
               a);
  set_remote(out, text_attribute(attrs, "remote-status"), a);
  // start-date and end-date schedule the ad, they do not record an opening or closing.
  json::set(out, "opened_at", Value(), a);
  json::set(out, "closed_at", Value(), a);
}

}  // namespace

// job.update fires on any of some twenty fields and carries no previous values, so whether
// the status changed cannot be told: no opened/closed domain events on updates.
std::string map_job(const Resource& r, std::string_view action, const NormalizeContext& ctx,
                    std::vector<EventDraft>& out) {
  if (action == "destroy") {
    out.push_back(tombstone({"job", r.id, "", ""}, ctx));
    return {};
  }
  std::string type = action == "create" ? "ats.job.created" : "ats.job.updated";
  EventDraft d =
      make_draft(std::move(type), {"job", r.id, "", ""},
                 time_attribute(r.attributes, "updated-at").value_or(""), DataMode::full);
  job_record(r, ctx, d.data);
  // A job created open was opened by its creation, at its created-at.
  std::optional<EventDraft> opened;
  if (action == "create" && text_attribute(r.attributes, "status") == "open") {
    auto& a = d.data.GetAllocator();
    json::set(d.data, "opened_at",
              json::string_or_null(time_attribute(r.attributes, "created-at"), a), a);
    opened = same_record(d, "ats.job.opened");
  }
  out.push_back(std::move(d));
  if (opened) out.push_back(std::move(*opened));
  return {};
}

}  // namespace weft::teamtailor
