// Subscriber endpoint URLs: http and https only, parsed once at config load.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace weft::http {

struct Url {
  bool tls = false;
  std::string host;         // lowercase name or IP literal, IPv6 without brackets
  std::string port;         // decimal; "80"/"443" when the URL has none
  std::string target;       // path and query, never empty ("/" by default), no fragment
  std::string host_header;  // Host header value: brackets for IPv6, port only when not default

  // nullopt for other schemes, user info, bad hosts or ports, and control characters or
  // spaces anywhere (they would end up in the request line).
  static std::optional<Url> parse(std::string_view text);
};

}  // namespace weft::http
