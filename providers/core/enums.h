// Vendor enums in the unified model: a table maps the vendor's text to a unified value, and
// the record keeps the vendor's original text beside it as `<field>_raw` (EVENTS.md).
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "providers/core/json.h"

namespace weft {

// One vendor enum value and its unified counterpart.
struct EnumPair {
  std::string_view vendor;
  std::string_view unified;
};
using EnumTable = std::initializer_list<EnumPair>;

// The unified value of a vendor enum value; "unknown" when it is not in the table.
std::string_view map_enum(EnumTable table, std::string_view vendor);

// Sets object[field] to the unified value (or null) and object[field + "_raw"] to the
// vendor's text (or null).
void set_enum(json::Value& object, std::string_view field, std::optional<std::string_view> unified,
              const std::optional<std::string>& raw, json::Allocator& a);
// The same with the table's value of raw; both null when the vendor did not say.
void set_enum(json::Value& object, std::string_view field, EnumTable table,
              const std::optional<std::string>& raw, json::Allocator& a);

}  // namespace weft
