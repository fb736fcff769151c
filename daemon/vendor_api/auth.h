// Credentials for a vendor API, as request headers: Basic, Bearer and API-key headers are
// fixed; OAuth2 client credentials (RFC 6749 4.4) needs a token request, built and read here
// (the cache that performs it is OAuthTokens). Pure. Values made here are secrets: never log.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "daemon/config/config.h"

namespace weft::vendor_api {

// The fixed credential header of basic, bearer and header auth; nullopt for none and oauth2.
std::optional<Header> static_auth_header(const config::ApiAuth& auth);

// The token request's headers and form body: client id and secret as HTTP Basic, each
// form-urlencoded first (RFC 6749 2.3.1); grant_type=client_credentials and scope.
std::string oauth_client_authorization(const config::ApiAuth& auth);
std::string oauth_token_form(const config::ApiAuth& auth);

struct OAuthToken {
  std::string authorization;  // "Bearer <access_token>"
  std::chrono::seconds lifetime{0};
};

// Reads a token response (RFC 6749 5.1): access_token, token_type (Bearer, any case; absent
// is taken as Bearer), expires_in (absent: kDefaultTokenLifetime). error is set (one line,
// never the body) when it cannot be used.
inline constexpr std::chrono::seconds kDefaultTokenLifetime{3600};
OAuthToken parse_token_response(std::string_view body, std::string& error);

// When a cached token is refreshed: 60 s before it expires, or at 90% of a lifetime shorter
// than 10 minutes.
std::chrono::milliseconds refresh_margin(std::chrono::seconds lifetime);

}  // namespace weft::vendor_api
