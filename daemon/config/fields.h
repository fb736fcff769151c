// Typed reading of one value, each with the one error message its key gets whatever is
// wrong (type or range), so the reader learns the expected form at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "daemon/config/config.h"
#include "daemon/config/yaml_value.h"

namespace weft::config {

// A non-empty scalar. Fails "must be <expected>".
std::string read_text(const Value& value, std::string_view expected = "a non-empty string");
// Fails "must be an integer lo..hi".
uint64_t read_integer(const Value& value, uint64_t lo, uint64_t hi);
// Fails "must be a duration like 250ms, 3s, 10m or 2h" or "must be lo..hi".
Duration read_duration(const Value& value, Duration lo, Duration hi);
// Fails "must be a size like 512, 64KiB, 1MiB or 1GiB" or "must be lo..hi".
std::size_t read_size(const Value& value, std::size_t lo, std::size_t hi);
// "10/s", "600/m", "3600/h" (N 1..100000) as a rate per second. Fails "must be a rate like
// 10/s, 600/m or 3600/h" or "must allow 1..100000 requests per unit".
double read_rate_limit(const Value& value);
// A decimal number like 0, 0.25 or 1 (no sign, no exponent). Fails "must be a number lo..hi".
double read_number(const Value& value, double lo, double hi);
// A sequence of min..max elements. Fails "must be a list of <min..max> <what>".
std::vector<Value> read_list(const Value& value, std::size_t min, std::size_t max,
                             std::string_view what);
// An id (see valid_id). Fails "must be an id: [a-z0-9][a-z0-9_-]{0,63}".
std::string read_id(const Value& value);

// The ids of one list, to report the second of two equal ones.
class SeenIds {
 public:
  // Fails "duplicate id '<id>' (first at line N)" at `where` when id was added before.
  void add(const std::string& id, const Value& where);

 private:
  std::vector<std::pair<std::string, int>> seen_;
};

// A list of 1..16 secrets, each a literal or a reference, resolved. `problem` (nullptr: none)
// says what is wrong with a resolved value (empty: nothing) and the item fails with it. No
// message ever contains a secret's value.
std::vector<std::string> read_secrets(const Value& value,
                                      std::string (*problem)(std::string_view) = nullptr);

// A secret that may only be a reference (${env:…}, ${file:…}, ${cred:…}): one written into
// the file would travel with it, into backups and version control. Resolved.
std::string read_secret_reference(const Value& value);

}  // namespace weft::config
