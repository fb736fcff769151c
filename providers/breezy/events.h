// One mapper per Breezy webhook type: the body's `object` -> unified event drafts.
#pragma once

#include <string>
#include <vector>

#include "providers/core/event.h"
#include "providers/core/json.h"
#include "providers/core/provider.h"

namespace weft::breezy {

struct Delivery {
  const json::Value& object;  // body.object (an object)
  std::string occurred_at;    // body.creation_date in UTC, or empty
  const NormalizeContext& ctx;
  std::vector<EventDraft>& out;
};

// Each returns "" or a one-line reason to reject the delivery (no payload content).
using Mapper = std::string (*)(const Delivery&);

std::string map_candidate_added(const Delivery&);
std::string map_candidate_status_updated(const Delivery&);
std::string map_candidate_deleted(const Delivery&);
std::string map_position_added(const Delivery&);
std::string map_position_updated(const Delivery&);
std::string map_position_state_updated(const Delivery&);
std::string map_position_deleted(const Delivery&);
// Team discussion notes: acknowledged, nothing emitted (see the folder's notes in breezy.cpp).
std::string map_note(const Delivery&);

}  // namespace weft::breezy
