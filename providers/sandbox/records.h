// Sandbox wire records (wire.h) to unified records (EVENTS.md). References to other
// records are unified ids minted with NormalizeContext::unified_id.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "providers/core/json.h"
#include "providers/core/provider.h"

namespace weft::sandbox {

// The unified record of one wire record of `entity` ("application", "candidate", "job",
// "interview", "offer", "eeo"); nullopt-free: absent wire fields become null or [].
json::Document unified_record(std::string_view entity, const json::Value& wire,
                              const NormalizeContext& ctx);

struct Changes {
  json::Document previous;                  // null when nothing non-personal changed
  std::vector<std::string> changed_fields;  // unified names, personal ones included
};

// What an update changed, from the wire's previous_attributes (prior values in wire terms).
// Personal fields are named in changed_fields but their old values are never kept.
Changes changes(std::string_view entity, const json::Value& wire,
                const json::Value* previous_attributes, const NormalizeContext& ctx);

}  // namespace weft::sandbox
