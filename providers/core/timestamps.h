// RFC 3339 timestamps as seconds since the Unix epoch: the one parser and formatter every
// provider (and the daemon's clock) uses, so all unified times read alike.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace weft {

// "YYYY-MM-DD(T|t| )HH:MM:SS[.fraction](Z|z|+HH:MM|-HH:MM|+HHMM|-HHMM)" -> seconds in UTC.
// The offset is applied and the fraction dropped; a leap second (:60) counts as :59. Refused
// (nullopt): a missing zone (its time would be a guess), days a month does not have, and
// anything whose UTC year falls outside 0000..9999.
std::optional<int64_t> parse_timestamp(std::string_view text);
// "YYYY-MM-DD" (exactly) -> seconds at that day's midnight UTC.
std::optional<int64_t> parse_date(std::string_view text);
// "YYYY-MM-DDTHH:MM:SSZ".
std::string format_timestamp(int64_t seconds);
// "YYYY-MM-DD" of the UTC day.
std::string format_date(int64_t seconds);
// parse_timestamp, then format_timestamp: the unified text of a vendor time, or nullopt.
std::optional<std::string> utc_timestamp(std::string_view text);

}  // namespace weft
