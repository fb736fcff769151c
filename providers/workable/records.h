// Workable candidate payloads as unified records. A Workable "candidate" is one person's
// candidacy for one job, so one payload gives both a candidate record and an application
// record (both with the Workable candidate id as remote id); the job is its shortcode.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "providers/core/event.h"
#include "providers/core/json.h"
#include "providers/core/provider.h"

namespace weft::workable {

// What a candidate payload says about where the candidacy stands.
struct Standing {
  std::string status;    // unified application status
  std::string category;  // unified stage category
  bool withdrew = false;
};
Standing standing_of(const json::Value& candidate);

// The job's shortcode, or nullopt.
std::optional<std::string> job_of(const json::Value& candidate);

void write_candidate(json::Document& data, const json::Value& candidate,
                     const NormalizeContext& ctx);
void write_application(json::Document& data, const json::Value& candidate,
                       const NormalizeContext& ctx);

}  // namespace weft::workable
