// Pure checks of single values: ids, listen addresses, subscriber URLs, webhook secrets.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace weft::config {

// [a-z0-9][a-z0-9_-]{0,63}: safe in URLs (/v1/webhooks/{id}), logs and file names.
bool valid_id(std::string_view id);

struct ListenAddress {
  std::string host;  // without brackets
  uint16_t port = 0;
};
// "127.0.0.1:8080", "[::1]:8080", "localhost:0". The host must be an IP literal or localhost:
// a listener resolving names at start-up would bind to whatever DNS said that day.
std::optional<ListenAddress> parse_listen(std::string_view text);

// Empty when url is an acceptable subscriber endpoint, else why not (never echoing it).
std::string url_problem(std::string_view url);

}  // namespace weft::config
