#include "providers/ashby/values.h"

#include <chrono>
#include <cstdio>

namespace weft::ashby {

namespace {

bool read_digits(std::string_view s, size_t pos, size_t count, int& out) {
  if (pos + count > s.size()) return false;
  int value = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    value = value * 10 + (s[i] - '0');
  }
  out = value;
  return true;
}

// Reads "YYYY-MM-DD" at the start of s.
std::optional<std::chrono::year_month_day> read_date(std::string_view s) {
  int y = 0, m = 0, d = 0;
  if (!read_digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !read_digits(s, 5, 2, m) ||
      s[7] != '-' || !read_digits(s, 8, 2, d)) {
    return std::nullopt;
  }
  std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{unsigned(m)},
                                  std::chrono::day{unsigned(d)}};
  if (!ymd.ok()) return std::nullopt;
  return ymd;
}

std::string format_date(const std::chrono::year_month_day& ymd) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(ymd.year()), unsigned(ymd.month()),
                unsigned(ymd.day()));
  return buf;
}

std::optional<std::chrono::sys_seconds> parse_rfc3339(std::string_view s) {
  using namespace std::chrono;
  auto ymd = read_date(s);
  int hh = 0, mm = 0, ss = 0;
  if (!ymd || s.size() < 20 || (s[10] != 'T' && s[10] != 't') || !read_digits(s, 11, 2, hh) ||
      s[13] != ':' || !read_digits(s, 14, 2, mm) || s[16] != ':' || !read_digits(s, 17, 2, ss) ||
      hh > 23 || mm > 59 || ss > 60) {
    return std::nullopt;
  }
  size_t i = 19;
  if (i < s.size() && s[i] == '.') {
    size_t first = ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == first) return std::nullopt;
  }
  minutes offset{0};
  if (i + 1 == s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    // UTC already.
  } else if (i + 6 == s.size() && (s[i] == '+' || s[i] == '-') && s[i + 3] == ':') {
    int oh = 0, om = 0;
    if (!read_digits(s, i + 1, 2, oh) || !read_digits(s, i + 4, 2, om) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset = minutes(oh * 60 + om) * (s[i] == '-' ? -1 : 1);
  } else {
    return std::nullopt;
  }
  // A leap second is folded into the minute's last second: RFC 3339 UTC text has no 60.
  auto local = sys_days(*ymd) + hours(hh) + minutes(mm) + seconds(ss > 59 ? 59 : ss);
  return local - offset;
}

}  // namespace

std::optional<long long> unix_seconds(std::string_view text) {
  auto t = parse_rfc3339(text);
  if (!t) return std::nullopt;
  return t->time_since_epoch().count();
}

std::optional<std::string> rfc3339_utc(std::string_view text) {
  using namespace std::chrono;
  auto utc = parse_rfc3339(text);
  if (!utc) return std::nullopt;
  auto day = floor<days>(*utc);
  hh_mm_ss<seconds> tod{*utc - day};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02dZ", format_date(year_month_day{day}).c_str(),
                int(tod.hours().count()), int(tod.minutes().count()), int(tod.seconds().count()));
  return std::string(buf);
}

json::Value time_or_null(const json::Value& object, std::string_view key, json::Allocator& a) {
  auto raw = json::text(object, key);
  return json::string_or_null(raw ? rfc3339_utc(*raw) : std::nullopt, a);
}

std::string time_text(const json::Value& object, std::string_view key) {
  auto raw = json::text(object, key);
  if (!raw) return {};
  return rfc3339_utc(*raw).value_or(std::string());
}

json::Value date_or_null(const json::Value& object, std::string_view key, json::Allocator& a) {
  auto raw = json::text(object, key);
  if (!raw) return json::Value(rapidjson::kNullType);
  if (raw->size() == 10) {
    auto ymd = read_date(*raw);
    return ymd ? json::string(format_date(*ymd), a) : json::Value(rapidjson::kNullType);
  }
  auto utc = rfc3339_utc(*raw);
  return json::string_or_null(utc ? std::optional(utc->substr(0, 10)) : std::nullopt, a);
}

std::string_view map_enum(EnumTable table, std::string_view vendor) {
  for (const auto& pair : table) {
    if (pair.vendor == vendor) return pair.unified;
  }
  return "unknown";
}

void set_enum(json::Value& object, std::string_view field, EnumTable table,
              const std::optional<std::string>& vendor, json::Allocator& a) {
  json::set(object, field, vendor ? json::string(map_enum(table, *vendor), a) : json::Value(), a);
  json::set(object, std::string(field) + "_raw", json::string_or_null(vendor, a), a);
}

json::Value string_member(const json::Value& object, std::string_view key, json::Allocator& a) {
  const json::Value* v = json::find(object, key);
  if (!v || !v->IsString()) return json::Value(rapidjson::kNullType);
  return json::Value(*v, a);
}

json::Value bool_member(const json::Value& object, std::string_view key, json::Allocator& a) {
  auto b = json::boolean(object, key);
  return b ? json::Value(*b) : json::Value(rapidjson::kNullType);
}

std::string printable_token(std::string_view text) {
  constexpr size_t kMax = 64;
  std::string out;
  for (char c : text.substr(0, kMax)) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '_' || c == '-' || c == '.';
    out.push_back(plain ? c : '?');
  }
  if (text.size() > kMax) out += "...";
  return out;
}

}  // namespace weft::ashby
