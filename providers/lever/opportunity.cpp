// Lever's opportunity events (applicationCreated, candidateStageChange, candidateArchiveChange,
// candidateHired) as unified application events. The opportunity read gives the record; its
// archive reasons (a second round of reads) tell a hire from a rejection.
#include <set>
#include <tuple>

#include "providers/lever/events.h"
#include "providers/lever/records.h"
#include "providers/lever/values.h"

namespace weft::lever {

namespace {

using json::Value;

struct Spec {
  std::string type;    // the event about the application itself
  std::string domain;  // the domain event beside it, if any
  std::vector<std::string> changed_fields;
  std::string previous_status;  // the status before, when the webhook says it
};

std::string_view archived_status(const Value* archived, const ArchiveReasons& reasons) {
  if (!archived || !archived->IsObject()) return "active";
  auto it = reasons.find(archived_reason_id(archived));
  return archive_status(it == reasons.end() ? nullptr : &it->second);
}

// candidateArchiveChange: the webhook's fromArchived and toArchived (with their reasons' types)
// say what happened. A hire archives too, and Lever also sends candidateHired for it, which
// carries the `hired` domain event, so it is not repeated here.
Spec archive_spec(const Webhook& hook, const ArchiveReasons& reasons) {
  std::string_view to = archived_status(json::find(*hook.data, "toArchived"), reasons);
  std::string_view from = archived_status(json::find(*hook.data, "fromArchived"), reasons);
  Spec s{"ats.application.updated", {}, {"status"}, {}};
  if (from != "unknown" && from != to) s.previous_status = std::string(from);
  if (from == to && to != "unknown") {  // another reason of the same kind
    s.changed_fields =
        to == "rejected" ? std::vector<std::string>{"rejection"} : std::vector<std::string>{};
    return s;
  }
  if (to == "rejected") {
    s.domain = "ats.application.rejected";
    s.changed_fields = {"status", "rejected_at", "rejection"};
  } else if (to == "hired") {
    s.changed_fields = {"status", "hired_at"};
  } else if (to == "active" && from == "rejected") {
    s.domain = "ats.application.unrejected";
    s.changed_fields = {"status", "rejected_at", "rejection"};
  } else if (to == "active" && from == "hired") {
    s.domain = "ats.application.unhired";
    s.changed_fields = {"status", "hired_at"};
  }
  return s;
}

Spec spec_of(const Webhook& hook, const ArchiveReasons& reasons) {
  switch (hook.kind) {
    case Kind::application_created:
      return {"ats.application.created", {}, {}, {}};
    case Kind::stage_change:
      return {"ats.application.updated",
              "ats.application.stage_changed",
              {"current_stage", "stage_category"},
              {}};
    case Kind::hired:
      return {"ats.application.updated", "ats.application.hired", {"status", "hired_at"}, {}};
    default:
      return archive_spec(hook, reasons);
  }
}

// The opportunity is gone (404): ids only, under the event the webhook reports.
Normalized reference_events(const Webhook& hook, const NormalizeContext& ctx) {
  Normalized n;
  n.vendor_event_type = hook.event;
  Spec spec = spec_of(hook, {});
  if (hook.kind == Kind::archive_change) spec.changed_fields.clear();  // not knowable
  EventDraft d =
      make_draft(spec.type, {"application", hook.opportunity_id, hook.contact_id, hook.posting_id},
                 hook.occurred_at, DataMode::reference);
  d.changed_fields = spec.changed_fields;
  auto& a = d.data.GetAllocator();
  json::set(d.data, "id", Value(), a);  // placeholders: sealed id-first
  json::set(d.data, "remote_id", Value(), a);
  for (auto [key, entity, id] : {std::tuple{"candidate_id", "candidate", &hook.contact_id},
                                 std::tuple{"job_id", "job", &hook.posting_id}}) {
    if (!id->empty()) json::set(d.data, key, json::string(ctx.unified_id(entity, *id), a), a);
  }
  n.events.push_back(std::move(d));
  return n;
}

// Archive reason ids the events need: the opportunity's, and for an archive change the
// webhook's before and after. Ids unfit for a path are left unknown.
std::set<std::string> reason_ids(const Webhook& hook, const Value& opp) {
  std::set<std::string> ids;
  auto add = [&](const Value* archived) {
    std::string id = archived_reason_id(archived);
    if (safe_id(id)) ids.insert(id);
  };
  add(json::find(opp, "archived"));
  if (hook.kind == Kind::archive_change) {
    add(json::find(*hook.data, "toArchived"));
    add(json::find(*hook.data, "fromArchived"));
  }
  return ids;
}

// Reads the reasons answered so far; returns the reads still missing.
std::vector<Fetch> read_reasons(const std::set<std::string>& ids,
                                const std::vector<FetchResult>& results,
                                const NormalizeContext& ctx, ArchiveReasons& reasons) {
  std::vector<Fetch> missing;
  for (const auto& id : ids) {
    const FetchResult* r = result_of(results, std::string(kArchiveReasonPrefix) + id);
    if (!r) {
      missing.push_back(archive_reason_fetch(id));
      continue;
    }
    ArchiveReason& reason = reasons[id];
    json::Document doc;
    if (r->status != 200 || !parse_answer(*r, ctx, doc).empty()) continue;  // unknown reason
    if (const Value* data = api_data(doc)) {
      reason.type = string_member(*data, "type");
      reason.text = string_member(*data, "text");
    }
  }
  return missing;
}

// Ids of the opportunity's interviews from the paged list (a JSON array), or nullopt.
std::optional<std::vector<std::string>> interview_ids(const std::vector<FetchResult>& results,
                                                      const NormalizeContext& ctx) {
  const FetchResult* r = result_of(results, kInterviews);
  json::Document doc;
  if (!r || r->status != 200 || !parse_answer(*r, ctx, doc).empty() || !doc.IsArray()) {
    return std::nullopt;
  }
  std::vector<std::string> ids;
  for (const auto& item : doc.GetArray()) {
    if (auto id = item.IsObject() ? id_of(item, "id") : std::nullopt) ids.push_back(*id);
  }
  return ids;
}

// previous for a stage change: the stage left, named when its read answered.
void previous_stage(EventDraft& d, const Webhook& hook, const std::vector<FetchResult>& results,
                    const NormalizeContext& ctx) {
  if (hook.from_stage_id.empty()) return;
  std::optional<std::string> name;
  json::Document doc;
  if (const FetchResult* r = result_of(results, kFromStage);
      r && r->status == 200 && parse_answer(*r, ctx, doc).empty()) {
    if (const Value* stage = api_data(doc)) name = string_member(*stage, "text");
  }
  auto& a = d.previous.GetAllocator();
  d.previous.SetObject();
  Value ref = stage_ref(hook.from_stage_id, name, ctx, a);
  std::string category = ref["category"].GetString();
  d.previous.AddMember("current_stage", ref, a);
  d.previous.AddMember("stage_category", json::string(category, a), a);
}

}  // namespace

Normalized opportunity_events(const Webhook& hook, const std::vector<FetchResult>& results,
                              const NormalizeContext& ctx) {
  const FetchResult* r = result_of(results, kOpportunity);
  if (!r) return Normalized::rejected("lever " + hook.event + ": the opportunity was not read");
  if (r->status == 404) return reference_events(hook, ctx);
  json::Document doc;
  if (auto error = parse_answer(*r, ctx, doc); !error.empty()) return Normalized::rejected(error);
  const Value* opp = api_data(doc);
  if (!opp) return Normalized::rejected("lever opportunity answer lacks a data object");

  Normalized n;
  n.vendor_event_type = hook.event;
  ArchiveReasons reasons;
  n.fetches = read_reasons(reason_ids(hook, *opp), results, ctx, reasons);
  if (!n.fetches.empty()) return n;  // the next round: archive reasons

  std::string contact = contact_of(*opp);
  if (contact.empty()) contact = hook.contact_id;
  std::string posting = posting_of(*opp);
  if (posting.empty()) posting = hook.posting_id;

  // A new application may be a known person's, so the candidate goes out as `updated`, before
  // the application that refers to it.
  if (hook.kind == Kind::application_created && !contact.empty()) {
    EventDraft& c = n.events.emplace_back(make_draft("ats.candidate.updated",
                                                     {"candidate", contact, contact, {}},
                                                     hook.occurred_at, DataMode::full));
    c.changed_fields = {"application_ids"};
    candidate_from_opportunity(c.data, *opp, ctx);
  }

  Spec spec = spec_of(hook, reasons);
  auto ids = interview_ids(results, ctx);
  EventDraft& d = n.events.emplace_back(
      make_draft(spec.type, {"application", hook.opportunity_id, contact, posting},
                 hook.occurred_at, DataMode::full));
  d.changed_fields = spec.changed_fields;
  application_record(d.data, *opp, reasons, ids ? &*ids : nullptr, ctx);
  if (hook.kind == Kind::stage_change) previous_stage(d, hook, results, ctx);
  if (!spec.previous_status.empty()) {
    auto& a = d.previous.GetAllocator();
    d.previous.SetObject();
    d.previous.AddMember("status", json::string(spec.previous_status, a), a);
  }
  if (!spec.domain.empty()) n.events.push_back(same_record(n.events.back(), spec.domain));
  return n;
}

}  // namespace weft::lever
