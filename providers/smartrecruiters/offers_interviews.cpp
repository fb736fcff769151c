// SmartRecruiters offers and interviews, read from the resource the notification's `Link`
// names. Their API shapes are the least documented of this vendor: only plainly named fields
// are read (status, createdOn/updatedOn, candidateId/jobId, time slots), and statuses that are
// not in the tables below stay "unknown" with the vendor's text beside them.
#include "providers/smartrecruiters/mapping.h"

namespace weft::smartrecruiters {

namespace {

using json::Value;

const EnumTable kOfferStatus = {
    {"DRAFT", "draft"},        {"CREATED", "draft"},       {"PENDING_APPROVAL", "approval_sent"},
    {"APPROVED", "approved"},  {"SENT", "sent"},           {"ACCEPTED", "accepted"},
    {"DECLINED", "declined"},  {"WITHDRAWN", "abandoned"}, {"CANCELED", "abandoned"},
    {"CANCELLED", "abandoned"}};

const EnumTable kInterviewStatus = {{"SCHEDULED", "scheduled"},
                                    {"CONFIRMED", "scheduled"},
                                    {"COMPLETED", "completed"},
                                    {"CANCELED", "canceled"},
                                    {"CANCELLED", "canceled"}};

const EnumTable kResponse = {{"ACCEPTED", "accepted"},
                             {"DECLINED", "declined"},
                             {"TENTATIVE", "tentative"},
                             {"NEEDS_ACTION", "needs_action"},
                             {"PENDING", "needs_action"}};

// The first of several spellings.
std::optional<std::string> any_of(const Value* o, std::initializer_list<std::string_view> keys) {
  for (auto k : keys) {
    if (auto v = str(o, k); v && !v->empty()) return v;
  }
  return std::nullopt;
}

// The application a record belongs to, by its candidate and job (the unified application key).
std::optional<std::string> application_of(const Value* record, const Delivery& d) {
  auto candidate = any_of(record, {"candidateId", "candidate_id"});
  auto job = any_of(record, {"jobId", "job_id"});
  if (!candidate && !d.candidate_id.empty()) candidate = d.candidate_id;
  if (!job && !d.job_id.empty()) job = d.job_id;
  if (!candidate || !job || !valid_id(*candidate) || !valid_id(*job)) return std::nullopt;
  return application_key(*candidate, *job);
}

std::string id_or_empty(const Value* record, std::initializer_list<std::string_view> keys,
                        const std::string& fallback) {
  auto v = any_of(record, keys);
  return v && valid_id(*v) ? *v : fallback;
}

}  // namespace

std::string map_offer(const Input& in) {
  const Delivery& d = in.delivery;
  const Value* o = in.record;
  SubjectRef subject{"offer", d.record_id, id_or_empty(o, {"candidateId"}, d.candidate_id),
                     id_or_empty(o, {"jobId"}, d.job_id)};
  if (!o) {
    add_reference(in, subject);
    return {};
  }
  auto& draft = add_event(in.events, record_event_type(in), subject, DataMode::full,
                          time_at(o, "updatedOn").value_or(""));
  draft.changed_fields = changed_fields(in);
  Record r(draft.data, in.ctx);
  r.remote_fields(o);
  r.put("custom_fields", Value(rapidjson::kObjectType));
  r.ref("application_id", "application", application_of(o, d));
  auto status = str(o, "status");
  r.enumerated("status", kOfferStatus, status);
  r.text("created_at", time_at(o, "createdOn"));
  r.text("sent_at", time_at(o, "sentOn"));
  r.null("closed_at");
  r.null("start_date");
  r.null("compensation");
  r.null("version");

  std::string_view now = status ? map_enum(kOfferStatus, *status) : "unknown";
  if (d.spec->change == Change::approved) {
    in.events.push_back(same_record(draft, "ats.offer.approved"));
  } else if (d.spec->change == Change::updated) {
    if (now == "accepted") in.events.push_back(same_record(draft, "ats.offer.accepted"));
    if (now == "declined") in.events.push_back(same_record(draft, "ats.offer.declined"));
    if (now == "sent") in.events.push_back(same_record(draft, "ats.offer.sent"));
  }
  return {};
}

std::string map_interview(const Input& in) {
  const Delivery& d = in.delivery;
  const Value* iv = in.record;
  SubjectRef subject{"interview", d.record_id, id_or_empty(iv, {"candidateId"}, d.candidate_id),
                     id_or_empty(iv, {"jobId"}, d.job_id)};
  if (!iv) {
    add_reference(in, subject);
    if (d.spec->change == Change::canceled) {
      in.events.push_back(same_record(in.events.back(), "ats.interview.canceled"));
    }
    return {};
  }
  auto& draft = add_event(in.events, record_event_type(in), subject, DataMode::full,
                          time_at(iv, "updatedOn").value_or(""));
  draft.changed_fields = changed_fields(in);
  Record r(draft.data, in.ctx);
  auto& a = r.alloc();
  r.remote_fields(iv);
  r.put("custom_fields", Value(rapidjson::kObjectType));
  r.ref("application_id", "application", application_of(iv, d));
  r.null("stage_id");
  // The first time slot is the interview's time; SmartRecruiters may offer several.
  const Value* slots = json::find(*iv, "timeSlots");
  if (!slots || !slots->IsArray()) slots = json::find(*iv, "timeslots");
  const Value* slot = slots && slots->IsArray() && !slots->Empty() && (*slots)[0].IsObject()
                          ? &(*slots)[0]
                          : nullptr;
  r.text("start_at", time_at(slot, "startsAt"));
  r.text("end_at", time_at(slot, "endsAt"));
  auto location = str(slot, "location");
  r.text("location", location ? location : str(iv, "location"));
  auto status = str(iv, "status");
  if (status) {
    r.enumerated("status", kInterviewStatus, status);
  } else if (d.spec->change == Change::canceled) {
    r.put("status", json::string("canceled", a));
    r.null("status_raw");
  } else {
    r.enumerated("status", kInterviewStatus, std::nullopt);
  }
  const Value* people = slot ? json::find(*slot, "interviewers") : nullptr;
  if (people && people->IsArray()) {
    Value list(rapidjson::kArrayType);
    for (const auto& p : people->GetArray()) {
      if (!p.IsObject()) continue;
      auto user = any_of(&p, {"userId", "id"});
      Value person(rapidjson::kObjectType);
      person.AddMember(
          "user_id",
          json::string_or_null(user ? std::optional(r.unified("user", *user)) : std::nullopt, a),
          a);
      person.AddMember("name", Value(), a);
      person.AddMember("email", Value(), a);
      set_enum(person, "response", kResponse, str(&p, "status"), a);
      list.PushBack(std::move(person), a);
    }
    r.put("interviewers", std::move(list));
  } else {
    r.null("interviewers");
  }
  r.null("organizer_id");
  if (d.spec->change == Change::canceled) {
    in.events.push_back(same_record(draft, "ats.interview.canceled"));
  }
  return {};
}

}  // namespace weft::smartrecruiters
