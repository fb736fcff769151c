// One mapper per Ashby webhook action: the action's `data` object -> unified event drafts.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "providers/core/event.h"
#include "providers/core/json.h"
#include "providers/core/provider.h"

namespace weft::ashby {

// Appends the action's drafts to out; returns a one-line error (no payload content), or "".
using ActionMapper = std::string (*)(const json::Value& data, const NormalizeContext& ctx,
                                     std::vector<EventDraft>& out);

// Applications and candidates (application_actions.cpp).
std::string map_application_submit(const json::Value&, const NormalizeContext&,
                                   std::vector<EventDraft>&);
std::string map_application_update(const json::Value&, const NormalizeContext&,
                                   std::vector<EventDraft>&);
std::string map_candidate_stage_change(const json::Value&, const NormalizeContext&,
                                       std::vector<EventDraft>&);
std::string map_candidate_hire(const json::Value&, const NormalizeContext&,
                               std::vector<EventDraft>&);
std::string map_candidate_delete(const json::Value&, const NormalizeContext&,
                                 std::vector<EventDraft>&);
std::string map_candidate_merge(const json::Value&, const NormalizeContext&,
                                std::vector<EventDraft>&);

// Jobs, postings, openings and interview plans (job_actions.cpp).
std::string map_job_create(const json::Value&, const NormalizeContext&, std::vector<EventDraft>&);
std::string map_job_update(const json::Value&, const NormalizeContext&, std::vector<EventDraft>&);
std::string map_interview_plan_transition(const json::Value&, const NormalizeContext&,
                                          std::vector<EventDraft>&);
std::string map_job_posting_update(const json::Value&, const NormalizeContext&,
                                   std::vector<EventDraft>&);
std::string map_job_posting_publish(const json::Value&, const NormalizeContext&,
                                    std::vector<EventDraft>&);
std::string map_job_posting_unpublish(const json::Value&, const NormalizeContext&,
                                      std::vector<EventDraft>&);
std::string map_opening_create(const json::Value&, const NormalizeContext&,
                               std::vector<EventDraft>&);

// Interviews and offers (interview_offer_actions.cpp).
std::string map_interview_schedule_create(const json::Value&, const NormalizeContext&,
                                          std::vector<EventDraft>&);
std::string map_interview_schedule_update(const json::Value&, const NormalizeContext&,
                                          std::vector<EventDraft>&);
std::string map_offer_create(const json::Value&, const NormalizeContext&, std::vector<EventDraft>&);
std::string map_offer_update(const json::Value&, const NormalizeContext&, std::vector<EventDraft>&);
std::string map_offer_delete(const json::Value&, const NormalizeContext&, std::vector<EventDraft>&);
std::string map_signature_request_update(const json::Value&, const NormalizeContext&,
                                         std::vector<EventDraft>&);

// Shared by the mappers (drafts.cpp; make_draft and same_record are in core/event.h).
// data[key] when it is an object with a non-empty text "id" (stored in id); else nullptr and
// error says which part is missing.
const json::Value* object_with_id(const json::Value& data, std::string_view key, std::string& id,
                                  std::string& error);
// A tombstone: {"deletion_reason": reason} plus the ids the caller adds.
EventDraft tombstone(std::string type, SubjectRef subject, std::string_view reason);

}  // namespace weft::ashby
