// Lever value conversions: millisecond times, ids (plain or expanded objects), names and the
// stage category a stage says.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "providers/core/json.h"

namespace weft::lever {

// Lever times are milliseconds since the epoch: as RFC 3339 UTC, or nullopt when absent.
std::optional<std::string> ms_time(const json::Value* value);
std::optional<std::string> ms_time_member(const json::Value& object, std::string_view key);
// Milliseconds as a number, or nullopt.
std::optional<int64_t> ms_member(const json::Value& object, std::string_view key);

// object[key] when it is a string.
std::optional<std::string> string_member(const json::Value& object, std::string_view key);
// object[key] when it is an object.
const json::Value* object_member(const json::Value& object, std::string_view key);
// A Lever id: a non-empty string, or the "id" of an expanded object.
std::optional<std::string> id_of(const json::Value* value);
std::optional<std::string> id_of(const json::Value& object, std::string_view key);
// Whether an id is safe to put in an API path: [A-Za-z0-9_-], 1..128 characters.
bool safe_id(std::string_view id);

// The unified stage category of a Lever stage: Lever's built-in stage ids first
// ("lead-new", "applicant-new", "offer", ...), then what the stage's name plainly says.
std::string_view stage_category(std::string_view stage_id, std::string_view name);

// The body's "data" member of a Lever API answer ({"data": {...}}), or nullptr.
const json::Value* api_data(const json::Document& answer);

}  // namespace weft::lever
