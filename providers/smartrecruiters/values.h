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

// Builds one unified record in a draft's document, members in the order written; starts with
// `id` and `remote_id` placeholders that seal() fills.
class Record {
 public:
  Record(json::Document& doc, const NormalizeContext& ctx);

  json::Allocator& alloc() { return alloc_; }
  std::string unified(std::string_view entity, std::string_view remote_id) const {
    return ctx_.unified_id(entity, remote_id);
  }
  void put(std::string_view key, json::Value value);
  void null(std::string_view key) { put(key, json::Value()); }
  void text(std::string_view key, const std::optional<std::string>& value);
  void flag(std::string_view key, std::optional<bool> value);
  void ref(std::string_view key, std::string_view entity, const std::optional<std::string>& id);
  void refs(std::string_view key, std::string_view entity, const std::vector<std::string>& ids);
  void enumerated(std::string_view key, EnumTable table, const std::optional<std::string>& raw);
  // remote_url (null: SmartRecruiters' API records carry no web link), remote_created_at,
  // remote_updated_at (createdOn / updatedOn) and remote_deleted_at (null).
  void remote_fields(const json::Value* vendor);

 private:
  json::Value& object_;
  json::Allocator& alloc_;
  const NormalizeContext& ctx_;
};

// Appends a draft and returns it.
EventDraft& add_event(std::vector<EventDraft>& events, std::string type, SubjectRef subject,
                      DataMode mode, std::string occurred_at = {});

}  // namespace weft::smartrecruiters
