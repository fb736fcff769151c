#include "daemon/config/checks.h"

#include <arpa/inet.h>

#include <cctype>

#include "daemon/config/units.h"

namespace weft::config {

namespace {

bool id_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

bool ipv4_literal(const std::string& host) {
  in_addr address{};
  return inet_pton(AF_INET, host.c_str(), &address) == 1;
}

bool ipv6_literal(const std::string& host) {
  in6_addr address{};
  return inet_pton(AF_INET6, host.c_str(), &address) == 1;
}

std::optional<uint16_t> parse_port(std::string_view text) {
  if (text.size() > 5) return std::nullopt;
  auto port = parse_uint(text);
  if (!port || *port > 65535) return std::nullopt;
  return static_cast<uint16_t>(*port);
}

// A DNS name: dot-separated labels of letters, digits and inner hyphens.
bool host_name(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  std::size_t label = 0;
  for (std::size_t i = 0; i <= host.size(); ++i) {
    if (i == host.size() || host[i] == '.') {
      if (label == 0 || label > 63 || host[i - 1] == '-' || host[i - label] == '-') return false;
      label = 0;
    } else if (std::isalnum(static_cast<unsigned char>(host[i])) || host[i] == '-') {
      ++label;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

bool valid_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  if (id.front() == '_' || id.front() == '-') return false;
  for (char c : id) {
    if (!id_char(c)) return false;
  }
  return true;
}

std::optional<ListenAddress> parse_listen(std::string_view text) {
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  auto port = parse_port(text.substr(colon + 1));
  if (!port) return std::nullopt;
  std::string_view host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    std::string inner(host.substr(1, host.size() - 2));
    if (!ipv6_literal(inner)) return std::nullopt;
    return ListenAddress{inner, *port};
  }
  std::string plain(host);
  if (plain != "localhost" && !ipv4_literal(plain)) return std::nullopt;
  return ListenAddress{plain, *port};
}

std::string url_problem(std::string_view url) {
  if (url.size() > 2048) return "must be at most 2048 characters";
  for (char c : url) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f) return "must not contain spaces, control or non-ASCII characters";
  }
  std::string_view rest;
  if (url.starts_with("https://")) {
    rest = url.substr(8);
  } else if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else {
    return "must start with http:// or https://";
  }
  if (rest.find('#') != std::string_view::npos) return "must not have a #fragment";
  std::string_view authority = rest.substr(0, rest.find_first_of("/?"));
  if (authority.find('@') != std::string_view::npos) {
    return "must not contain user:password@ (put credentials in a secret, not the URL)";
  }
  std::string_view host = authority;
  if (authority.starts_with('[')) {
    auto close = authority.find(']');
    if (close == std::string_view::npos) return "has an unclosed [ in the host";
    host = authority.substr(0, close + 1);
    if (!ipv6_literal(std::string(host.substr(1, host.size() - 2)))) {
      return "has an invalid IPv6 address";
    }
  } else {
    host = authority.substr(0, authority.find(':'));
    if (!host_name(host)) return "must have a valid host";
  }
  std::string_view after_host = authority.substr(host.size());
  if (!after_host.empty()) {
    if (after_host.front() != ':') return "must have a valid host";
    auto port = parse_port(after_host.substr(1));
    if (!port || *port == 0) return "must have a port 1..65535";
  }
  return {};
}

}  // namespace weft::config
