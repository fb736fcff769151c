// Interview schedule, offer and e-signature actions.
#include "providers/ashby/actions.h"
#include "providers/ashby/records.h"
#include "providers/ashby/values.h"

namespace weft::ashby {

namespace {

std::string interview_event(const json::Value& data, const NormalizeContext& ctx, std::string type,
                            EventDraft& out) {
  std::string id, error;
  const json::Value* schedule = object_with_id(data, "interviewSchedule", id, error);
  if (!schedule) return error;
  // Only the update payload names the candidate.
  SubjectRef subject{"interview", id, json::text(*schedule, "candidateId").value_or(""), ""};
  out = make_draft(std::move(type), std::move(subject), time_text(*schedule, "updatedAt"),
                   DataMode::full);
  interview_record(*schedule, ctx, out.data);
  return {};
}

std::string offer_event(const json::Value& data, const NormalizeContext& ctx, std::string type,
                        EventDraft& out) {
  std::string id, error;
  const json::Value* offer = object_with_id(data, "offer", id, error);
  if (!offer) return error;
  out = make_draft(std::move(type), {"offer", id, "", ""}, {}, DataMode::full);
  offer_record(*offer, ctx, out.data);
  return {};
}

// Pushes base, then base again under each domain type whose condition holds.
void push_with_domain(EventDraft base, std::initializer_list<std::pair<bool, const char*>> domain,
                      std::vector<EventDraft>& out) {
  std::vector<EventDraft> extra;
  for (const auto& [holds, type] : domain) {
    if (holds) extra.push_back(same_record(base, type));
  }
  out.push_back(std::move(base));
  for (auto& d : extra) out.push_back(std::move(d));
}

}  // namespace

std::string map_interview_schedule_create(const json::Value& data, const NormalizeContext& ctx,
                                          std::vector<EventDraft>& out) {
  EventDraft created;
  if (auto error = interview_event(data, ctx, "ats.interview.created", created); !error.empty()) {
    return error;
  }
  // A schedule can be created before any time is booked (NeedsScheduling).
  bool scheduled = field(created.data, "status") == "scheduled";
  push_with_domain(std::move(created), {{scheduled, "ats.interview.scheduled"}}, out);
  return {};
}

std::string map_interview_schedule_update(const json::Value& data, const NormalizeContext& ctx,
                                          std::vector<EventDraft>& out) {
  EventDraft updated;
  if (auto error = interview_event(data, ctx, "ats.interview.updated", updated); !error.empty()) {
    return error;
  }
  // The payload carries no previous times, so a reschedule cannot be told from other edits.
  auto status = field(updated.data, "status");
  push_with_domain(std::move(updated),
                   {{status == "canceled", "ats.interview.canceled"},
                    {status == "completed", "ats.interview.completed"}},
                   out);
  return {};
}

std::string map_offer_create(const json::Value& data, const NormalizeContext& ctx,
                             std::vector<EventDraft>& out) {
  EventDraft created;
  if (auto error = offer_event(data, ctx, "ats.offer.created", created); !error.empty()) {
    return error;
  }
  created.occurred_at = std::string(field(created.data, "created_at"));
  out.push_back(std::move(created));
  return {};
}

std::string map_offer_update(const json::Value& data, const NormalizeContext& ctx,
                             std::vector<EventDraft>& out) {
  EventDraft updated;
  if (auto error = offer_event(data, ctx, "ats.offer.updated", updated); !error.empty()) {
    return error;
  }
  auto status = field(updated.data, "status");
  bool accepted = status == "accepted";
  bool declined = status == "declined";
  // Ashby offers have no updatedAt; the decision time is the only vendor time of a change.
  if (accepted || declined) updated.occurred_at = std::string(field(updated.data, "closed_at"));
  push_with_domain(std::move(updated),
                   {{accepted, "ats.offer.accepted"}, {declined, "ats.offer.declined"}}, out);
  return {};
}

std::string map_offer_delete(const json::Value& data, const NormalizeContext& ctx,
                             std::vector<EventDraft>& out) {
  std::string id, error;
  const json::Value* offer = object_with_id(data, "offer", id, error);
  if (!offer) return error;
  EventDraft d = tombstone("ats.offer.deleted", {"offer", id, "", ""}, "deleted");
  auto& a = d.data.GetAllocator();
  json::set(d.data, "application_id",
            reference(ctx, "application", json::find(*offer, "applicationId"), a), a);
  out.push_back(std::move(d));
  return {};
}

std::string map_signature_request_update(const json::Value& data, const NormalizeContext& ctx,
                                         std::vector<EventDraft>& out) {
  auto related = json::text(data, "relatedEntityType");
  std::string entity, key;
  if (related == "offer") {
    entity = "offer";
    key = "offerId";
  } else if (related == "application") {
    entity = "application";
    key = "applicationId";
  } else {
    return "missing or unsupported data.relatedEntityType";
  }
  auto id = json::text(data, key);
  if (!id || id->empty()) return "missing data." + key;
  // Ashby sends ids and the request's event only: the record is named for a fetch.
  EventDraft d =
      make_draft("ats." + entity + ".updated", {entity, *id, "", ""}, {}, DataMode::reference);
  auto& a = d.data.GetAllocator();
  json::set(d.data, "id", json::string(ctx.unified_id(entity, *id), a), a);
  json::set(d.data, "remote_id", json::string(*id, a), a);
  // An offer letter sent out for e-signature is the offer being sent.
  bool sent = entity == "offer" && json::text(data, "eventType") == "sent";
  push_with_domain(std::move(d), {{sent, "ats.offer.sent"}}, out);
  return {};
}

}  // namespace weft::ashby
