// Vendor rate-limit signals; see rate_signals.h.
#include "daemon/vendor_api/rate_signals.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <ctime>
#include <string>

namespace weft::vendor_api {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A non-negative decimal number ("120", "1.5"); nullopt for anything else.
std::optional<double> parse_number(std::string_view s) {
  s = trim(s);
  if (s.empty() || s.size() > 32 || s.front() == '-' || s.front() == '+') return std::nullopt;
  double value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

Millis seconds_to_millis(double seconds) {
  double ms = std::min(seconds * 1000.0, static_cast<double>(kMaxVendorHold.count()));
  return Millis(static_cast<int64_t>(std::ceil(std::max(ms, 0.0))));
}

// The wait until a moment given as seconds since the epoch, capped. Computed in seconds, not
// as a clock time point: a date past 2262 would overflow the clock and wrap into the past.
Millis until(double epoch_seconds, SystemTime now) {
  double now_seconds = std::chrono::duration<double>(now.time_since_epoch()).count();
  double wait = epoch_seconds - now_seconds;
  if (!(wait > 0)) return Millis(0);
  double cap = std::chrono::duration<double>(kMaxVendorHold).count();
  if (wait >= cap) return kMaxVendorHold;
  return std::chrono::ceil<Millis>(std::chrono::duration<double>(wait));
}

std::optional<std::time_t> parse_http_date(std::string_view value) {
  std::string text(trim(value));
  // IMF-fixdate, obsolete RFC 850, asctime (RFC 9110 5.6.7); always GMT.
  for (const char* format :
       {"%a, %d %b %Y %H:%M:%S GMT", "%A, %d-%b-%y %H:%M:%S GMT", "%a %b %d %H:%M:%S %Y"}) {
    std::tm tm{};
    const char* end = strptime(text.c_str(), format, &tm);
    if (!end || *end != '\0') continue;
    std::time_t t = timegm(&tm);
    if (t == static_cast<std::time_t>(-1)) continue;
    return t;
  }
  return std::nullopt;
}

std::optional<std::string_view> first_of(const Headers& headers,
                                         std::initializer_list<std::string_view> names) {
  for (auto name : names) {
    if (auto value = headers.find(name)) return value;
  }
  return std::nullopt;
}

}  // namespace

std::optional<Millis> parse_retry_after(std::string_view value, SystemTime now) {
  if (auto seconds = parse_number(value)) return seconds_to_millis(*seconds);
  if (auto date = parse_http_date(value)) return until(static_cast<double>(*date), now);
  return std::nullopt;
}

std::optional<Millis> parse_rate_reset(std::string_view value, SystemTime now) {
  auto number = parse_number(value);
  if (!number) return std::nullopt;
  if (*number < 1e9) return seconds_to_millis(*number);
  return until(*number < 1e12 ? *number : *number / 1000.0, now);
}

std::optional<Millis> vendor_hold(int status, const Headers& headers, SystemTime now) {
  if (status == 429 || status == 503) {
    if (auto retry_after = headers.find("retry-after")) {
      if (auto hold = parse_retry_after(*retry_after, now)) return hold;
    }
  }
  auto remaining = first_of(headers, {"x-ratelimit-remaining", "x-rate-limit-remaining"});
  if (!remaining) return std::nullopt;
  auto count = parse_number(*remaining);
  if (!count || *count > 0) return std::nullopt;
  auto reset = first_of(headers, {"x-ratelimit-reset", "x-rate-limit-reset"});
  if (!reset) return std::nullopt;
  return parse_rate_reset(*reset, now);
}

}  // namespace weft::vendor_api
