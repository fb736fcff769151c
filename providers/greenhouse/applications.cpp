// Greenhouse application actions. Their payloads are fat: the application with its candidate,
// jobs and current stage, so records go out with data_mode full. Greenhouse never sends the
// previous stage or status, so `previous` stays null.
#include "providers/greenhouse/mapping.h"

namespace weft::greenhouse {

namespace {

using json::Value;

struct Spec {
  std::string_view type;    // the event about the application itself
  std::string_view domain;  // the domain event beside it, if any
  std::vector<std::string> changed_fields;
};

Spec spec_of(std::string_view action) {
  if (action == "new_candidate_application" || action == "new_prospect_application") {
    return {"ats.application.created", {}, {}};
  }
  if (action == "candidate_stage_change") {
    return {"ats.application.updated",
            "ats.application.stage_changed",
            {"current_stage", "stage_category"}};
  }
  if (action == "reject_candidate") {
    return {"ats.application.updated",
            "ats.application.rejected",
            {"status", "rejected_at", "rejection"}};
  }
  if (action == "unreject_candidate") {
    return {"ats.application.updated",
            "ats.application.unrejected",
            {"status", "rejected_at", "rejection"}};
  }
  if (action == "hire_candidate") {
    return {"ats.application.updated", "ats.application.hired", {"status", "hired_at"}};
  }
  if (action == "unhire_candidate") {
    return {"ats.application.updated", "ats.application.unhired", {"status", "hired_at"}};
  }
  return {"ats.application.updated", {}, {}};  // application_updated: Greenhouse says not what
}

const Value* object_member(const Value& v, std::string_view key) {
  const Value* m = json::find(v, key);
  return m && m->IsObject() ? m : nullptr;
}

std::optional<std::string> timestamp_member(const Value* v, std::string_view key) {
  return v ? time_member(*v, key) : std::nullopt;
}

// Candidates have one job, prospects zero or more; the first is the application's job.
// hire_candidate also carries a deprecated `job`, and deletes a bare `job_id`.
std::optional<std::string> job_of(const Value& app) {
  if (const Value* jobs = json::find(app, "jobs"); jobs && jobs->IsArray() && !jobs->Empty()) {
    if (auto id = id_of((*jobs)[0], "id")) return id;
  }
  if (const Value* job = object_member(app, "job")) return id_of(*job, "id");
  return id_of(app, "job_id");
}

// From what the payload says (status, rejected_at), not from the action name; the documented
// hire_candidate payload has no status, but Greenhouse fires it only once an offer is accepted.
std::string_view status_of(const Value& app, std::string_view action,
                           const std::optional<std::string>& raw) {
  if (raw) return one_of(snake_case(*raw), {"active", "rejected", "hired", "converted"});
  if (string_member(app, "rejected_at")) return "rejected";
  if (action == "hire_candidate") return "hired";
  return "unknown";
}

void write_stage(Record& r, const Value& app) {
  auto& a = r.alloc();
  const Value* stage = object_member(app, "current_stage");
  if (!stage) {  // prospects may have none
    r.put("current_stage", Value());
    r.enumerated("stage_category", "unknown", std::nullopt);
    return;
  }
  auto id = id_of(*stage, "id");
  auto name = string_member(*stage, "name");
  std::string_view category = name ? stage_category(*name) : "unknown";
  Value s(rapidjson::kObjectType);
  s.AddMember(
      "id", json::string_or_null(id ? std::optional(r.unified("stage", *id)) : std::nullopt, a), a);
  s.AddMember("remote_id", json::string_or_null(id, a), a);
  s.AddMember("name", json::string_or_null(name, a), a);
  s.AddMember("category", json::string(category, a), a);
  s.AddMember("order", Value(), a);  // not in the webhook
  r.put("current_stage", std::move(s));
  r.enumerated("stage_category", category, name);
}

// Greenhouse's fixed rejection reason types.
const EnumTable kReasonTypes = {{"we_rejected_them", "rejected_by_company"},
                                {"they_rejected_us", "rejected_by_candidate"},
                                {"none_specified", "other"}};

void write_rejection(Record& r, const Value& app) {
  auto& a = r.alloc();
  const Value* reason = object_member(app, "rejection_reason");
  auto rejected_at = timestamp_member(&app, "rejected_at");
  if (!reason && !rejected_at) {
    r.put("rejection", Value());
    return;
  }
  auto reason_id = reason ? id_of(*reason, "id") : std::nullopt;
  const Value* type = reason ? object_member(*reason, "type") : nullptr;
  Value rej(rapidjson::kObjectType);
  rej.AddMember(
      "reason_id",
      json::string_or_null(
          reason_id ? std::optional(r.unified("rejection_reason", *reason_id)) : std::nullopt, a),
      a);
  rej.AddMember("reason_name",
                json::string_or_null(reason ? string_member(*reason, "name") : std::nullopt, a), a);
  auto type_name = type ? string_member(*type, "name") : std::nullopt;
  set_enum(rej, "reason_type",
           type_name ? map_enum(kReasonTypes, snake_case(*type_name)) : "unknown", type_name, a);
  rej.AddMember("note", Value(), a);  // Greenhouse sends rejection notes only through Harvest
  rej.AddMember("rejected_at", json::string_or_null(rejected_at, a), a);
  r.put("rejection", std::move(rej));
}

void write_application(Record& r, const Value& app, std::string_view action,
                       const std::optional<std::string>& candidate_id,
                       const std::optional<std::string>& job_id, const Value* offer) {
  r.text("remote_url", web_url(app, "url"));
  // Applications have applied_at rather than created_at, and last_activity_at as their clock.
  auto created = timestamp_member(&app, "created_at");
  r.text("remote_created_at", created ? created : timestamp_member(&app, "applied_at"));
  auto updated = timestamp_member(&app, "updated_at");
  r.text("remote_updated_at", updated ? updated : timestamp_member(&app, "last_activity_at"));
  r.put("remote_deleted_at", Value());
  r.ref("candidate_id", "candidate", candidate_id);
  r.ref("job_id", "job", job_id);
  auto raw_status = string_member(app, "status");
  std::string_view status = status_of(app, action, raw_status);
  r.enumerated("status", status, raw_status);
  write_stage(r, app);
  r.time("applied_at", app, "applied_at");
  r.time("rejected_at", app, "rejected_at");
  // The accepted offer's resolution is the hire; Greenhouse has no separate hire time.
  r.text("hired_at", status == "hired" ? timestamp_member(offer, "resolved_at") : std::nullopt);
  write_rejection(r, app);
  const Value* source = object_member(app, "source");
  auto source_name = source ? string_member(*source, "name") : std::nullopt;
  if (!source_name && source) source_name = string_member(*source, "public_name");
  r.text("source", source_name);
  r.put("origin", Value());  // Greenhouse does not say how the application came about
  const Value* credited = object_member(app, "credited_to");
  r.ref("credited_to_id", "user", credited ? id_of(*credited, "id") : std::nullopt);
  r.flag("is_prospect", json::boolean(app, "prospect"));
  // Lists Greenhouse does not send are null ("not told"), not empty.
  auto offer_id = offer ? id_of(*offer, "id") : std::nullopt;
  if (offer_id) {
    r.refs("offer_ids", "offer", {*offer_id});
  } else {
    r.put("offer_ids", Value());
  }
  // current_stage.interviews are the stage's interview plan, not scheduled interviews.
  r.put("interview_ids", Value());
  r.put("attachment_ids", Value());
  r.custom_fields(app);
}

std::string occurred_at(const Value& app, std::string_view action, const Value* offer) {
  std::optional<std::string> t;
  if (action == "reject_candidate") t = timestamp_member(&app, "rejected_at");
  if (action == "hire_candidate") t = timestamp_member(offer, "resolved_at");
  if (!t) t = timestamp_member(&app, "last_activity_at");
  if (!t) t = timestamp_member(&app, "applied_at");
  return t.value_or("");
}

}  // namespace

std::string map_application(const Input& in) {
  const Value* app = object_member(in.payload, "application");
  if (!app) return lacks(in, "application");
  auto id = id_of(*app, "id");
  if (!id) return lacks(in, "application.id");
  const Value* candidate = object_member(*app, "candidate");
  auto candidate_id = candidate ? id_of(*candidate, "id") : id_of(*app, "candidate_id");
  auto job_id = job_of(*app);
  const Value* offer = object_member(*app, "offer");
  Spec spec = spec_of(in.action);
  std::string when = occurred_at(*app, in.action, offer);

  // A new application may be a known candidate's, so whether the candidate is new is not
  // knowable: subscribers get the full candidate as `updated`, before the application that
  // refers to it.
  if (spec.type == "ats.application.created" && candidate && candidate_id) {
    auto& c = add_event(in.events, "ats.candidate.updated",
                        {"candidate", *candidate_id, *candidate_id, {}}, DataMode::full, when);
    c.changed_fields = {"application_ids"};
    Record r(c.data, in.ctx);
    write_candidate(r, *candidate, {*id});
  }

  auto& draft = add_event(in.events, std::string(spec.type),
                          {"application", *id, candidate_id.value_or(""), job_id.value_or("")},
                          DataMode::full, when);
  draft.changed_fields = spec.changed_fields;
  Record r(draft.data, in.ctx);
  write_application(r, *app, in.action, candidate_id, job_id, offer);
  size_t index = in.events.size() - 1;
  if (!spec.domain.empty()) add_domain_event(in.events, index, std::string(spec.domain));

  // The hire is the offer's acceptance: the offer changes too.
  auto offer_id = offer ? id_of(*offer, "id") : std::nullopt;
  if (in.action == "hire_candidate" && offer_id) {
    auto resolved = timestamp_member(offer, "resolved_at");
    auto& o = add_event(in.events, "ats.offer.updated",
                        {"offer", *offer_id, candidate_id.value_or(""), job_id.value_or("")},
                        DataMode::full, resolved.value_or(when));
    o.changed_fields = {"status", "closed_at"};
    Record offer_record(o.data, in.ctx);
    write_offer(offer_record, *offer, in.action, id);
    add_domain_event(in.events, in.events.size() - 1, "ats.offer.accepted");
  }
  return {};
}

std::string map_application_deleted(const Input& in) {
  const Value* app = object_member(in.payload, "application");
  if (!app) return lacks(in, "application");
  auto id = id_of(*app, "id");
  if (!id) return lacks(in, "application.id");
  auto candidate_id = id_of(*app, "candidate_id");
  auto job_id = id_of(*app, "job_id");
  Record r(
      add_tombstone(in.events, {"application", *id, candidate_id.value_or(""), job_id.value_or("")},
                    "deleted")
          .data,
      in.ctx);
  r.ref("candidate_id", "candidate", candidate_id);
  r.ref("job_id", "job", job_id);
  return {};
}

}  // namespace weft::greenhouse
