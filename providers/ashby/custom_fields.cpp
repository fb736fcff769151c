#include "providers/ashby/custom_fields.h"

namespace weft::ashby {

json::Value custom_fields(const json::Value* fields, json::Allocator& a) {
  json::Value out(rapidjson::kObjectType);
  if (!fields || !fields->IsArray()) return out;
  for (const auto& f : fields->GetArray()) {
    auto key = json::text(f, "title");
    if (!key || key->empty()) key = json::text(f, "id");
    if (!key || key->empty()) continue;
    json::set(out, *key, json::copy(json::find(f, "value"), a), a);
  }
  return out;
}

}  // namespace weft::ashby
