#include "providers/ashby/actions.h"

namespace weft::ashby {

EventDraft draft(std::string type, SubjectRef subject, std::string occurred_at, DataMode mode) {
  EventDraft d;
  d.type = std::move(type);
  d.subject = std::move(subject);
  d.occurred_at = std::move(occurred_at);
  d.mode = mode;
  return d;
}

EventDraft same_record(const EventDraft& base, std::string type) {
  EventDraft d = draft(std::move(type), base.subject, base.occurred_at, base.mode);
  d.data.CopyFrom(base.data, d.data.GetAllocator());
  if (!base.previous.IsNull()) d.previous.CopyFrom(base.previous, d.previous.GetAllocator());
  d.changed_fields = base.changed_fields;
  return d;
}

const json::Value* object_with_id(const json::Value& data, std::string_view key, std::string& id,
                                  std::string& error) {
  const json::Value* object = json::find(data, key);
  if (!object || !object->IsObject()) {
    error = "missing data." + std::string(key);
    return nullptr;
  }
  auto text = json::text(*object, "id");
  if (!text || text->empty()) {
    error = "missing data." + std::string(key) + ".id";
    return nullptr;
  }
  id = *text;
  return object;
}

EventDraft tombstone(std::string type, SubjectRef subject, std::string_view reason) {
  EventDraft d = draft(std::move(type), std::move(subject), {}, DataMode::tombstone);
  auto& a = d.data.GetAllocator();
  json::set(d.data, "id", json::string("", a), a);
  json::set(d.data, "remote_id", json::string(d.subject.remote_id, a), a);
  json::set(d.data, "deletion_reason", json::string(reason, a), a);
  return d;
}

}  // namespace weft::ashby
