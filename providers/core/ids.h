// Stable, deterministic identifiers for unified records and events.
#pragma once

#include <string>
#include <string_view>

namespace weft {

// RFC 4122 version-5 UUID (SHA-1 based) of name within Weft's own namespace, lowercase.
std::string uuid_v5(std::string_view name);

// Unified record id: the same (connection, entity, remote id) always gives the same id.
std::string unified_record_id(std::string_view connection_id, std::string_view entity,
                              std::string_view remote_id);

}  // namespace weft
