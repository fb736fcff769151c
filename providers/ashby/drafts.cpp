#include "providers/ashby/actions.h"

namespace weft::ashby {

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
  EventDraft d = make_draft(std::move(type), std::move(subject), {}, DataMode::tombstone);
  auto& a = d.data.GetAllocator();
  json::set(d.data, "id", json::string("", a), a);
  json::set(d.data, "remote_id", json::string(d.subject.remote_id, a), a);
  json::set(d.data, "deletion_reason", json::string(reason, a), a);
  return d;
}

}  // namespace weft::ashby
