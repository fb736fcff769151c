// Reads a vendor's rate-limit signals from a response: 429/503 with Retry-After (seconds or an
// HTTP date), and X-RateLimit-Remaining / X-Rate-Limit-Remaining = 0 with the matching
// *-Reset (seconds until the reset, or the reset as Unix seconds or milliseconds). Pure.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "providers/core/headers.h"

namespace weft::vendor_api {

using Millis = std::chrono::milliseconds;
using SystemTime = std::chrono::system_clock::time_point;

// A vendor hold never lasts longer than this: a garbled header must not stop a connection
// for a day. Enrichment deadlines are far shorter anyway.
inline constexpr Millis kMaxVendorHold{std::chrono::hours(1)};

// Retry-After: delta-seconds (decimals accepted) or an HTTP date (IMF-fixdate, RFC 850,
// asctime). A date in the past is a zero wait. nullopt when unreadable.
std::optional<Millis> parse_retry_after(std::string_view value, SystemTime now);

// X-RateLimit-Reset: values below 1e9 are seconds until the reset; up to 1e12 Unix seconds;
// above, Unix milliseconds. nullopt when unreadable.
std::optional<Millis> parse_rate_reset(std::string_view value, SystemTime now);

// How long the whole connection must hold back after this response (capped at
// kMaxVendorHold), or nullopt when the response asks for nothing.
std::optional<Millis> vendor_hold(int status, const Headers& headers, SystemTime now);

}  // namespace weft::vendor_api
