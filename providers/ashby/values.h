// Value conversions for Ashby payloads: timestamps, dates and members.
#pragma once

#include <string>
#include <string_view>

#include "providers/core/enums.h"
#include "providers/core/json.h"

namespace weft::ashby {

// object[key] as an RFC 3339 UTC timestamp, or null when absent or unreadable.
json::Value time_or_null(const json::Value& object, std::string_view key, json::Allocator& a);
// The UTC timestamp of object[key], or empty.
std::string time_text(const json::Value& object, std::string_view key);
// object[key] as a calendar date "YYYY-MM-DD" (a date-time keeps its UTC date), or null.
json::Value date_or_null(const json::Value& object, std::string_view key, json::Allocator& a);

// object[key] copied when it is a string, else null.
json::Value string_member(const json::Value& object, std::string_view key, json::Allocator& a);
// object[key] copied when it is a boolean, else null.
json::Value bool_member(const json::Value& object, std::string_view key, json::Allocator& a);

}  // namespace weft::ashby
