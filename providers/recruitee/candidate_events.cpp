// Recruitee candidate events: candidate_created, candidate_assigned, candidate_moved
// (stage_changed, disqualified, requalified) and candidate_deleted.
#include "providers/core/enums.h"
#include "providers/core/printable.h"
#include "providers/recruitee/records.h"

namespace weft::recruitee {

namespace {

using json::Value;

std::string lacks(const Delivery& d, std::string_view path) {
  return "recruitee " + std::string(d.event_type) + " lacks payload." + std::string(path);
}

EventDraft& add(const Delivery& d, std::string type, SubjectRef subject, DataMode mode) {
  return d.events.emplace_back(
      make_draft(std::move(type), std::move(subject), d.occurred_at, mode));
}

void add_domain(const Delivery& d, std::string type) {
  d.events.push_back(same_record(d.events.back(), std::move(type)));
}

// The offers a payload places the candidate on: `offer`, or each of `offers`.
std::vector<const Value*> offers_of(const Value& payload) {
  std::vector<const Value*> offers;
  if (const Value* offer = object_of(payload, "offer")) offers.push_back(offer);
  if (const Value* list = json::find(payload, "offers"); list && list->IsArray()) {
    for (const auto& o : list->GetArray()) {
      if (o.IsObject()) offers.push_back(&o);
    }
  }
  return offers;
}

// The stage a placement is in: details.to_stage or details.stage, or the payload's stage.
const Value* stage_of(const Value& payload) {
  if (const Value* details = object_of(payload, "details")) {
    if (const Value* to = object_of(*details, "to_stage")) return to;
    if (const Value* stage = object_of(*details, "stage")) return stage;
  }
  return object_of(payload, "stage");
}

struct Placement {
  std::string candidate_id;
  std::string offer_id;
  std::string remote_id;  // the application's
  bool talent_pool = false;
};

SubjectRef subject_of(const Placement& p) {
  return {"application", p.remote_id, p.candidate_id, p.talent_pool ? "" : p.offer_id};
}

// The application a candidate_created or candidate_assigned payload makes: full, what the
// webhook does not carry is null.
void new_application(const Delivery& d, const Placement& p, const Value* stage) {
  auto& draft = add(d, "ats.application.created", subject_of(p), DataMode::full);
  json::Document& out = draft.data;
  auto& a = out.GetAllocator();
  put(out, "id", Value());
  put(out, "remote_id", Value());
  put(out, "remote_url", Value());
  put_text(out, "remote_created_at",
           d.occurred_at.empty() ? std::nullopt : std::optional(d.occurred_at));
  put(out, "remote_updated_at", Value());
  put(out, "remote_deleted_at", Value());
  put(out, "custom_fields", Value(rapidjson::kObjectType));
  put_ref(out, "candidate_id", d.ctx, "candidate", p.candidate_id);
  // A talent pool is an offer too, but no job: the placement is a prospect's.
  put_ref(out, "job_id", d.ctx, "job", p.talent_pool ? std::nullopt : std::optional(p.offer_id));
  std::string_view category = category_of(stage);
  set_enum(out, "status", category == "hired" ? "hired" : "active", std::nullopt, a);
  put(out, "current_stage", stage_ref(stage, d.ctx, a));
  set_enum(out, "stage_category", stage ? std::optional(category) : std::nullopt,
           stage ? string_of(*stage, "category") : std::nullopt, a);
  put(out, "applied_at", Value());
  put(out, "rejected_at", Value());
  put(out, "hired_at", Value());
  put(out, "rejection", Value());
  put_text(out, "source", string_of(*object_of(d.payload, "candidate"), "source"));
  put(out, "origin", Value());
  put(out, "credited_to_id", Value());
  put(out, "is_prospect", Value(p.talent_pool));
  put(out, "offer_ids", Value());
  put(out, "interview_ids", Value());
  put(out, "attachment_ids", Value());
}

// The candidate record first (so the application's candidate_id refers to something), then
// one application per offer the candidate was placed on.
std::string map_candidate_with_offers(const Delivery& d, std::string candidate_type) {
  const Value* candidate = object_of(d.payload, "candidate");
  if (!candidate) return lacks(d, "candidate");
  auto candidate_id = id_of(*candidate, "id");
  if (!candidate_id) return lacks(d, "candidate.id");
  auto& c = add(d, std::move(candidate_type), {"candidate", *candidate_id, *candidate_id, {}},
                DataMode::full);
  candidate_record(*candidate, d.ctx, c.data);

  const Value* stage = stage_of(d.payload);
  for (const Value* offer : offers_of(d.payload)) {
    auto offer_id = id_of(*offer, "id");
    if (!offer_id) return lacks(d, "offer.id");
    Placement p{*candidate_id, *offer_id, application_remote_id(*candidate_id, *offer_id),
                string_of(*offer, "kind") == "talent_pool"};
    new_application(d, p, stage);
  }
  return {};
}

// The application a candidate_moved payload is about: partial, ids plus what changed.
EventDraft& moved_application(const Delivery& d, const Placement& p,
                              std::vector<std::string> changed) {
  auto& draft = add(d, "ats.application.updated", subject_of(p), DataMode::partial);
  put(draft.data, "id", Value());
  put(draft.data, "remote_id", Value());
  put_ref(draft.data, "candidate_id", d.ctx, "candidate", p.candidate_id);
  put_ref(draft.data, "job_id", d.ctx, "job",
          p.talent_pool ? std::nullopt : std::optional(p.offer_id));
  draft.changed_fields = std::move(changed);
  return draft;
}

std::string stage_changed(const Delivery& d, const Placement& p) {
  const Value* details = object_of(d.payload, "details");
  const Value* to = details ? object_of(*details, "to_stage") : nullptr;
  if (!to) return lacks(d, "details.to_stage");
  const Value* from = object_of(*details, "from_stage");
  bool hired = category_of(to) == "hired";
  bool was_hired = from && category_of(from) == "hired";

  std::vector<std::string> changed = {"current_stage", "stage_category"};
  if (hired != was_hired) changed.insert(changed.end(), {"status", "hired_at"});
  auto& draft = moved_application(d, p, changed);
  auto& a = draft.data.GetAllocator();
  put(draft.data, "current_stage", stage_ref(to, d.ctx, a));
  set_enum(draft.data, "stage_category", category_of(to), string_of(*to, "category"), a);
  if (hired != was_hired) {
    // Entering or leaving the hired stage is the hire (or its undoing), at the event's time.
    set_enum(draft.data, "status", hired ? "hired" : "active", std::nullopt, a);
    put_text(draft.data, "hired_at",
             hired && !d.occurred_at.empty() ? std::optional(d.occurred_at) : std::nullopt);
  }
  if (from) {
    // Prior values only: their _raw texts are not named in changed_fields.
    draft.previous.SetObject();
    auto& pa = draft.previous.GetAllocator();
    json::set(draft.previous, "current_stage", stage_ref(from, d.ctx, pa), pa);
    json::set(draft.previous, "stage_category", json::string(category_of(from), pa), pa);
    if (hired != was_hired) {
      json::set(draft.previous, "status", json::string(was_hired ? "hired" : "active", pa), pa);
    }
  }
  add_domain(d, "ats.application.stage_changed");
  if (hired && !was_hired) add_domain(d, "ats.application.hired");
  if (was_hired && !hired) add_domain(d, "ats.application.unhired");
  return {};
}

// details.disqualify_reason: a text, or an object with id and name; Recruitee may also send
// the disqualification kind (by the company or withdrawn by the candidate).
const EnumTable kDisqualifyKinds = {{"company", "rejected_by_company"},
                                    {"rejected", "rejected_by_company"},
                                    {"candidate", "rejected_by_candidate"},
                                    {"withdrawn", "rejected_by_candidate"}};

std::string disqualified(const Delivery& d, const Placement& p) {
  const Value* details = object_of(d.payload, "details");
  auto& draft = moved_application(d, p, {"status", "rejected_at", "rejection"});
  auto& a = draft.data.GetAllocator();
  set_enum(draft.data, "status", "rejected", std::nullopt, a);
  std::optional<std::string> when =
      d.occurred_at.empty() ? std::nullopt : std::optional(d.occurred_at);
  put_text(draft.data, "rejected_at", when);

  const Value* reason = details ? json::find(*details, "disqualify_reason") : nullptr;
  std::optional<std::string> reason_id, reason_name;
  if (reason && reason->IsString())
    reason_name = std::string(reason->GetString(), reason->GetStringLength());
  if (reason && reason->IsObject()) {
    reason_id = id_of(*reason, "id");
    reason_name = string_of(*reason, "name");
  }
  auto kind = details ? string_of(*details, "disqualify_kind") : std::nullopt;
  Value rejection(rapidjson::kObjectType);
  rejection.AddMember("reason_id",
                      json::string_or_null(reason_id ? std::optional(d.ctx.unified_id(
                                                           "rejection_reason", *reason_id))
                                                     : std::nullopt,
                                           a),
                      a);
  rejection.AddMember("reason_name", json::string_or_null(reason_name, a), a);
  set_enum(rejection, "reason_type", kDisqualifyKinds, kind, a);
  rejection.AddMember("note", Value(), a);
  rejection.AddMember("rejected_at", json::string_or_null(when, a), a);
  put(draft.data, "rejection", std::move(rejection));
  add_domain(d, "ats.application.rejected");
  return {};
}

std::string requalified(const Delivery& d, const Placement& p) {
  auto& draft = moved_application(d, p, {"status", "rejected_at", "rejection"});
  auto& a = draft.data.GetAllocator();
  // Back in the pipeline, in the stage it was disqualified in (hired if that was the hire).
  const Value* stage = stage_of(d.payload);
  set_enum(draft.data, "status", category_of(stage) == "hired" ? "hired" : "active", std::nullopt,
           a);
  put(draft.data, "rejected_at", Value());
  put(draft.data, "rejection", Value());
  draft.previous.SetObject();
  json::set(draft.previous, "status", json::string("rejected", draft.previous.GetAllocator()),
            draft.previous.GetAllocator());
  add_domain(d, "ats.application.unrejected");
  return {};
}

}  // namespace

std::string map_candidate_created(const Delivery& d) {
  return map_candidate_with_offers(d, "ats.candidate.created");
}

// An existing (or new) candidate placed on a job or talent pool: the application is new.
std::string map_candidate_assigned(const Delivery& d) {
  if (offers_of(d.payload).empty()) return lacks(d, "offer");
  return map_candidate_with_offers(d, "ats.candidate.updated");
}

std::string map_candidate_moved(const Delivery& d) {
  const Value* candidate = object_of(d.payload, "candidate");
  if (!candidate) return lacks(d, "candidate");
  auto candidate_id = id_of(*candidate, "id");
  if (!candidate_id) return lacks(d, "candidate.id");
  const Value* offer = object_of(d.payload, "offer");
  if (!offer) return lacks(d, "offer");
  auto offer_id = id_of(*offer, "id");
  if (!offer_id) return lacks(d, "offer.id");
  Placement p{*candidate_id, *offer_id, application_remote_id(*candidate_id, *offer_id),
              string_of(*offer, "kind") == "talent_pool"};
  if (d.subtype == "stage_changed") return stage_changed(d, p);
  if (d.subtype == "disqualified") return disqualified(d, p);
  if (d.subtype == "requalified") return requalified(d, p);
  return "unknown recruitee candidate_moved subtype '" + printable(d.subtype) + "'";
}

// Deleting a candidate deletes its placements: their tombstones follow when the payload
// lists them.
std::string map_candidate_deleted(const Delivery& d) {
  const Value* candidate = object_of(d.payload, "candidate");
  if (!candidate) return lacks(d, "candidate");
  auto id = id_of(*candidate, "id");
  if (!id) return lacks(d, "candidate.id");
  std::vector<std::string> offers = placement_offer_ids(*candidate);
  if (const Value* offer = object_of(d.payload, "offer")) {
    if (auto offer_id = id_of(*offer, "id")) offers.push_back(*offer_id);
  }
  auto tombstone = [&](SubjectRef subject) -> json::Document& {
    auto& draft = add(d, "ats." + subject.entity + ".deleted", subject, DataMode::tombstone);
    put(draft.data, "id", Value());
    put(draft.data, "remote_id", Value());
    put(draft.data, "deletion_reason", json::string("deleted", draft.data.GetAllocator()));
    put_text(draft.data, "remote_deleted_at",
             d.occurred_at.empty() ? std::nullopt : std::optional(d.occurred_at));
    return draft.data;
  };
  json::Document& c = tombstone({"candidate", *id, *id, {}});
  if (!offers.empty()) {
    Value ids(rapidjson::kArrayType);
    for (const auto& o : offers) {
      ids.PushBack(json::string(d.ctx.unified_id("application", application_remote_id(*id, o)),
                                c.GetAllocator()),
                   c.GetAllocator());
    }
    put(c, "application_ids", std::move(ids));
  }
  // Placements do not say whether their offer is a job or a talent pool: no job_id.
  for (const auto& o : offers) {
    json::Document& app = tombstone({"application", application_remote_id(*id, o), *id, {}});
    put_ref(app, "candidate_id", d.ctx, "candidate", *id);
  }
  return {};
}

}  // namespace weft::recruitee
