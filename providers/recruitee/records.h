// Recruitee objects -> unified records. Recruitee calls jobs and talent pools "offers"; a
// candidate's placement on an offer is the unified application, identified by
// "<candidate id>:<offer id>" because webhook payloads name the candidate and the offer but
// not always the placement.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "providers/core/event.h"
#include "providers/core/json.h"
#include "providers/core/provider.h"
#include "providers/core/record.h"

namespace weft::recruitee {

// One delivery being mapped.
struct Delivery {
  std::string_view event_type;
  std::string_view subtype;  // may be empty
  std::string occurred_at;   // the body's created_at in UTC, or empty
  const json::Value& payload;
  const NormalizeContext& ctx;
  std::vector<EventDraft>& events;
};

// Each returns empty, or a one-line reason to reject the delivery (ids and names of fields only).
using Mapper = std::string (*)(const Delivery&);
std::string map_candidate_created(const Delivery& d);
std::string map_candidate_assigned(const Delivery& d);
std::string map_candidate_moved(const Delivery& d);
std::string map_candidate_deleted(const Delivery& d);
std::string map_offer_event(const Delivery& d);

// A vendor id (number or non-empty string) as text.
std::optional<std::string> id_of(const json::Value& object, std::string_view key);
// A string member, or nullopt.
std::optional<std::string> string_of(const json::Value& object, std::string_view key);
// A member that is an object, or nullptr.
const json::Value* object_of(const json::Value& object, std::string_view key);
// The UTC RFC 3339 text of a vendor time member, or nullopt.
std::optional<std::string> time_of(const json::Value& object, std::string_view key);

std::string application_remote_id(std::string_view candidate_id, std::string_view offer_id);
// The offer ids of candidate.placements (empty when the payload lists none).
std::vector<std::string> placement_offer_ids(const json::Value& candidate);

// The unified stage category of a Recruitee stage category ("apply", "phone_screen", ...).
std::string_view stage_category(std::string_view category);
// A stage_ref object ({id, remote_id, name, category, category_raw, order}), null when absent.
json::Value stage_ref(const json::Value* stage, const NormalizeContext& ctx, json::Allocator& a);
// The stage's unified category ("unknown" when it has none).
std::string_view category_of(const json::Value* stage);

// The candidate record of a payload candidate (full: what Recruitee does not send is null).
void candidate_record(const json::Value& candidate, const NormalizeContext& ctx,
                      json::Document& out);
// The job record of an offer of kind "job" (full).
void job_record(const json::Value& offer, const NormalizeContext& ctx, json::Document& out);

}  // namespace weft::recruitee
