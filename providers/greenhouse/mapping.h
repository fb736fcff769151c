// The Greenhouse action mappers: one function per group of actions, each turning a verified
// `{"action","payload"}` body into unified event drafts (EVENTS.md).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "providers/greenhouse/values.h"

namespace weft::greenhouse {

struct Input {
  std::string_view action;
  const json::Value& payload;  // an object
  const NormalizeContext& ctx;
  std::vector<EventDraft>& events;
};

// Each returns an empty string, or a one-line reason to reject the delivery (no payload content).
using Mapper = std::string (*)(const Input&);

// applications.cpp: new_candidate_application, new_prospect_application, application_updated,
// candidate_stage_change, reject/unreject/hire/unhire_candidate, delete_application.
std::string map_application(const Input& in);
std::string map_application_deleted(const Input& in);

// candidates.cpp
std::string map_candidate_updated(const Input& in);
std::string map_candidate_deleted(const Input& in);
std::string map_candidate_merged(const Input& in);
std::string map_candidate_anonymized(const Input& in);
// The unified candidate record of a Greenhouse candidate object.
void write_candidate(Record& r, const json::Value& candidate,
                     const std::vector<std::string>& application_ids);

// offers.cpp: offer_created, offer_approved, offer_updated, offer_deleted.
std::string map_offer(const Input& in);
std::string map_offer_deleted(const Input& in);
// The unified offer record. The action matters for the status: the offer inside
// hire_candidate has no status of its own, and offer_approved is the approval.
void write_offer(Record& r, const json::Value& offer, std::string_view action,
                 const std::optional<std::string>& application_id);

// jobs.cpp: job_*, job_post_*, job_interview_stage_deleted, department_deleted, office_deleted.
std::string map_job(const Input& in);
std::string map_job_deleted(const Input& in);
std::string map_job_post(const Input& in);
std::string map_job_post_deleted(const Input& in);
std::string map_stage_deleted(const Input& in);
std::string map_department_deleted(const Input& in);
std::string map_office_deleted(const Input& in);

// interviews.cpp: interview_deleted, scorecard_deleted.
std::string map_interview_deleted(const Input& in);
std::string map_scorecard_deleted(const Input& in);

// "greenhouse <action> lacks payload.<path>"
std::string lacks(const Input& in, std::string_view path);

}  // namespace weft::greenhouse
