#include "providers/greenhouse/values.h"

#include <array>
#include <cstdint>
#include <cstdio>

namespace weft::greenhouse {

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alnum(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// Reads exactly n digits at text[pos]; -1 when they are not all digits.
int digits(std::string_view text, size_t pos, size_t n) {
  if (pos + n > text.size()) return -1;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!is_digit(text[i])) return -1;
    v = v * 10 + (text[i] - '0');
  }
  return v;
}

bool valid_date(int y, int m, int d) {
  static constexpr std::array<int, 12> kDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > kDays[m - 1]) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return !(m == 2 && d == 29 && !leap);
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civil_from_days(int64_t z, int& y, int& m, int& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yoe + era * 400 + (m <= 2));
}

std::string format_utc(int64_t seconds) {
  int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  int64_t rest = seconds - days * 86400;
  int y, m, d;
  civil_from_days(days, y, m, d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d,
                static_cast<int>(rest / 3600), static_cast<int>(rest / 60 % 60),
                static_cast<int>(rest % 60));
  return buf;
}

// Whether the padded, lowercased words of a stage name contain the phrase as whole words.
bool says(const std::string& words, std::string_view phrase) {
  std::string needle = " ";
  needle.append(phrase).push_back(' ');
  return words.find(needle) != std::string::npos;
}

}  // namespace

std::optional<std::string> utc_timestamp(std::string_view t) {
  int y = digits(t, 0, 4), mo = digits(t, 5, 2), d = digits(t, 8, 2);
  if (y < 0 || mo < 0 || d < 0 || t[4] != '-' || t[7] != '-' || !valid_date(y, mo, d)) {
    return std::nullopt;
  }
  int64_t seconds = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400;
  if (t.size() == 10) return format_utc(seconds);  // a bare date: midnight UTC
  if (t[10] != 'T' && t[10] != 't' && t[10] != ' ') return std::nullopt;
  int h = digits(t, 11, 2), mi = digits(t, 14, 2), s = digits(t, 17, 2);
  if (h < 0 || mi < 0 || s < 0 || t[13] != ':' || t[16] != ':' || h > 23 || mi > 59 || s > 60) {
    return std::nullopt;
  }
  seconds += h * 3600 + mi * 60 + s;
  size_t pos = 19;
  if (pos < t.size() && t[pos] == '.') {  // fractions are dropped: the unified form has none
    ++pos;
    size_t start = pos;
    while (pos < t.size() && is_digit(t[pos])) ++pos;
    if (pos == start) return std::nullopt;
  }
  std::string_view zone = t.substr(pos);
  if (zone.empty() || zone == "Z" || zone == "z") return format_utc(seconds);
  if (zone[0] != '+' && zone[0] != '-') return std::nullopt;
  int zh = digits(zone, 1, 2);
  int zm = zone.size() == 6 && zone[3] == ':' ? digits(zone, 4, 2)
           : zone.size() == 5                 ? digits(zone, 3, 2)
                                              : -1;
  if (zh < 0 || zm < 0 || zh > 23 || zm > 59) return std::nullopt;
  int64_t offset = zh * 3600 + zm * 60;
  return format_utc(zone[0] == '+' ? seconds - offset : seconds + offset);
}

std::optional<std::string> calendar_date(std::string_view t) {
  int y = -1, m = -1, d = -1;
  if (t.size() == 10 && t[4] == '-' && t[7] == '-') {
    y = digits(t, 0, 4), m = digits(t, 5, 2), d = digits(t, 8, 2);
  } else if (t.size() == 10 && t[2] == '/' && t[5] == '/') {  // Greenhouse's MM/DD/YYYY
    m = digits(t, 0, 2), d = digits(t, 3, 2), y = digits(t, 6, 4);
  }
  if (!valid_date(y, m, d)) return std::nullopt;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return std::string(buf);
}

std::string snake_case(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (is_alnum(c)) {
      out.push_back(lower(c));
    } else if (!out.empty() && out.back() != '_') {
      out.push_back('_');
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

std::string_view one_of(std::string_view value, std::initializer_list<std::string_view> allowed) {
  for (auto a : allowed) {
    if (a == value) return a;
  }
  return "unknown";
}

std::string_view stage_category(std::string_view stage_name) {
  std::string words = " ";
  for (char c : stage_name) words.push_back(is_alnum(c) ? lower(c) : ' ');
  words.push_back(' ');
  // Checked in this order because names combine words: "Offer Review" is an offer stage,
  // "Technical Phone Interview" a screen, "Application Review" a review.
  if (says(words, "reference") || says(words, "references") || says(words, "background")) {
    return "background_check";
  }
  if (says(words, "offer")) return "offer";
  if (says(words, "take home") || says(words, "assessment") || says(words, "test") ||
      says(words, "exercise") || says(words, "assignment") || says(words, "case study")) {
    return "assessment";
  }
  if (says(words, "screen") || says(words, "screening") || says(words, "phone")) return "screen";
  if (says(words, "review")) return "review";
  if (says(words, "interview") || says(words, "interviews") || says(words, "face to face") ||
      says(words, "onsite") || says(words, "on site")) {
    return "interview";
  }
  if (says(words, "hired")) return "hired";
  if (says(words, "rejected")) return "rejected";
  if (says(words, "applied") || says(words, "new applicant") || says(words, "new")) {
    return "applied";
  }
  return "other";
}

std::string printable(std::string_view text, size_t max) {
  std::string out;
  for (char c : text.substr(0, max)) out.push_back(c >= 0x20 && c < 0x7f && c != '\'' ? c : '?');
  if (text.size() > max) out.append("...");
  return out;
}

std::optional<std::string> id_of(const json::Value* value) {
  auto id = json::text(value);
  if (id && id->empty()) return std::nullopt;
  return id;
}

std::optional<std::string> id_of(const json::Value& object, std::string_view key) {
  return id_of(json::find(object, key));
}

std::vector<std::string> id_list(const json::Value* array) {
  std::vector<std::string> ids;
  if (!array || !array->IsArray()) return ids;
  for (const auto& v : array->GetArray()) {
    if (auto id = id_of(&v)) ids.push_back(*id);
  }
  return ids;
}

std::optional<std::string> string_member(const json::Value& object, std::string_view key) {
  const json::Value* v = json::find(object, key);
  if (!v || !v->IsString()) return std::nullopt;
  return std::string(v->GetString(), v->GetStringLength());
}

Record::Record(json::Document& doc, const NormalizeContext& ctx)
    : object_(doc), alloc_(doc.GetAllocator()), ctx_(ctx) {
  if (!object_.IsObject()) object_.SetObject();
  json::set(object_, "id", json::Value(), alloc_);
  json::set(object_, "remote_id", json::Value(), alloc_);
}

void Record::put(std::string_view key, json::Value value) {
  json::set(object_, key, std::move(value), alloc_);
}

void Record::text(std::string_view key, const std::optional<std::string>& value) {
  put(key, json::string_or_null(value, alloc_));
}

void Record::flag(std::string_view key, std::optional<bool> value) {
  put(key, value ? json::Value(*value) : json::Value());
}

void Record::time(std::string_view key, const json::Value& object, std::string_view vendor_key) {
  auto raw = string_member(object, vendor_key);
  text(key, raw ? utc_timestamp(*raw) : std::nullopt);
}

void Record::ref(std::string_view key, std::string_view entity,
                 const std::optional<std::string>& id) {
  text(key, id ? std::optional(unified(entity, *id)) : std::nullopt);
}

void Record::refs(std::string_view key, std::string_view entity,
                  const std::vector<std::string>& ids) {
  json::Value list(rapidjson::kArrayType);
  for (const auto& id : ids) list.PushBack(json::string(unified(entity, id), alloc_), alloc_);
  put(key, std::move(list));
}

void Record::enumerated(std::string_view key, std::string_view value,
                        const std::optional<std::string>& raw) {
  put(key, json::string(value, alloc_));
  put(std::string(key) + "_raw", json::string_or_null(raw, alloc_));
}

std::optional<std::string> web_url(const json::Value& object, std::string_view key) {
  auto url = string_member(object, key);
  if (url && (url->starts_with("https://") || url->starts_with("http://"))) return url;
  return std::nullopt;
}

void Record::remote_fields(const json::Value& vendor) {
  text("remote_url", web_url(vendor, "url"));
  time("remote_created_at", vendor, "created_at");
  time("remote_updated_at", vendor, "updated_at");
  put("remote_deleted_at", json::Value());
}

void Record::custom_fields(const json::Value& vendor) {
  const json::Value* fields = json::find(vendor, "custom_fields");
  put("custom_fields", fields && fields->IsObject() ? json::copy(fields, alloc_)
                                                    : json::Value(rapidjson::kObjectType));
}

EventDraft& add_event(std::vector<EventDraft>& events, std::string type, SubjectRef subject,
                      DataMode mode, std::string occurred_at) {
  EventDraft& draft = events.emplace_back();
  draft.type = std::move(type);
  draft.subject = std::move(subject);
  draft.mode = mode;
  draft.occurred_at = std::move(occurred_at);
  return draft;
}

void add_domain_event(std::vector<EventDraft>& events, size_t index, std::string type) {
  EventDraft copy;
  const EventDraft& base = events[index];
  copy.type = std::move(type);
  copy.subject = base.subject;
  copy.occurred_at = base.occurred_at;
  copy.mode = base.mode;
  copy.data.CopyFrom(base.data, copy.data.GetAllocator());
  if (!base.previous.IsNull()) copy.previous.CopyFrom(base.previous, copy.previous.GetAllocator());
  copy.changed_fields = base.changed_fields;
  events.push_back(std::move(copy));
}

EventDraft& add_tombstone(std::vector<EventDraft>& events, SubjectRef subject,
                          std::string_view reason) {
  std::string type = "ats." + subject.entity + ".deleted";
  EventDraft& draft = add_event(events, std::move(type), std::move(subject), DataMode::tombstone);
  auto& a = draft.data.GetAllocator();
  json::set(draft.data, "id", json::Value(), a);
  json::set(draft.data, "remote_id", json::Value(), a);
  json::set(draft.data, "deletion_reason", json::string(reason, a), a);
  return draft;
}

}  // namespace weft::greenhouse
