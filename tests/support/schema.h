// Validates emitted events against the JSON Schema documents in schema/.
#pragma once

#include <string>
#include <string_view>

namespace weft::test {

// Empty when the event envelope (and its entity) is valid; otherwise a readable reason
// naming the failing keyword and the JSON pointer in the event.
std::string schema_errors(std::string_view event_json);

}  // namespace weft::test
