// Lever deletes, interviews and contacts as unified events; the opportunity events are in
// opportunity.cpp.
#include "providers/lever/events.h"

#include "providers/lever/records.h"
#include "providers/lever/values.h"

namespace weft::lever {

namespace {

using json::Value;

void set_ref(EventDraft& d, std::string_view key, std::string_view entity,
             std::string_view remote_id, const NormalizeContext& ctx) {
  auto& a = d.data.GetAllocator();
  json::set(d.data, key,
            remote_id.empty() ? Value() : json::string(ctx.unified_id(entity, remote_id), a), a);
}

// The id and remote_id placeholders first, so every record reads id-first once sealed.
EventDraft draft(std::string type, SubjectRef subject, std::string occurred_at, DataMode mode) {
  EventDraft d = make_draft(std::move(type), std::move(subject), std::move(occurred_at), mode);
  auto& a = d.data.GetAllocator();
  json::set(d.data, "id", Value(), a);
  json::set(d.data, "remote_id", Value(), a);
  return d;
}

Normalized interview_events(const Webhook& hook, const std::vector<FetchResult>& results,
                            const NormalizeContext& ctx) {
  Normalized n;
  n.vendor_event_type = hook.event;
  bool created = hook.kind == Kind::interview_created;
  std::string type = created ? "ats.interview.created" : "ats.interview.updated";
  const FetchResult* r = result_of(results, kInterview);
  if (!r) return Normalized::rejected("lever " + hook.event + ": the interview was not read");
  if (r->status == 404) {  // deleted since: what the webhook says, ids only
    EventDraft d = draft(type, {"interview", hook.interview_id, hook.contact_id, {}},
                         hook.occurred_at, DataMode::reference);
    set_ref(d, "application_id", "application", hook.opportunity_id, ctx);
    n.events.push_back(std::move(d));
    return n;
  }
  json::Document doc;
  if (auto error = parse_answer(*r, ctx, doc); !error.empty()) return Normalized::rejected(error);
  const Value* interview = api_data(doc);
  if (!interview) return Normalized::rejected("lever interview answer lacks a data object");
  std::string posting;
  if (const Value* postings = json::find(*interview, "postings");
      postings && postings->IsArray() && !postings->Empty()) {
    posting = id_of(&(*postings)[0]).value_or("");
  }
  EventDraft d = make_draft(type, {"interview", hook.interview_id, hook.contact_id, posting},
                            hook.occurred_at, DataMode::full);
  interview_record(d.data, *interview, hook.opportunity_id, ctx);
  std::string_view status = interview_status(*interview, ctx.received_at);
  n.events.push_back(std::move(d));
  // Lever says neither what changed nor the prior time, so no `rescheduled`; a canceled
  // interview is reported as such on every update of it.
  if (created && status != "canceled") {
    n.events.push_back(same_record(n.events[0], "ats.interview.scheduled"));
  } else if (!created && status == "canceled") {
    n.events.push_back(same_record(n.events[0], "ats.interview.canceled"));
  }
  return n;
}

Normalized contact_events(const Webhook& hook, const std::vector<FetchResult>& results,
                          const NormalizeContext& ctx) {
  Normalized n;
  n.vendor_event_type = hook.event;
  std::string type =
      hook.kind == Kind::contact_created ? "ats.candidate.created" : "ats.candidate.updated";
  SubjectRef subject{"candidate", hook.contact_id, hook.contact_id, {}};
  const FetchResult* r = result_of(results, kContact);
  if (!r) return Normalized::rejected("lever " + hook.event + ": the contact was not read");
  if (r->status == 404) {
    n.events.push_back(draft(type, subject, hook.occurred_at, DataMode::reference));
    return n;
  }
  json::Document doc;
  if (auto error = parse_answer(*r, ctx, doc); !error.empty()) return Normalized::rejected(error);
  const Value* contact = api_data(doc);
  if (!contact) return Normalized::rejected("lever contact answer lacks a data object");
  EventDraft d = make_draft(type, subject, hook.occurred_at, DataMode::full);
  candidate_from_contact(d.data, *contact, ctx);
  n.events.push_back(std::move(d));
  return n;
}

}  // namespace

const FetchResult* result_of(const std::vector<FetchResult>& results, std::string_view key) {
  for (const auto& r : results) {
    if (r.key == key) return &r;
  }
  return nullptr;
}

std::string parse_answer(const FetchResult& result, const NormalizeContext& ctx,
                         json::Document& out) {
  if (auto error = json::parse(result.body, out, ctx.json_limits); !error.empty()) {
    return "lever API answer for " + result.key + ": " + error;
  }
  return {};
}

Normalized deletion_events(const Webhook& hook, const NormalizeContext& ctx) {
  Normalized n;
  n.vendor_event_type = hook.event;
  bool interview = hook.kind == Kind::interview_deleted;
  SubjectRef subject = interview
                           ? SubjectRef{"interview", hook.interview_id, hook.contact_id, {}}
                           : SubjectRef{"application", hook.opportunity_id, hook.contact_id, {}};
  std::string type = "ats." + subject.entity + ".deleted";
  EventDraft d = draft(type, subject, hook.occurred_at, DataMode::tombstone);
  auto& a = d.data.GetAllocator();
  json::set(d.data, "deletion_reason", json::string("deleted", a), a);
  set_ref(d, "candidate_id", "candidate", hook.contact_id, ctx);
  if (interview) set_ref(d, "application_id", "application", hook.opportunity_id, ctx);
  n.events.push_back(std::move(d));
  return n;
}

Normalized enriched_events(const Webhook& hook, const std::vector<FetchResult>& results,
                           const NormalizeContext& ctx) {
  switch (hook.kind) {
    case Kind::interview_created:
    case Kind::interview_updated:
      return interview_events(hook, results, ctx);
    case Kind::contact_created:
    case Kind::contact_updated:
      return contact_events(hook, results, ctx);
    case Kind::deleted:
    case Kind::interview_deleted:
      return deletion_events(hook, ctx);
    default:
      return opportunity_events(hook, results, ctx);
  }
}

}  // namespace weft::lever
