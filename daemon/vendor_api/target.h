// Where vendor API requests may go: fetch targets joined to api.base_url, references from
// vendor responses (Link headers, next-page URLs) resolved against the page they came from,
// and query parameters set on a target. Credentials go to api.base_url's origin only, so every
// function here refuses other origins.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "daemon/http/url.h"

namespace weft::vendor_api {

// The rule for a provider's Fetch::target, with base = api.base_url:
//  - "http://..." or "https://...": accepted only when scheme, host and port equal base's
//    (the path may be anything); the result is its path and query.
//  - anything else is a path (and query) relative to base's path prefix: base
//    "https://api.lever.co/v1/" (or ".../v1") with "/opportunities/1" or "opportunities/1"
//    gives "/v1/opportunities/1". Base's own query, if any, is not used.
// nullopt: another origin, a target starting with "//" (a URL without scheme), or a target
// that is not a valid URL.
std::optional<std::string> resolve_fetch_target(const http::Url& base, std::string_view target);

// A reference found in a vendor response (RFC 3986): an absolute URL (same origin only), an
// absolute path ("/v1/x?page=2", used as is, NOT joined to base's prefix), a query ("?page=2")
// or a relative path ("x?page=2", merged with the current target's directory).
// current is the origin-form target of the page the reference came from.
std::optional<std::string> resolve_reference(const http::Url& base, std::string_view current,
                                             std::string_view reference);

// Percent-encodes everything but RFC 3986 unreserved characters.
std::string url_encode(std::string_view value);
// application/x-www-form-urlencoded (spaces as '+').
std::string form_encode(std::string_view value);

// Sets each parameter on target's query: existing parameters of the same (raw) name are
// removed, the new ones appended, values percent-encoded (names are the provider's constants,
// sent as written); "?" or "&" as needed.
std::string set_query_params(std::string_view target,
                             const std::vector<std::pair<std::string, std::string>>& params);

// The target without its query (for logs: queries may carry identifiers of people).
std::string_view path_of(std::string_view target);

}  // namespace weft::vendor_api
