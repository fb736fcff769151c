#include "providers/core/timestamps.h"

#include <cstdio>

namespace weft {

namespace {

constexpr int64_t kDay = 86400;

// Reads exactly count digits at text[at]; nullopt when they are not all there.
std::optional<int> digits(std::string_view text, size_t at, size_t count) {
  if (at + count > text.size()) return std::nullopt;
  int value = 0;
  for (size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

bool is_leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithms): exact,
// and independent of the process's time zone.
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

struct Civil {
  int64_t year;
  unsigned month;
  unsigned day;
};

Civil civil_from_days(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

int64_t floor_div(int64_t a, int64_t b) {
  return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

// "YYYY-MM-DD" at the start of text, as days since the epoch.
std::optional<int64_t> read_date(std::string_view text) {
  auto y = digits(text, 0, 4), m = digits(text, 5, 2), d = digits(text, 8, 2);
  if (!y || !m || !d || text[4] != '-' || text[7] != '-') return std::nullopt;
  static constexpr int kMonthDays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (*m < 1 || *m > 12 || *d < 1 || *d > kMonthDays[*m - 1]) return std::nullopt;
  if (*m == 2 && *d == 29 && !is_leap(*y)) return std::nullopt;
  return days_from_civil(*y, static_cast<unsigned>(*m), static_cast<unsigned>(*d));
}

// The zone at the end of a date-time as seconds east of UTC; nullopt when it is none.
std::optional<int64_t> read_offset(std::string_view zone) {
  if (zone == "Z" || zone == "z") return 0;
  if (zone.size() < 5 || (zone[0] != '+' && zone[0] != '-')) return std::nullopt;
  auto h = digits(zone, 1, 2);
  auto m = zone.size() == 6 && zone[3] == ':' ? digits(zone, 4, 2)
           : zone.size() == 5                 ? digits(zone, 3, 2)
                                              : std::nullopt;
  if (!h || !m || *h > 23 || *m > 59) return std::nullopt;
  int64_t offset = *h * 3600 + *m * 60;
  return zone[0] == '-' ? -offset : offset;
}

}  // namespace

std::optional<int64_t> parse_date(std::string_view text) {
  if (text.size() != 10) return std::nullopt;
  auto days = read_date(text);
  if (!days) return std::nullopt;
  return *days * kDay;
}

std::optional<int64_t> parse_timestamp(std::string_view t) {
  auto days = read_date(t);
  if (!days || t.size() < 19 || (t[10] != 'T' && t[10] != 't' && t[10] != ' ')) {
    return std::nullopt;
  }
  auto h = digits(t, 11, 2), m = digits(t, 14, 2), s = digits(t, 17, 2);
  if (!h || !m || !s || t[13] != ':' || t[16] != ':' || *h > 23 || *m > 59 || *s > 60) {
    return std::nullopt;
  }
  size_t i = 19;
  if (i < t.size() && t[i] == '.') {  // the unified form has no fraction
    size_t first = ++i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
    if (i == first) return std::nullopt;
  }
  auto offset = read_offset(t.substr(i));
  if (!offset) return std::nullopt;
  // UTC text has no second 60: a leap second is folded into its minute's last second.
  int64_t utc = *days * kDay + *h * 3600 + *m * 60 + (*s > 59 ? 59 : *s) - *offset;
  static constexpr int64_t kFirst = -62167219200;  // 0000-01-01T00:00:00Z
  static constexpr int64_t kLast = 253402300799;   // 9999-12-31T23:59:59Z
  if (utc < kFirst || utc > kLast) return std::nullopt;
  return utc;
}

std::string format_timestamp(int64_t seconds) {
  int64_t days = floor_div(seconds, kDay);
  int64_t rest = seconds - days * kDay;
  Civil c = civil_from_days(days);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02dZ", static_cast<long long>(c.year),
                c.month, c.day, static_cast<int>(rest / 3600), static_cast<int>(rest / 60 % 60),
                static_cast<int>(rest % 60));
  return buf;
}

std::string format_date(int64_t seconds) {
  return format_timestamp(seconds).substr(0, 10);
}

std::optional<std::string> utc_timestamp(std::string_view text) {
  auto seconds = parse_timestamp(text);
  if (!seconds) return std::nullopt;
  return format_timestamp(*seconds);
}

}  // namespace weft
