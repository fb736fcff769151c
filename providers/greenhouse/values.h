// Greenhouse value conversions and the record writer shared by the Greenhouse mappers.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "providers/core/enums.h"
#include "providers/core/event.h"
#include "providers/core/json.h"
#include "providers/core/provider.h"

namespace weft::greenhouse {

// An RFC 3339 date-time (see parse_timestamp) or a bare date (its midnight), as
// "YYYY-MM-DDTHH:MM:SSZ" in UTC; nullopt when the text is not a time.
std::optional<std::string> utc_time(std::string_view text);
// utc_time of object[key] when it is a string.
std::optional<std::string> time_member(const json::Value& object, std::string_view key);
// "2013-04-15" from "2013-04-15" or Greenhouse's "04/15/2013"; nullopt otherwise.
std::optional<std::string> calendar_date(std::string_view text);
// "Full-time " -> "full_time".
std::string snake_case(std::string_view text);
// The value when it is one of allowed, else "unknown".
std::string_view one_of(std::string_view value, std::initializer_list<std::string_view> allowed);
// The unified stage category a stage name plainly says; "other" when it says none.
std::string_view stage_category(std::string_view stage_name);

// A vendor id (number or non-empty string) as text; nullopt for anything else.
std::optional<std::string> id_of(const json::Value& object, std::string_view key);
std::optional<std::string> id_of(const json::Value* value);
// Vendor ids (numbers or strings) of a JSON array, skipping anything else.
std::vector<std::string> id_list(const json::Value* array);
// A member as text when it is a string (numbers excluded: for names and labels).
std::optional<std::string> string_member(const json::Value& object, std::string_view key);
// A string member when it is an http(s) URL.
std::optional<std::string> web_url(const json::Value& object, std::string_view key);

// Builds one unified record in a draft's document, members in the order written. Starts with
// `id` and `remote_id` placeholders that seal() fills, so every record reads id-first.
class Record {
 public:
  Record(json::Document& doc, const NormalizeContext& ctx);

  json::Allocator& alloc() { return alloc_; }
  std::string unified(std::string_view entity, std::string_view remote_id) const {
    return ctx_.unified_id(entity, remote_id);
  }

  void put(std::string_view key, json::Value value);
  void text(std::string_view key, const std::optional<std::string>& value);
  void flag(std::string_view key, std::optional<bool> value);
  // A vendor time normalized to RFC 3339 UTC, or null.
  void time(std::string_view key, const json::Value& object, std::string_view vendor_key);
  // The unified id of another record, or null when the vendor gave none.
  void ref(std::string_view key, std::string_view entity, const std::optional<std::string>& id);
  void refs(std::string_view key, std::string_view entity, const std::vector<std::string>& ids);
  // key = unified enum value, key_raw = the vendor's original text (or null).
  void enumerated(std::string_view key, std::string_view value,
                  const std::optional<std::string>& raw);
  // remote_url, remote_created_at, remote_updated_at, remote_deleted_at from the vendor object.
  void remote_fields(const json::Value& vendor);
  // The vendor's custom fields as they are ({key: {name, type, value}}), or {}.
  void custom_fields(const json::Value& vendor);

 private:
  json::Value& object_;
  json::Allocator& alloc_;
  const NormalizeContext& ctx_;
};

// Appends a draft and returns it; the caller fills data through a Record.
EventDraft& add_event(std::vector<EventDraft>& events, std::string type, SubjectRef subject,
                      DataMode mode, std::string occurred_at = {});
// Appends a domain event beside events[index]: same subject, record and changed fields.
void add_domain_event(std::vector<EventDraft>& events, size_t index, std::string type);
// Appends an `ats.<entity>.deleted` tombstone and returns it: data holds id, remote_id and
// deletion_reason, then whatever ids the caller adds through a Record.
EventDraft& add_tombstone(std::vector<EventDraft>& events, SubjectRef subject,
                          std::string_view reason);

}  // namespace weft::greenhouse
