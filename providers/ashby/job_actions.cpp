// Job, job posting, opening and interview plan actions.
#include <cstdlib>

#include "providers/ashby/actions.h"
#include "providers/ashby/records.h"
#include "providers/ashby/values.h"
#include "providers/core/timestamps.h"

namespace weft::ashby {

namespace {

// jobUpdate fires on every edit, so "opened"/"closed" follow only an update that set the
// matching timestamp; with no timestamp to compare, the status alone decides.
bool set_by_this_update(const json::Value& job, std::string_view key) {
  auto at = json::text(job, key);
  auto updated = json::text(job, "updatedAt");
  if (!at || !updated) return true;
  auto a = parse_timestamp(*at);
  auto b = parse_timestamp(*updated);
  if (!a || !b) return true;
  constexpr long long kSameChangeSeconds = 60;
  return std::llabs(*b - *a) <= kSameChangeSeconds;
}

std::string job_event(const json::Value& data, const NormalizeContext& ctx, std::string type,
                      EventDraft& out, const json::Value*& job) {
  std::string id, error;
  job = object_with_id(data, "job", id, error);
  if (!job) return error;
  out = make_draft(std::move(type), {"job", id, "", ""}, time_text(*job, "updatedAt"),
                   DataMode::full);
  job_record(*job, ctx, out.data);
  return {};
}

std::string posting_events(const json::Value& data, const NormalizeContext& ctx,
                           std::string_view status, const char* domain_type,
                           std::vector<EventDraft>& out) {
  std::string id, error;
  const json::Value* posting = object_with_id(data, "jobPosting", id, error);
  if (!posting) return error;
  SubjectRef subject{"job_posting", id, "", json::text(*posting, "jobId").value_or("")};
  EventDraft updated = make_draft("ats.job_posting.updated", std::move(subject),
                                  time_text(*posting, "updatedAt"), DataMode::full);
  job_posting_record(*posting, status, ctx, updated.data);
  std::optional<EventDraft> domain;
  if (domain_type) domain = same_record(updated, domain_type);
  out.push_back(std::move(updated));
  if (domain) out.push_back(std::move(*domain));
  return {};
}

}  // namespace

std::string map_job_create(const json::Value& data, const NormalizeContext& ctx,
                           std::vector<EventDraft>& out) {
  EventDraft created;
  const json::Value* job = nullptr;
  if (auto error = job_event(data, ctx, "ats.job.created", created, job); !error.empty()) {
    return error;
  }
  std::optional<EventDraft> opened;
  if (field(created.data, "status") == "open") opened = same_record(created, "ats.job.opened");
  out.push_back(std::move(created));
  if (opened) out.push_back(std::move(*opened));
  return {};
}

std::string map_job_update(const json::Value& data, const NormalizeContext& ctx,
                           std::vector<EventDraft>& out) {
  EventDraft updated;
  const json::Value* job = nullptr;
  if (auto error = job_event(data, ctx, "ats.job.updated", updated, job); !error.empty()) {
    return error;
  }
  std::optional<EventDraft> domain;
  auto status = field(updated.data, "status");
  if (status == "open" && set_by_this_update(*job, "openedAt")) {
    domain = same_record(updated, "ats.job.opened");
  } else if (status == "closed" && set_by_this_update(*job, "closedAt")) {
    domain = same_record(updated, "ats.job.closed");
  }
  out.push_back(std::move(updated));
  if (domain) out.push_back(std::move(*domain));
  return {};
}

std::string map_interview_plan_transition(const json::Value& data, const NormalizeContext& ctx,
                                          std::vector<EventDraft>& out) {
  auto job_id = json::text(data, "jobId");
  if (!job_id || job_id->empty()) return "missing data.jobId";
  // The interview plan is no field of the unified job, and a partial custom_fields would
  // read as replacing the job's own: the job is named for a fetch (Ashby's jobUpdate that
  // follows carries the job).
  EventDraft d = make_draft("ats.job.updated", {"job", *job_id, "", ""}, {}, DataMode::reference);
  auto& a = d.data.GetAllocator();
  json::set(d.data, "id", json::string(ctx.unified_id("job", *job_id), a), a);
  json::set(d.data, "remote_id", json::string(*job_id, a), a);
  out.push_back(std::move(d));
  return {};
}

std::string map_job_posting_update(const json::Value& data, const NormalizeContext& ctx,
                                   std::vector<EventDraft>& out) {
  return posting_events(data, ctx, "", nullptr, out);
}

std::string map_job_posting_publish(const json::Value& data, const NormalizeContext& ctx,
                                    std::vector<EventDraft>& out) {
  return posting_events(data, ctx, "published", "ats.job_posting.published", out);
}

std::string map_job_posting_unpublish(const json::Value& data, const NormalizeContext& ctx,
                                      std::vector<EventDraft>& out) {
  return posting_events(data, ctx, "unpublished", "ats.job_posting.unpublished", out);
}

std::string map_opening_create(const json::Value& data, const NormalizeContext& ctx,
                               std::vector<EventDraft>& out) {
  std::string id, error;
  const json::Value* opening = object_with_id(data, "opening", id, error);
  if (!opening) return error;
  // An opening belongs to jobs: each of them gets a partial record naming the new opening.
  const json::Value* version = json::find(*opening, "latestVersion");
  const json::Value* jobs = version ? json::find(*version, "jobIds") : nullptr;
  if (!jobs || !jobs->IsArray()) return {};
  std::string occurred_at = time_text(*version, "createdAt");
  for (const auto& job : jobs->GetArray()) {
    auto job_id = json::text(&job);
    if (!job_id || job_id->empty()) continue;
    EventDraft d =
        make_draft("ats.job.updated", {"job", *job_id, "", ""}, occurred_at, DataMode::partial);
    auto& a = d.data.GetAllocator();
    json::set(d.data, "id", json::string(ctx.unified_id("job", *job_id), a), a);
    json::set(d.data, "remote_id", json::string(*job_id, a), a);
    json::Value openings(rapidjson::kArrayType);
    openings.PushBack(opening_record(*opening, ctx, a), a);
    json::set(d.data, "openings", std::move(openings), a);
    d.changed_fields = {"openings"};
    out.push_back(std::move(d));
  }
  return {};
}

}  // namespace weft::ashby
