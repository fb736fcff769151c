// Credential headers and the OAuth2 client-credentials exchange format; see auth.h.
#include "daemon/vendor_api/auth.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "daemon/vendor_api/target.h"
#include "providers/core/crypto.h"
#include "providers/core/json.h"

namespace weft::vendor_api {

using Kind = config::ApiAuth::Kind;

std::optional<Header> static_auth_header(const config::ApiAuth& auth) {
  switch (auth.kind) {
    case Kind::basic:
      return Header{"Authorization", "Basic " + base64_encode(auth.username + ":" + auth.password)};
    case Kind::bearer:
      return Header{"Authorization", "Bearer " + auth.token};
    case Kind::header:
      return Header{auth.header_name, auth.token};
    case Kind::none:
    case Kind::oauth2:
      break;
  }
  return std::nullopt;
}

std::string oauth_client_authorization(const config::ApiAuth& auth) {
  return "Basic " +
         base64_encode(form_encode(auth.client_id) + ":" + form_encode(auth.client_secret));
}

std::string oauth_token_form(const config::ApiAuth& auth) {
  std::string form = "grant_type=client_credentials";
  if (!auth.scope.empty()) form += "&scope=" + form_encode(auth.scope);
  return form;
}

OAuthToken parse_token_response(std::string_view body, std::string& error) {
  OAuthToken token;
  json::Document doc;
  if (!json::parse_object(body, doc, 16, "token response").empty()) {
    error = "oauth2 token response is not a JSON object";
    return token;
  }
  auto access = json::find(doc, "access_token");
  if (!access || !access->IsString() || access->GetStringLength() == 0) {
    error = "oauth2 token response without access_token";
    return token;
  }
  std::string_view value(access->GetString(), access->GetStringLength());
  if (std::any_of(value.begin(), value.end(), [](char c) { return c <= 0x20 || c >= 0x7f; })) {
    error = "oauth2 access_token has invalid characters";
    return token;
  }
  auto type = json::find(doc, "token_type");
  if (type && !(type->IsString() && iequals(type->GetString(), "bearer"))) {
    error = "oauth2 token_type is not Bearer";
    return token;
  }
  token.lifetime = kDefaultTokenLifetime;
  auto expires = json::find(doc, "expires_in");
  if (expires && expires->IsNumber()) {
    token.lifetime = std::chrono::seconds(
        static_cast<int64_t>(std::clamp(expires->GetDouble(), 0.0, 365.0 * 86400)));
  } else if (expires && expires->IsString()) {
    // Some servers quote it.
    std::string_view text(expires->GetString(), expires->GetStringLength());
    int64_t seconds = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (ec == std::errc() && end == text.data() + text.size()) {
      token.lifetime = std::chrono::seconds(std::clamp<int64_t>(seconds, 0, 365LL * 86400));
    }
  }
  token.authorization = "Bearer " + std::string(value);
  return token;
}

std::chrono::milliseconds refresh_margin(std::chrono::seconds lifetime) {
  return std::min<std::chrono::milliseconds>(std::chrono::seconds(60), lifetime / 10);
}

}  // namespace weft::vendor_api
