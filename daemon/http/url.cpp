#include "daemon/http/url.h"

#include <boost/asio/ip/address_v6.hpp>

#include <cctype>
#include <charconv>

#include "providers/core/headers.h"

namespace weft::http {

namespace {

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_';
}

// Printable ASCII without space: anything else would corrupt or split the request line.
bool is_target_char(char c) {
  return c > 0x20 && c < 0x7f;
}

// The port in its plain decimal spelling ("0080" -> "80"), or nullopt.
std::optional<std::string> parse_port(std::string_view port) {
  if (port.empty() || port.size() > 5) return std::nullopt;
  unsigned value = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc() || end != port.data() + port.size() || value < 1 || value > 65535) {
    return std::nullopt;
  }
  return std::to_string(value);
}

}  // namespace

std::optional<Url> Url::parse(std::string_view text) {
  Url url;
  size_t scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos) return std::nullopt;
  std::string_view scheme = text.substr(0, scheme_end);
  if (iequals(scheme, "https")) {
    url.tls = true;
  } else if (!iequals(scheme, "http")) {
    return std::nullopt;
  }
  std::string_view rest = text.substr(scheme_end + 3);

  size_t authority_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, authority_end);
  std::string_view tail =
      authority_end == std::string_view::npos ? std::string_view{} : rest.substr(authority_end);
  // User info would put credentials where logs and configs show them.
  if (authority.find('@') != std::string_view::npos) return std::nullopt;

  std::string_view host;
  std::optional<std::string> port;
  bool ipv6 = false;
  if (authority.starts_with('[')) {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = authority.substr(1, close - 1);
    boost::system::error_code ec;
    boost::asio::ip::make_address_v6(std::string(host), ec);
    // Zone ids ("%eth0") name a local interface, meaningless in a Host header.
    if (ec || host.find('%') != std::string_view::npos) return std::nullopt;
    ipv6 = true;
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return std::nullopt;
      port = parse_port(after.substr(1));
      if (!port) return std::nullopt;
    }
  } else {
    size_t colon = authority.find(':');
    host = authority.substr(0, colon);
    if (colon != std::string_view::npos) {
      port = parse_port(authority.substr(colon + 1));
      if (!port) return std::nullopt;
    }
    if (host.empty()) return std::nullopt;
    for (char c : host) {
      if (!is_name_char(c)) return std::nullopt;
    }
  }

  for (char c : host)
    url.host.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  std::string_view default_port = url.tls ? "443" : "80";
  url.port = port ? *port : std::string(default_port);

  url.host_header = ipv6 ? "[" + url.host + "]" : url.host;
  if (url.port != default_port) url.host_header += ":" + url.port;

  // The fragment is never sent.
  std::string_view target = tail.substr(0, tail.find('#'));
  for (char c : tail) {
    if (!is_target_char(c)) return std::nullopt;
  }
  url.target.reserve(target.size() + 1);
  if (!target.starts_with('/')) url.target.push_back('/');
  url.target.append(target);
  return url;
}

}  // namespace weft::http
