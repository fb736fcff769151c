// Ashby's customFields arrays -> the unified custom_fields object.
#pragma once

#include "providers/core/json.h"

namespace weft::ashby {

// [{"id","title","value",...}] -> {"<title>": value}; the id stands in for a missing title.
// Anything that is not such an array gives {}.
json::Value custom_fields(const json::Value* fields, json::Allocator& a);

}  // namespace weft::ashby
