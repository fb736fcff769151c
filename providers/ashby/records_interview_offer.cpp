// Interview and offer records.
#include <set>
#include <string>

#include "providers/ashby/custom_fields.h"
#include "providers/ashby/records.h"
#include "providers/ashby/values.h"

namespace weft::ashby {

using json::Value;

namespace {

// Schedules waiting on someone (NeedsScheduling, OnHold, ...) have no unified counterpart.
const EnumTable kInterviewStatus = {{"Scheduled", "scheduled"},
                                    {"WaitingOnFeedback", "awaiting_feedback"},
                                    {"Complete", "completed"},
                                    {"Cancelled", "canceled"}};

const EnumTable kOfferStatus = {{"WaitingOnApprovalStart", "draft"},
                                {"WaitingOnApprovalDefinition", "draft"},
                                {"WaitingOnOfferApproval", "approval_sent"},
                                {"WaitingOnCandidateResponse", "sent"},
                                {"CandidateAccepted", "accepted"},
                                {"CandidateRejected", "declined"},
                                {"OfferCancelled", "abandoned"}};

// Older payloads carry only acceptanceStatus.
const EnumTable kOfferAcceptance = {{"Created", "draft"},
                                    {"WaitingOnResponse", "sent"},
                                    {"Accepted", "accepted"},
                                    {"Declined", "declined"},
                                    {"Cancelled", "abandoned"}};

std::string full_name(const Value& user) {
  std::string name = json::text(user, "firstName").value_or("");
  auto last = json::text(user, "lastName").value_or("");
  if (!name.empty() && !last.empty()) name += ' ';
  return name + last;
}

Value interviewer(const Value& user, const NormalizeContext& ctx, json::Allocator& a) {
  Value out(rapidjson::kObjectType);
  json::set(out, "user_id", reference(ctx, "user", json::find(user, "id"), a), a);
  auto name = full_name(user);
  json::set(out, "name", name.empty() ? Value() : json::string(name, a), a);
  json::set(out, "email", string_member(user, "email", a), a);
  json::set(out, "response", Value(), a);
  return out;
}

const Value* events_of(const Value& schedule) {
  const Value* events = json::find(schedule, "interviewEvents");
  return events && events->IsArray() ? events : nullptr;
}

// Interviewers of every event, each once; deprecated interviewerUserIds when no detail.
Value interviewers(const Value& schedule, const NormalizeContext& ctx, json::Allocator& a) {
  Value out(rapidjson::kArrayType);
  std::set<std::string> seen;
  const Value* events = events_of(schedule);
  if (!events) return out;
  for (const auto& event : events->GetArray()) {
    const Value* people = json::find(event, "interviewers");
    if (people && people->IsArray()) {
      for (const auto& user : people->GetArray()) {
        auto id = json::text(user, "id");
        if (id && seen.insert(*id).second) out.PushBack(interviewer(user, ctx, a), a);
      }
      continue;
    }
    const Value* ids = json::find(event, "interviewerUserIds");
    if (!ids || !ids->IsArray()) continue;
    for (const auto& id : ids->GetArray()) {
      auto text = json::text(&id);
      if (!text || !seen.insert(*text).second) continue;
      Value user(rapidjson::kObjectType);
      json::set(user, "id", json::string(*text, a), a);
      out.PushBack(interviewer(user, ctx, a), a);
    }
  }
  return out;
}

Value interview_event(const Value& event, json::Allocator& a) {
  Value out(rapidjson::kObjectType);
  json::set(out, "remote_id", string_member(event, "id", a), a);
  json::set(out, "start_at", time_or_null(event, "startTime", a), a);
  json::set(out, "end_at", time_or_null(event, "endTime", a), a);
  json::set(out, "location", string_member(event, "location", a), a);
  json::set(out, "meeting_link", string_member(event, "meetingLink", a), a);
  return out;
}

// The schedule spans its events: the earliest start, the latest end, the first place.
void schedule_span(const Value& schedule, Value& out, json::Allocator& a) {
  std::string start, end;
  Value location;
  Value events(rapidjson::kArrayType);
  if (const Value* list = events_of(schedule)) {
    for (const auto& event : list->GetArray()) {
      if (!event.IsObject()) continue;
      auto s = time_text(event, "startTime");
      auto e = time_text(event, "endTime");
      if (!s.empty() && (start.empty() || s < start)) {
        start = s;
        location = string_member(event, "location", a);
        if (location.IsNull()) location = string_member(event, "meetingLink", a);
      }
      if (!e.empty() && (end.empty() || e > end)) end = e;
      events.PushBack(interview_event(event, a), a);
    }
  }
  json::set(out, "start_at", start.empty() ? Value() : json::string(start, a), a);
  json::set(out, "end_at", end.empty() ? Value() : json::string(end, a), a);
  json::set(out, "location", std::move(location), a);
  json::set(out, "interview_events", std::move(events), a);
}

}  // namespace

void interview_record(const Value& schedule, const NormalizeContext& ctx, json::Document& out) {
  out.SetObject();
  auto& a = out.GetAllocator();
  record_head(out, ctx, "interview", schedule, a);
  remote_times(out, schedule, a);
  json::set(out, "application_id",
            reference(ctx, "application", json::find(schedule, "applicationId"), a), a);
  json::set(out, "stage_id", reference(ctx, "stage", json::find(schedule, "interviewStageId"), a),
            a);
  Value span(rapidjson::kObjectType);
  schedule_span(schedule, span, a);
  json::set(out, "start_at", std::move(span["start_at"]), a);
  json::set(out, "end_at", std::move(span["end_at"]), a);
  json::set(out, "location", std::move(span["location"]), a);
  set_enum(out, "status", kInterviewStatus, json::text(schedule, "status"), a);
  json::set(out, "interviewers", interviewers(schedule, ctx, a), a);
  json::set(out, "organizer_id",
            reference(ctx, "user", json::find_path(schedule, {"scheduledBy", "id"}), a), a);
  Value extras(rapidjson::kObjectType);
  json::set(extras, "interview_events", std::move(span["interview_events"]), a);
  json::set(out, "custom_fields", std::move(extras), a);
}

void offer_record(const Value& offer, const NormalizeContext& ctx, json::Document& out) {
  out.SetObject();
  auto& a = out.GetAllocator();
  record_head(out, ctx, "offer", offer, a);
  const Value* latest = json::find(offer, "latestVersion");
  if (latest && !latest->IsObject()) latest = nullptr;
  const Value* versions = json::find(offer, "versions");
  if (versions && !versions->IsArray()) versions = nullptr;

  // The offer began with its first version.
  std::string created = latest ? time_text(*latest, "createdAt") : std::string();
  if (versions) {
    for (const auto& v : versions->GetArray()) {
      auto t = time_text(v, "createdAt");
      if (!t.empty() && (created.empty() || t < created)) created = t;
    }
  }
  Value created_at = created.empty() ? Value() : json::string(created, a);
  json::set(out, "remote_created_at", Value(created_at, a), a);
  json::set(out, "application_id",
            reference(ctx, "application", json::find(offer, "applicationId"), a), a);
  auto offer_status = json::text(offer, "offerStatus");
  if (offer_status) {
    set_enum(out, "status", kOfferStatus, offer_status, a);
  } else {
    set_enum(out, "status", kOfferAcceptance, json::text(offer, "acceptanceStatus"), a);
  }
  json::set(out, "created_at", std::move(created_at), a);
  json::set(out, "sent_at", Value(), a);
  json::set(out, "closed_at", time_or_null(offer, "decidedAt", a), a);
  json::set(out, "start_date", latest ? date_or_null(*latest, "startDate", a) : Value(), a);
  Value compensation;
  const Value* salary = latest ? json::find(*latest, "salary") : nullptr;
  if (salary && salary->IsObject()) {
    compensation.SetObject();
    const Value* amount = json::find(*salary, "value");
    json::set(compensation, "amount", amount && amount->IsNumber() ? Value(*amount, a) : Value(),
              a);
    json::set(compensation, "currency", string_member(*salary, "currencyCode", a), a);
  }
  json::set(out, "compensation", std::move(compensation), a);
  json::set(out, "version", versions ? Value(versions->Size()) : Value(), a);

  // The offer form's own fields, beside Ashby's two other status dimensions.
  Value extras = custom_fields(latest ? json::find(*latest, "customFields") : nullptr, a);
  json::set(extras, "acceptance_status", string_member(offer, "acceptanceStatus", a), a);
  json::set(extras, "approval_status",
            latest ? string_member(*latest, "approvalStatus", a) : Value(), a);
  json::set(out, "custom_fields", std::move(extras), a);
}

}  // namespace weft::ashby
