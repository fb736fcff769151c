// SmartRecruiters value helpers and the record writer (values.h).
#include "providers/smartrecruiters/values.h"

#include "providers/core/timestamps.h"

namespace weft::smartrecruiters {

std::optional<std::string> str(const json::Value* object, std::string_view key) {
  if (!object) return std::nullopt;
  const json::Value* v = json::find(*object, key);
  if (!v || !v->IsString()) return std::nullopt;
  return std::string(v->GetString(), v->GetStringLength());
}

const json::Value* object_at(const json::Value* object, std::string_view key) {
  if (!object) return nullptr;
  const json::Value* v = json::find(*object, key);
  return v && v->IsObject() ? v : nullptr;
}

std::optional<std::string> time_at(const json::Value* object, std::string_view key) {
  auto raw = str(object, key);
  return raw ? utc_timestamp(*raw) : std::nullopt;
}

bool valid_id(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::string application_key(std::string_view candidate_id, std::string_view job_id) {
  return std::string(candidate_id) + ":" + std::string(job_id);
}

void Record::remote_fields(const json::Value* vendor) {
  null("remote_url");
  text("remote_created_at", time_at(vendor, "createdOn"));
  text("remote_updated_at", time_at(vendor, "updatedOn"));
  null("remote_deleted_at");
}

EventDraft& add_event(std::vector<EventDraft>& events, std::string type, SubjectRef subject,
                      DataMode mode, std::string occurred_at) {
  return events.emplace_back(
      make_draft(std::move(type), std::move(subject), std::move(occurred_at), mode));
}

}  // namespace weft::smartrecruiters
