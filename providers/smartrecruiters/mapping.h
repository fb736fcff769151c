// The SmartRecruiters mappers: each turns one notification plus the record fetched from the
// Customer API into unified event drafts (EVENTS.md).
#pragma once

#include <string>
#include <vector>

#include "providers/smartrecruiters/delivery.h"
#include "providers/smartrecruiters/values.h"

namespace weft::smartrecruiters {

struct Input {
  const Delivery& delivery;
  const NormalizeContext& ctx;
  const json::Value* record;  // the fetched resource; nullptr when the API answered 404
  // The related read (related_key): an application's status history, a job ad's postings, a
  // position event's job positions; nullptr when none or answered 404.
  const json::Value* history;
  std::vector<EventDraft>& events;
};

// Each returns an empty string, or a one-line reason to reject (ids and types only).
std::string map_application(const Input& in);  // application.cpp
std::string map_candidate(const Input& in);    // records.cpp
std::string map_job(const Input& in);          // records.cpp
std::string map_job_posting(const Input& in);  // job_posting.cpp
std::string map_offer(const Input& in);        // offers_interviews.cpp
std::string map_interview(const Input& in);    // offers_interviews.cpp

// "ats.<entity>.created" for created events, else "ats.<entity>.updated".
std::string record_event_type(const Input& in);
// changed_fields of the delivery's record event.
std::vector<std::string> changed_fields(const Input& in);
// The record event with ids only, for a record the API no longer returns.
void add_reference(const Input& in, const SubjectRef& subject);

}  // namespace weft::smartrecruiters
