// Bearer-token checks for the admin listener (auth.h).
#include "daemon/admin/auth.h"

#include <boost/beast/http/field.hpp>

#include "providers/core/crypto.h"

namespace weft::admin {

namespace bhttp = boost::beast::http;

namespace {

// The credentials after "Bearer " (scheme case-insensitive, RFC 7235), or "" when absent.
std::string_view bearer(const http::Request& req) {
  auto it = req.find(bhttp::field::authorization);
  if (it == req.end()) return {};
  std::string_view value(it->value().data(), it->value().size());
  constexpr std::string_view scheme = "bearer ";
  if (value.size() <= scheme.size()) return {};
  for (std::size_t i = 0; i < scheme.size(); ++i) {
    char c = value[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != scheme[i]) return {};
  }
  value.remove_prefix(scheme.size());
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  return value;
}

}  // namespace

bool authorized(const http::Request& req, std::string_view token) {
  std::string_view given = bearer(req);
  // constant_time_equal depends only on the lengths; an empty token never matches.
  return !token.empty() && !given.empty() && constant_time_equal(given, token);
}

http::Response unauthorized(unsigned version, const http::Request& req) {
  const bool had_credentials = req.find(bhttp::field::authorization) != req.end();
  http::Response res = http::error_response(
      version, 401, had_credentials ? "invalid bearer token" : "bearer token required");
  res.set(bhttp::field::www_authenticate,
          had_credentials ? "Bearer realm=\"weft-admin\", error=\"invalid_token\""
                          : "Bearer realm=\"weft-admin\"");
  return res;
}

}  // namespace weft::admin
