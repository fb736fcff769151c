// RapidJSON helpers for reading vendor payloads and building unified records.
#pragma once

#include <rapidjson/document.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace weft::json {

using Value = rapidjson::Value;
using Document = rapidjson::Document;
using Allocator = rapidjson::Document::AllocatorType;

// What one document may cost: nesting depth, and the number of values in it (every object
// member and array element counts, so a 1 MiB body of "[0,0,0,…]" cannot become half a
// million nodes). A bare number converts to a depth limit with the default value count.
struct Limits {
  static constexpr std::size_t kDefaultMaxValues = 20'000;
  constexpr Limits(unsigned depth = 64, std::size_t values = kDefaultMaxValues)  // NOLINT
      : max_depth(depth), max_values(values) {}
  unsigned max_depth;
  std::size_t max_values;
};

// Parses within the limits; returns an error text (one line) or empty on success.
std::string parse(std::string_view text, Document& out, const Limits& limits = {});
// parse, then "<what> is not a JSON object" for any other document: a webhook body.
std::string parse_object(std::string_view text, Document& out, const Limits& limits,
                         std::string_view what);

// Member lookup that tolerates a missing object or member.
const Value* find(const Value& object, std::string_view key);
// A nested lookup: find_path(v, {"payload", "application", "id"}).
const Value* find_path(const Value& object, std::initializer_list<std::string_view> keys);

// A member as text: strings as they are, numbers in decimal; nullopt for anything else.
std::optional<std::string> text(const Value& object, std::string_view key);
std::optional<std::string> text(const Value* value);
std::optional<bool> boolean(const Value& object, std::string_view key);

Value string(std::string_view s, Allocator& a);
// A string, or null when absent.
Value string_or_null(const std::optional<std::string>& s, Allocator& a);
// Deep copy of a vendor value into a document's allocator (null when absent).
Value copy(const Value* v, Allocator& a);

// Sets object[key] = value, replacing any existing member.
void set(Value& object, std::string_view key, Value value, Allocator& a);

std::string serialize(const Value& v);

}  // namespace weft::json
