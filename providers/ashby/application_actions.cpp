// Application and candidate actions. Ashby sends the whole application (with a candidate
// summary) for application actions, and bare ids for candidate deletes and merges.
#include "providers/ashby/actions.h"
#include "providers/ashby/records.h"
#include "providers/ashby/values.h"

namespace weft::ashby {

namespace {

// The application event of data.application, or an error.
std::string application_event(const json::Value& data, const NormalizeContext& ctx,
                              std::string type, EventDraft& out) {
  std::string id, error;
  const json::Value* app = object_with_id(data, "application", id, error);
  if (!app) return error;
  SubjectRef subject{"application", id,
                     json::text(json::find_path(*app, {"candidate", "id"})).value_or(""),
                     json::text(json::find_path(*app, {"job", "id"})).value_or("")};
  out =
      make_draft(std::move(type), std::move(subject), time_text(*app, "updatedAt"), DataMode::full);
  application_record(*app, ctx, out.data);
  return {};
}

std::string application_updated(const json::Value& data, const NormalizeContext& ctx,
                                std::vector<EventDraft>& out) {
  EventDraft updated;
  if (auto error = application_event(data, ctx, "ats.application.updated", updated);
      !error.empty()) {
    return error;
  }
  out.push_back(std::move(updated));
  return {};
}

bool is_rejected(const EventDraft& d) {
  return field(d.data, "status") == "rejected" || field(d.data, "stage_category") == "rejected";
}

bool is_hired(const EventDraft& d) {
  return field(d.data, "status") == "hired" || field(d.data, "stage_category") == "hired";
}

}  // namespace

std::string map_application_submit(const json::Value& data, const NormalizeContext& ctx,
                                   std::vector<EventDraft>& out) {
  EventDraft created;
  if (auto error = application_event(data, ctx, "ats.application.created", created);
      !error.empty()) {
    return error;
  }
  // Ashby has no candidate webhooks: the summary inside a new application is the only
  // candidate data it pushes. Whether the candidate itself is new is not said.
  const json::Value* candidate = json::find_path(data, {"application", "candidate"});
  auto candidate_id = candidate ? json::text(*candidate, "id") : std::nullopt;
  std::string occurred_at = created.occurred_at;
  out.push_back(std::move(created));
  if (candidate_id && !candidate_id->empty()) {
    EventDraft d = make_draft("ats.candidate.updated", {"candidate", *candidate_id, "", ""},
                              occurred_at, DataMode::partial);
    candidate_record(*candidate, ctx, d.data);
    out.push_back(std::move(d));
  }
  return {};
}

std::string map_application_update(const json::Value& data, const NormalizeContext& ctx,
                                   std::vector<EventDraft>& out) {
  return application_updated(data, ctx, out);
}

std::string map_candidate_stage_change(const json::Value& data, const NormalizeContext& ctx,
                                       std::vector<EventDraft>& out) {
  EventDraft updated;
  if (auto error = application_event(data, ctx, "ats.application.updated", updated);
      !error.empty()) {
    return error;
  }
  // Ashby sends the new stage only; the previous one is unknown.
  updated.changed_fields = {"current_stage"};
  EventDraft changed = same_record(updated, "ats.application.stage_changed");
  std::optional<EventDraft> rejected, hired;
  if (is_rejected(updated)) rejected = same_record(updated, "ats.application.rejected");
  if (is_hired(updated)) hired = same_record(updated, "ats.application.hired");
  out.push_back(std::move(updated));
  out.push_back(std::move(changed));
  if (rejected) out.push_back(std::move(*rejected));
  if (hired) out.push_back(std::move(*hired));
  return {};
}

std::string map_candidate_hire(const json::Value& data, const NormalizeContext& ctx,
                               std::vector<EventDraft>& out) {
  EventDraft updated;
  if (auto error = application_event(data, ctx, "ats.application.updated", updated);
      !error.empty()) {
    return error;
  }
  EventDraft hired = same_record(updated, "ats.application.hired");
  out.push_back(std::move(updated));
  out.push_back(std::move(hired));
  return {};
}

std::string map_candidate_delete(const json::Value& data, const NormalizeContext& ctx,
                                 std::vector<EventDraft>& out) {
  std::string id, error;
  if (!object_with_id(data, "candidate", id, error)) return error;
  out.push_back(tombstone("ats.candidate.deleted", {"candidate", id, "", ""}, "deleted"));
  return {};
}

std::string map_candidate_merge(const json::Value& data, const NormalizeContext& ctx,
                                std::vector<EventDraft>& out) {
  std::string kept_id, gone_id, error;
  if (!object_with_id(data, "mergedCandidate", kept_id, error) ||
      !object_with_id(data, "deletedCandidate", gone_id, error)) {
    return error;
  }
  // Both events are about the candidate merged away: "merged" says where it went, "deleted"
  // that it is gone; one tombstone for both. The survivor's record comes with its next update.
  for (const char* type : {"ats.candidate.merged", "ats.candidate.deleted"}) {
    EventDraft d = tombstone(type, {"candidate", gone_id, "", ""}, "merged");
    auto& a = d.data.GetAllocator();
    json::set(d.data, "merged_into_id", json::string(ctx.unified_id("candidate", kept_id), a), a);
    json::set(d.data, "merged_into_remote_id", json::string(kept_id, a), a);
    out.push_back(std::move(d));
  }
  return {};
}

}  // namespace weft::ashby
