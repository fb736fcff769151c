// A Lever webhook body, parsed: {"event","triggeredAt","token","signature","data":{ids}}.
// Lever's webhooks are thin (ids only), so this also says which API reads each event needs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "providers/core/json.h"
#include "providers/core/provider.h"

namespace weft::lever {

enum class Kind {
  application_created,  // applicationCreated
  stage_change,         // candidateStageChange
  archive_change,       // candidateArchiveChange
  hired,                // candidateHired
  deleted,              // candidateDeleted
  interview_created,    // interviewCreated
  interview_updated,    // interviewUpdated
  interview_deleted,    // interviewDeleted
  contact_created,      // contactCreated
  contact_updated,      // contactUpdated
};

// Every event name Lever documents, in the order above.
const std::vector<std::string_view>& event_names();

struct Webhook {
  json::Document doc;
  std::string event;
  Kind kind = Kind::application_created;
  std::string occurred_at;  // triggeredAt as RFC 3339 UTC; empty when absent
  const json::Value* data = nullptr;
  // Ids from data ("" when absent). Lever's candidate ids are its opportunity ids (the
  // deprecated Candidates API), so candidateId stands in for a missing opportunityId.
  std::string opportunity_id, contact_id, interview_id, posting_id;
  std::string to_stage_id, from_stage_id;
};

// Parses and checks the ids each event needs; returns a one-line reason, or empty.
std::string parse_webhook(std::string_view body, const json::Limits& limits, Webhook& out);

// API reads, by key.
inline constexpr std::string_view kOpportunity = "opportunity";
inline constexpr std::string_view kInterviews = "interviews";
inline constexpr std::string_view kFromStage = "from_stage";
inline constexpr std::string_view kInterview = "interview";
inline constexpr std::string_view kContact = "contact";
inline constexpr std::string_view kArchiveReasonPrefix = "archive_reason:";

// The first round of API reads the event needs (none for deletes).
std::vector<Fetch> first_fetches(const Webhook& hook);
// GET /v1/archive_reasons/{id}.
Fetch archive_reason_fetch(std::string_view reason_id);

}  // namespace weft::lever
