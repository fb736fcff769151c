#include "providers/core/enums.h"

namespace weft {

std::string_view map_enum(EnumTable table, std::string_view vendor) {
  for (const auto& pair : table) {
    if (pair.vendor == vendor) return pair.unified;
  }
  return "unknown";
}

void set_enum(json::Value& object, std::string_view field, std::optional<std::string_view> unified,
              const std::optional<std::string>& raw, json::Allocator& a) {
  json::set(object, field, unified ? json::string(*unified, a) : json::Value(), a);
  json::set(object, std::string(field) + "_raw", json::string_or_null(raw, a), a);
}

void set_enum(json::Value& object, std::string_view field, EnumTable table,
              const std::optional<std::string>& raw, json::Allocator& a) {
  set_enum(object, field, raw ? std::optional(map_enum(table, *raw)) : std::nullopt, raw, a);
}

}  // namespace weft
