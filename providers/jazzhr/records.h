// JazzHR's HR Open Standards candidate -> unified records. The person is the candidate; each
// profile is one job application (profileId, scheme "JazzHR Job Application") to the position
// opening it names, in the workflow status (candidateStatus) it was in when exported.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "providers/core/event.h"
#include "providers/core/json.h"
#include "providers/core/provider.h"

namespace weft::jazzhr {

// An HR-Open identifier ({"value", "schemeId", ...}) or a bare id, as text.
std::optional<std::string> id_value(const json::Value* id);
// A string member, or nullopt.
std::optional<std::string> string_of(const json::Value& object, std::string_view key);
// The members of an array member that are objects (none when absent).
std::vector<const json::Value*> objects_of(const json::Value& object, std::string_view key);
// A JazzHR date-time or date as RFC 3339 UTC (a date: its midnight), or nullopt.
std::optional<std::string> utc_time(const std::optional<std::string>& text);

// The unified status a workflow status plainly says (hired, rejected, withdrawn, active), else
// "unknown"; and the stage category its name plainly says, else "other".
std::string_view status_of(std::string_view text);
std::string_view stage_category(std::string_view status_name);

// The profiles' application ids, in order.
std::vector<std::string> application_ids(const json::Value& candidate);

// The candidate record of candidate.person (full); remote_url the profile's Link.
void candidate_record(const json::Value& candidate, const std::optional<std::string>& link,
                      const NormalizeContext& ctx, json::Document& out);
// The application record of one profile (full).
void application_record(const json::Value& person, const json::Value& profile,
                        const NormalizeContext& ctx, json::Document& out);
// The attachment record of one of a profile's attachments (full).
void attachment_record(const json::Value& attachment, const std::string& candidate_id,
                       const std::string& application_id, const NormalizeContext& ctx,
                       json::Document& out);

}  // namespace weft::jazzhr
