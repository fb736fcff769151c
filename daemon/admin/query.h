// Reading an admin request's query string: name=value pairs, percent-decoded, and the
// paging parameters every listing takes (limit, cursor, subscriber).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace weft::admin {

// The decoded value of `name` in `query` (without '?'); nullopt when absent or malformed.
std::optional<std::string> query_param(std::string_view query, std::string_view name);

struct Paging {
  std::size_t limit = 50;
  std::string cursor;      // "" : from the start
  std::string subscriber;  // "" : every subscriber
  std::string error;       // non-empty: the request is refused with 400 and this reason
};

inline constexpr std::size_t kDefaultLimit = 50, kMaxLimit = 500;

Paging read_paging(std::string_view query);

}  // namespace weft::admin
