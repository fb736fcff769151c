// RFC 8288 (was RFC 5988) Link header: the target of the rel="next" link, if any. Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "providers/core/headers.h"

namespace weft::vendor_api {

// The URI reference of the first link whose rel includes "next" (any case), across every
// Link header of the response; nullopt when there is none.
std::optional<std::string> next_link(const Headers& headers);

// The same for one header value: `<url>; rel="next", <url>; rel=last`.
std::optional<std::string> next_link(std::string_view value);

}  // namespace weft::vendor_api
