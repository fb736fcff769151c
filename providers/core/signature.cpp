#include "providers/core/signature.h"

#include "providers/core/crypto.h"

namespace weft {

Verification verify_body_hmac_hex(const VendorRequest& request, const ConnectionInfo& connection,
                                  std::string_view header, std::string_view prefix) {
  auto value = request.headers.find(header);
  if (!value || value->empty())
    return Verification::fail("missing " + std::string(header) + " header");
  std::string_view given = *value;
  if (given.substr(0, prefix.size()) != prefix) {
    return Verification::fail(std::string(header) + " lacks the '" + std::string(prefix) +
                              "' prefix");
  }
  given.remove_prefix(prefix.size());
  bool matched = false;
  // Every secret is tried, so timing does not tell which one matched.
  for (const auto& secret : connection.secrets) {
    matched |= hex_signature_matches(hmac_sha256(secret, request.body), given);
  }
  if (!matched) return Verification::fail(std::string(header) + " does not match");
  return Verification::pass();
}

}  // namespace weft
