// SmartRecruiters value helpers and the record writer shared by the SmartRecruiters mappers.
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

namespace weft::smartrecruiters {

// A string member, or nullopt.
std::optional<std::string> str(const json::Value* object, std::string_view key);
// A member that is an object, or nullptr.
const json::Value* object_at(const json::Value* object, std::string_view key);
// A vendor time ("2013-03-13T12:05:46.398+0000" and other RFC 3339 forms) in UTC, or nullopt.
std::optional<std::string> time_at(const json::Value* object, std::string_view key);
// A SmartRecruiters id usable as a path segment: 1..128 of [A-Za-z0-9_-].
bool valid_id(std::string_view id);
// SmartRecruiters addresses an application by candidate and job: the unified application's
// remote id is "<candidate id>:<job id>".
std::string application_key(std::string_view candidate_id, std::string_view job_id);

// The record writer with SmartRecruiters' own remote fields.
class Record : public RecordWriter {
 public:
  using RecordWriter::RecordWriter;

  // remote_url (null: SmartRecruiters' API records carry no web link), remote_created_at,
  // remote_updated_at (createdOn / updatedOn) and remote_deleted_at (null).
  void remote_fields(const json::Value* vendor);
};

// Appends a draft and returns it.
EventDraft& add_event(std::vector<EventDraft>& events, std::string type, SubjectRef subject,
                      DataMode mode, std::string occurred_at = {});

}  // namespace weft::smartrecruiters
