// Breezy candidate and position events. A candidate event is about one candidate in one
// position's pipeline: it yields the application (and, when added, the candidate summary).
#include "providers/breezy/events.h"

#include "providers/breezy/records.h"

namespace weft::breezy {

namespace {

struct Ids {
  std::string candidate;
  std::optional<std::string> position;
};

// object.candidate._id (required) and object.position._id.
std::string candidate_ids(const Delivery& d, Ids& ids) {
  auto candidate = id_of(json::find(d.object, "candidate"));
  if (!candidate) return "missing object.candidate._id";
  ids.candidate = *candidate;
  ids.position = id_of(json::find(d.object, "position"));
  return {};
}

EventDraft application_event(const Delivery& d, const Ids& ids, std::string type,
                             const Stage& stage, const ApplicationTimes& times) {
  EventDraft e = make_draft(
      std::move(type), {"application", ids.candidate, ids.candidate, ids.position.value_or("")},
      d.occurred_at, DataMode::full);
  application_record(d.object, ids.candidate, ids.position, stage, times, d.ctx, e.data);
  return e;
}

EventDraft tombstone(SubjectRef subject, const Delivery& d) {
  const NormalizeContext& ctx = d.ctx;
  std::string type = "ats." + subject.entity + ".deleted";
  EventDraft e =
      make_draft(std::move(type), std::move(subject), d.occurred_at, DataMode::tombstone);
  auto& a = e.data.GetAllocator();
  json::set(e.data, "id", json::string(ctx.unified_id(e.subject.entity, e.subject.remote_id), a),
            a);
  json::set(e.data, "remote_id", json::string(e.subject.remote_id, a), a);
  json::set(e.data, "deletion_reason", json::string("deleted", a), a);
  return e;
}

// When the candidate entered its current stage: entered_stage, else the event's time.
std::optional<std::string> moved_at(const Delivery& d) {
  if (auto at = time_of(d.object, "entered_stage")) return at;
  if (!d.occurred_at.empty()) return d.occurred_at;
  return std::nullopt;
}

// object.position (required for position events), and its state: position.state, else a
// state given beside it in the object.
const json::Value* position_of(const Delivery& d, std::optional<std::string>& state,
                               std::string& error) {
  const json::Value* position = json::find(d.object, "position");
  if (!id_of(position)) {
    error = "missing object.position._id";
    return nullptr;
  }
  state = json::text(*position, "state");
  if (!state) state = json::text(d.object, "state");
  return position;
}

std::string position_event(const Delivery& d, std::string type, bool state_changed) {
  std::optional<std::string> state;
  std::string error;
  const json::Value* position = position_of(d, state, error);
  if (!position) return error;
  std::string id = *id_of(position);
  EventDraft e = make_draft(std::move(type), {"job", id, "", ""}, d.occurred_at, DataMode::full);
  job_record(*position, state, d.ctx, e.data);
  std::optional<EventDraft> domain;
  std::string_view status = state ? job_status_of(*state) : "";
  bool created = e.type == "ats.job.created";
  if (state_changed) e.changed_fields = {"status"};
  // A position made (or created) published has opened; a state change to closed or
  // archived has closed it. The event's time is then when that happened.
  bool opened = (state_changed || created) && status == "open";
  bool closed = state_changed && (status == "closed" || status == "archived");
  auto& a = e.data.GetAllocator();
  if (opened && !d.occurred_at.empty()) {
    json::set(e.data, "opened_at", json::string(d.occurred_at, a), a);
    if (state_changed) e.changed_fields.push_back("opened_at");
  }
  if (closed && !d.occurred_at.empty()) {
    json::set(e.data, "closed_at", json::string(d.occurred_at, a), a);
    e.changed_fields.push_back("closed_at");
  }
  if (opened) domain = same_record(e, "ats.job.opened");
  if (closed) domain = same_record(e, "ats.job.closed");
  d.out.push_back(std::move(e));
  if (domain) d.out.push_back(std::move(*domain));
  return {};
}

}  // namespace

std::string map_candidate_added(const Delivery& d) {
  Ids ids;
  if (auto error = candidate_ids(d, ids); !error.empty()) return error;
  Stage stage = stage_of(d.object);
  ApplicationTimes times{d.occurred_at.empty() ? std::nullopt : std::optional(d.occurred_at),
                         moved_at(d)};
  EventDraft candidate = make_draft("ats.candidate.created", {"candidate", ids.candidate, "", ""},
                                    d.occurred_at, DataMode::partial);
  candidate_record(*json::find(d.object, "candidate"), d.ctx, candidate.data);
  d.out.push_back(std::move(candidate));
  d.out.push_back(application_event(d, ids, "ats.application.created", stage, times));
  return {};
}

std::string map_candidate_status_updated(const Delivery& d) {
  Ids ids;
  if (auto error = candidate_ids(d, ids); !error.empty()) return error;
  Stage stage = stage_of(d.object);
  if (!stage.id && !stage.name) return "missing object.stage";
  EventDraft updated =
      application_event(d, ids, "ats.application.updated", stage, {std::nullopt, moved_at(d)});
  // The event is the stage move itself; the previous stage is not sent, so whether the
  // status changed is said only where the new stage decides it.
  updated.changed_fields = {"current_stage", "stage_category"};
  std::string_view status = status_of(stage);
  if (status == "rejected") {
    updated.changed_fields.insert(updated.changed_fields.end(),
                                  {"status", "rejected_at", "rejection"});
  }
  if (status == "hired")
    updated.changed_fields.insert(updated.changed_fields.end(), {"status", "hired_at"});
  std::vector<EventDraft> domain;
  domain.push_back(same_record(updated, "ats.application.stage_changed"));
  if (status == "rejected") domain.push_back(same_record(updated, "ats.application.rejected"));
  if (status == "hired") domain.push_back(same_record(updated, "ats.application.hired"));
  d.out.push_back(std::move(updated));
  for (auto& e : domain) d.out.push_back(std::move(e));
  return {};
}

std::string map_candidate_deleted(const Delivery& d) {
  Ids ids;
  if (auto error = candidate_ids(d, ids); !error.empty()) return error;
  // The Breezy candidate is the person within one position: both records are gone.
  EventDraft application =
      tombstone({"application", ids.candidate, ids.candidate, ids.position.value_or("")}, d);
  auto& a = application.data.GetAllocator();
  json::set(application.data, "candidate_id",
            json::string(d.ctx.unified_id("candidate", ids.candidate), a), a);
  if (ids.position) {
    json::set(application.data, "job_id", json::string(d.ctx.unified_id("job", *ids.position), a),
              a);
  }
  d.out.push_back(tombstone({"candidate", ids.candidate, "", ""}, d));
  d.out.push_back(std::move(application));
  return {};
}

std::string map_position_added(const Delivery& d) {
  return position_event(d, "ats.job.created", false);
}

std::string map_position_updated(const Delivery& d) {
  return position_event(d, "ats.job.updated", false);
}

std::string map_position_state_updated(const Delivery& d) {
  return position_event(d, "ats.job.updated", true);
}

std::string map_position_deleted(const Delivery& d) {
  std::optional<std::string> state;
  std::string error;
  const json::Value* position = position_of(d, state, error);
  if (!position) return error;
  d.out.push_back(tombstone({"job", *id_of(position), "", ""}, d));
  return {};
}

std::string map_note(const Delivery&) {
  return {};
}

}  // namespace weft::breezy
