// Breezy objects -> unified records. A Breezy "candidate" lives inside one position's
// pipeline: its _id names both the person (unified candidate) and the candidacy (unified
// application), under the two entities.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "providers/core/json.h"
#include "providers/core/provider.h"

namespace weft::breezy {

// object[key]["_id"] (or ["id"]) as text; nullopt when absent or empty.
std::optional<std::string> id_of(const json::Value* object);
// A Breezy date (ISO 8601) as RFC 3339 UTC; nullopt when absent or unreadable.
std::optional<std::string> time_of(const json::Value& object, std::string_view key);

// The pipeline stage: {id, name}. Built-in stage ids are literally "hired" and
// "disqualified" (Breezy docs); the others of the default pipeline are read by id too.
struct Stage {
  std::optional<std::string> id;
  std::optional<std::string> name;
  std::string_view category;  // unified stage category; empty when no stage was sent
};
Stage stage_of(const json::Value& object);
// The application status a stage says: hired, rejected (disqualified) or active.
std::string_view status_of(const Stage& stage);

// The candidate summary Breezy sends (name, e-mail, phone, tags): a partial record.
void candidate_record(const json::Value& candidate, const NormalizeContext& ctx,
                      json::Document& out);

// What the application record may take from the event beyond the stage.
struct ApplicationTimes {
  std::optional<std::string> applied_at;  // candidateAdded only
  std::optional<std::string> moved_at;    // when the candidate entered the current stage
};
void application_record(const json::Value& object, const std::string& candidate_id,
                        const std::optional<std::string>& position_id, const Stage& stage,
                        const ApplicationTimes& times, const NormalizeContext& ctx,
                        json::Document& out);

void job_record(const json::Value& position, const std::optional<std::string>& state,
                const NormalizeContext& ctx, json::Document& out);
// The unified job status of a position state ("published" -> open).
std::string_view job_status_of(std::string_view state);

}  // namespace weft::breezy
