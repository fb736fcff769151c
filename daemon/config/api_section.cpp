// The `api:` block of a connection: the vendor API that thin webhooks are enriched from.
#include <cctype>
#include <string>

#include "daemon/config/checks.h"
#include "daemon/config/fields.h"
#include "daemon/config/secrets.h"
#include "daemon/config/sections.h"
#include "daemon/config/units.h"

namespace weft::config {

namespace {

bool valid_header_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

// A secret-bearing header value must not end the header line.
bool valid_header_value(std::string_view value) {
  return value.find_first_of("\r\n", 0) == std::string_view::npos &&
         value.find('\0') == std::string_view::npos;
}

std::string read_secret(const Value& value) {
  auto secret =
      resolve_secret(read_text(value, "a secret: a literal, ${env:NAME} or ${file:PATH}"));
  if (!secret.error.empty()) value.fail(secret.error);
  if (secret.value.empty()) value.fail("resolves to an empty secret");
  if (!valid_header_value(secret.value)) value.fail("must not contain line breaks");
  return secret.value;
}

ApiAuth read_auth(const Value& value) {
  Mapping map(value, {"basic", "bearer", "header", "oauth2"});
  ApiAuth auth;
  int kinds = 0;
  if (auto v = map.find("basic")) {
    ++kinds;
    Mapping basic(*v, {"username", "password"});
    auth.kind = ApiAuth::Kind::basic;
    auth.username = read_secret(basic.require("username"));
    if (auto p = basic.find("password")) auth.password = read_secret(*p);
  }
  if (auto v = map.find("bearer")) {
    ++kinds;
    auth.kind = ApiAuth::Kind::bearer;
    auth.token = read_secret(*v);
  }
  if (auto v = map.find("header")) {
    ++kinds;
    Mapping header(*v, {"name", "value"});
    auth.kind = ApiAuth::Kind::header;
    Value name = header.require("name");
    auth.header_name = read_text(name, "a header name");
    if (!valid_header_name(auth.header_name)) name.fail("must be a header name like X-API-KEY");
    auth.token = read_secret(header.require("value"));
  }
  if (auto v = map.find("oauth2")) {
    ++kinds;
    Mapping oauth(*v, {"token_url", "client_id", "client_secret", "scope"});
    auth.kind = ApiAuth::Kind::oauth2;
    Value url = oauth.require("token_url");
    auth.token_url = read_text(url, "an http:// or https:// URL");
    if (auto problem = url_problem(auth.token_url); !problem.empty()) url.fail(problem);
    auth.client_id = read_secret(oauth.require("client_id"));
    auth.client_secret = read_secret(oauth.require("client_secret"));
    if (auto s = oauth.find("scope")) auth.scope = read_text(*s, "a scope string");
  }
  if (kinds != 1) value.fail("must hold exactly one of basic, bearer, header, oauth2");
  return auth;
}

std::vector<Header> read_headers(const Value& value) {
  if (!value.is_map()) value.fail("must be a mapping of header names to values");
  std::vector<Header> headers;
  for (const auto& item : value.node()) {
    std::string name = item.first.as<std::string>();
    Value v(value.file(), item.second, join_path(value.path(), name), value.line());
    if (!valid_header_name(name)) v.fail_at_key("must be a header name like X-Api-Version");
    std::string text = read_text(v, "a header value");
    if (!valid_header_value(text)) v.fail("must not contain line breaks");
    headers.push_back({std::move(name), std::move(text)});
  }
  if (headers.size() > 16) value.fail("must hold at most 16 headers");
  return headers;
}

}  // namespace

Api read_api(const Value& value) {
  Mapping map(value, {"base_url", "auth", "headers", "rate_limit", "burst", "timeout",
                      "max_attempts", "max_pages", "max_response"});
  Api api;
  Value base = map.require("base_url");
  api.base_url = read_text(base, "an http:// or https:// URL");
  if (auto problem = url_problem(api.base_url); !problem.empty()) base.fail(problem);
  if (api.base_url.find('?') != std::string::npos) base.fail("must not have a ?query");
  while (api.base_url.ends_with('/')) api.base_url.pop_back();
  api.auth = read_auth(map.require("auth"));
  if (auto v = map.find("headers")) api.headers = read_headers(*v);
  if (auto v = map.find("rate_limit")) api.rate_per_second = read_rate_limit(*v);
  if (auto v = map.find("burst")) api.burst = read_integer(*v, 1, 1000);
  if (auto v = map.find("timeout")) {
    api.timeout = read_duration(*v, std::chrono::milliseconds(100), std::chrono::minutes(5));
  }
  if (auto v = map.find("max_attempts")) api.max_attempts = read_integer(*v, 1, 10);
  if (auto v = map.find("max_pages")) api.max_pages = read_integer(*v, 1, 10'000);
  if (auto v = map.find("max_response")) {
    api.max_response = read_size(*v, 1 << 10, std::size_t{256} << 20);
  }
  return api;
}

}  // namespace weft::config
