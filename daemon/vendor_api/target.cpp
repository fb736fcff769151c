// Fetch targets, vendor references and query parameters; see target.h for the rules.
#include "daemon/vendor_api/target.h"

#include <algorithm>
#include <cctype>

#include "providers/core/headers.h"

namespace weft::vendor_api {

namespace {

bool is_absolute_url(std::string_view text) {
  auto scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos) return false;
  auto scheme = text.substr(0, scheme_end);
  return iequals(scheme, "http") || iequals(scheme, "https");
}

bool same_origin(const http::Url& a, const http::Url& b) {
  return a.tls == b.tls && a.host == b.host && a.port == b.port;
}

// base's path without its query and without trailing slashes: "/v1", or "" for "/".
std::string base_prefix(const http::Url& base) {
  std::string_view path = path_of(base.target);
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  return std::string(path);
}

bool valid_target_chars(std::string_view target) {
  return std::all_of(target.begin(), target.end(),
                     [](char c) { return c > 0x20 && c < 0x7f && c != '#'; });
}

std::string without_fragment(std::string_view text) {
  return std::string(text.substr(0, text.find('#')));
}

std::optional<std::string> same_origin_target(const http::Url& base, std::string_view url) {
  auto parsed = http::Url::parse(url);
  if (!parsed || !same_origin(*parsed, base)) return std::nullopt;
  return parsed->target;
}

}  // namespace

std::string_view path_of(std::string_view target) {
  return target.substr(0, target.find('?'));
}

std::optional<std::string> resolve_fetch_target(const http::Url& base, std::string_view target) {
  if (is_absolute_url(target)) return same_origin_target(base, target);
  if (target.find("://") != std::string_view::npos) return std::nullopt;  // another scheme
  if (target.starts_with("//")) return std::nullopt;  // reads as a URL of another host
  std::string relative = without_fragment(target);
  if (!valid_target_chars(relative)) return std::nullopt;
  std::string out = base_prefix(base);
  if (!relative.starts_with('/')) out.push_back('/');
  out += relative;
  return out;
}

std::optional<std::string> resolve_reference(const http::Url& base, std::string_view current,
                                             std::string_view reference) {
  if (reference.empty()) return std::nullopt;
  if (is_absolute_url(reference)) return same_origin_target(base, reference);
  if (reference.starts_with("//")) return std::nullopt;  // network-path: another host
  if (reference.find("://") != std::string_view::npos) return std::nullopt;
  std::string relative = without_fragment(reference);
  if (relative.empty() || !valid_target_chars(relative)) return std::nullopt;
  if (relative.starts_with('/')) return relative;
  std::string_view current_path = path_of(current);
  if (relative.starts_with('?')) return std::string(current_path) + relative;
  // Merge (RFC 3986 5.2.3): the current path up to its last '/', then the reference.
  auto slash = current_path.rfind('/');
  std::string_view directory =
      slash == std::string_view::npos ? std::string_view("/") : current_path.substr(0, slash + 1);
  return std::string(directory) + relative;
}

std::string url_encode(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 15]);
    }
  }
  return out;
}

std::string form_encode(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == ' ') {
      out.push_back('+');
    } else {
      out += url_encode(std::string_view(&c, 1));
    }
  }
  return out;
}

std::string set_query_params(std::string_view target,
                             const std::vector<std::pair<std::string, std::string>>& params) {
  auto question = target.find('?');
  std::string out(target.substr(0, question));
  std::vector<std::string_view> kept;
  if (question != std::string_view::npos) {
    std::string_view query = target.substr(question + 1);
    while (!query.empty()) {
      auto amp = query.find('&');
      std::string_view pair = query.substr(0, amp);
      query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
      if (pair.empty()) continue;
      std::string_view name = pair.substr(0, pair.find('='));
      bool replaced = std::any_of(params.begin(), params.end(),
                                  [&](const auto& param) { return name == param.first; });
      if (!replaced) kept.push_back(pair);
    }
  }
  char separator = '?';
  for (auto pair : kept) {
    out.push_back(separator);
    out += pair;
    separator = '&';
  }
  for (const auto& [name, value] : params) {
    out.push_back(separator);
    out += name;  // the provider's own constant ("limit", "page[size]"), sent as written
    out.push_back('=');
    out += url_encode(value);
    separator = '&';
  }
  return out;
}

}  // namespace weft::vendor_api
