// Standard Webhooks signatures (https://www.standardwebhooks.com): the sender signs
// "id.timestamp.body" with HMAC-SHA256 under each subscriber secret; receivers accept any
// matching "v1," signature within a timestamp tolerance.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace weft::deliver {

// "whsec_" + base64 -> raw key bytes; nullopt when malformed (no prefix, bad base64, empty).
std::optional<std::string> decode_secret(std::string_view whsec);

// "v1," + base64(HMAC-SHA256(key, id + "." + timestamp + "." + body))
std::string sign(std::string_view key, std::string_view msg_id, int64_t timestamp,
                 std::string_view body);

// The webhook-signature header value: one "v1,<sig>" per key, space-separated (secret
// rotation).
std::string signature_header(const std::vector<std::string>& keys, std::string_view msg_id,
                             int64_t timestamp, std::string_view body);

struct VerifyOutcome {
  bool ok;
  std::string reason;  // empty when ok; one short line, never a secret or the body
};

// Verifies webhook-id / webhook-timestamp / webhook-signature as the Standard Webhooks spec
// says: any v1 signature in the space-separated list matching any of the secrets, a timestamp
// within tolerance of now (either side), constant-time comparison.
VerifyOutcome verify(const std::vector<std::string>& whsec_secrets, std::string_view msg_id,
                     std::string_view timestamp, std::string_view signature_header,
                     std::string_view body, int64_t now, int64_t tolerance_seconds = 300);

}  // namespace weft::deliver
