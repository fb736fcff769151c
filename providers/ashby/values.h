// Value conversions for Ashby payloads: timestamps, dates and vendor enums.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "providers/core/json.h"

namespace weft::ashby {

// "2022-08-05T18:47:39.123Z" (or any RFC 3339 offset) -> "2022-08-05T18:47:39Z" in UTC;
// nullopt when the text is not an RFC 3339 date-time.
std::optional<std::string> rfc3339_utc(std::string_view text);
// Seconds since the Unix epoch of an RFC 3339 date-time, or nullopt.
std::optional<long long> unix_seconds(std::string_view text);

// object[key] as an RFC 3339 UTC timestamp, or null when absent or unreadable.
json::Value time_or_null(const json::Value& object, std::string_view key, json::Allocator& a);
// The UTC timestamp of object[key], or empty.
std::string time_text(const json::Value& object, std::string_view key);
// object[key] as a calendar date "YYYY-MM-DD" (a date-time keeps its UTC date), or null.
json::Value date_or_null(const json::Value& object, std::string_view key, json::Allocator& a);

// One vendor enum value and its unified counterpart.
struct EnumPair {
  std::string_view vendor;
  std::string_view unified;
};
using EnumTable = std::initializer_list<EnumPair>;

// The unified value of a vendor enum value; "unknown" when it is not in the table.
std::string_view map_enum(EnumTable table, std::string_view vendor);

// Sets object[field] to the unified value and object[field + "_raw"] to the vendor's text;
// both null when the vendor did not say.
void set_enum(json::Value& object, std::string_view field, EnumTable table,
              const std::optional<std::string>& vendor, json::Allocator& a);

// object[key] copied when it is a string, else null.
json::Value string_member(const json::Value& object, std::string_view key, json::Allocator& a);
// object[key] copied when it is a boolean, else null.
json::Value bool_member(const json::Value& object, std::string_view key, json::Allocator& a);

// Short, printable form of a vendor-controlled token for error messages.
std::string printable_token(std::string_view text);

}  // namespace weft::ashby
