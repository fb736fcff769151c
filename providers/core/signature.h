// Signature checks shared by vendors whose schemes differ only in header and prefix.
#pragma once

#include <string_view>

#include "providers/core/provider.h"

namespace weft {

// The "body, hex" scheme: header value = prefix + hex(HMAC-SHA256(secret, raw body)).
// Any of the connection's secrets may match (rotation). Compared in constant time.
// Reasons: "missing <Header> header", "<Header> lacks the '<prefix>' prefix",
// "<Header> does not match".
Verification verify_body_hmac_hex(const VendorRequest& request, const ConnectionInfo& connection,
                                  std::string_view header, std::string_view prefix);

}  // namespace weft
