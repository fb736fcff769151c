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
#include "providers/core/record.h"

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

// The record writer with Greenhouse's own conversions.
class Record : public RecordWriter {
 public:
  using RecordWriter::RecordWriter;

  // A vendor time normalized to RFC 3339 UTC, or null.
  void time(std::string_view key, const json::Value& object, std::string_view vendor_key);
  // remote_url, remote_created_at, remote_updated_at, remote_deleted_at from the vendor object.
  void remote_fields(const json::Value& vendor);
  // The vendor's custom fields as they are ({key: {name, type, value}}), or {}.
  void custom_fields(const json::Value& vendor);
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
