// The raw bytes of one top-level member of a JSON object, found without re-serializing:
// Teamtailor's examples sign the `payload` member as sent, beside a `signature` member.
#pragma once

#include <optional>
#include <string_view>

namespace weft::teamtailor {

// The exact text of object[key] in body (a JSON object), or nullopt when the body is not an
// object, the key is absent, or the key occurs more than once at the top level (which copy a
// parser would read is then ambiguous). Keys are compared as written (no escape decoding).
// Nesting is counted, not recursed, so any depth is safe.
std::optional<std::string_view> raw_member(std::string_view body, std::string_view key);

}  // namespace weft::teamtailor
