#include "providers/greenhouse/values.h"

#include "providers/core/stages.h"
#include "providers/core/timestamps.h"

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

}  // namespace

std::optional<std::string> utc_time(std::string_view text) {
  if (auto utc = utc_timestamp(text)) return utc;
  auto day = parse_date(text);
  return day ? std::optional(format_timestamp(*day)) : std::nullopt;
}

std::optional<std::string> time_member(const json::Value& object, std::string_view key) {
  auto raw = string_member(object, key);
  return raw ? utc_time(*raw) : std::nullopt;
}

std::optional<std::string> calendar_date(std::string_view t) {
  std::string iso(t);
  if (t.size() == 10 && t[2] == '/' && t[5] == '/') {  // Greenhouse's MM/DD/YYYY
    iso = std::string(t.substr(6, 4)) + "-" + std::string(t.substr(0, 2)) + "-" +
          std::string(t.substr(3, 2));
  }
  auto day = parse_date(iso);
  return day ? std::optional(format_date(*day)) : std::nullopt;
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
  return stage_category_of_name(stage_name);
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

void Record::time(std::string_view key, const json::Value& object, std::string_view vendor_key) {
  text(key, time_member(object, vendor_key));
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
  return events.emplace_back(
      make_draft(std::move(type), std::move(subject), std::move(occurred_at), mode));
}

void add_domain_event(std::vector<EventDraft>& events, size_t index, std::string type) {
  events.push_back(same_record(events[index], std::move(type)));
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
