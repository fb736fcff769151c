// Human durations ("250ms", "3s", "10m", "2h") and sizes ("512", "64KiB", "1MiB", "1GiB"),
// parsed strictly: an integer and a unit, nothing else.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "daemon/config/config.h"

namespace weft::config {

// Digits only (no sign, no spaces); nullopt on anything else or on overflow.
std::optional<uint64_t> parse_uint(std::string_view text);

// "<integer><unit>" with unit ms, s, m or h. A bare number is rejected: "3" is ambiguous.
std::optional<Duration> parse_duration(std::string_view text);

// "<integer>" bytes, or "<integer>KiB|MiB|GiB". Decimal units (KB, MB) are rejected
// rather than guessed; see has_unsupported_size_unit.
std::optional<std::size_t> parse_size(std::string_view text);
// True for "1KB", "2M", "1gb", "512B"...: lets the error say which units are accepted.
bool has_unsupported_size_unit(std::string_view text);

// The largest unit that divides exactly: 2000 -> "2s", 90000 -> "90s", 1500 -> "1500ms".
std::string format_duration(Duration d);
// 1048576 -> "1MiB", 1536 -> "1536".
std::string format_size(std::size_t bytes);

}  // namespace weft::config
