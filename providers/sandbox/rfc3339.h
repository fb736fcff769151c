// RFC 3339 UTC timestamps as seconds since the Unix epoch, for the sandbox's simulated clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace weft::sandbox {

// Accepts "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+00:00)"; the fraction is dropped.
std::optional<int64_t> parse_rfc3339(std::string_view text);
// "YYYY-MM-DDTHH:MM:SSZ".
std::string format_rfc3339(int64_t seconds);
// "YYYY-MM-DD" of the UTC day.
std::string format_date(int64_t seconds);

}  // namespace weft::sandbox
