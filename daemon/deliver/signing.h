// Standard Webhooks signatures (https://www.standardwebhooks.com): the sender signs
// "id.timestamp.body" under each subscriber secret, with HMAC-SHA256 for a whsec_ secret
// ("v1,<sig>") or Ed25519 for a whsk_ secret key ("v1a,<sig>"); receivers accept any matching
// signature within a timestamp tolerance, checking v1a ones against whpk_ public keys.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct evp_pkey_st;  // OpenSSL's EVP_PKEY

namespace weft::deliver {

// One signing secret, decoded. A whsk_ key keeps a prepared OpenSSL key so that signing does
// not derive the public key again for every delivery; the handle is immutable and shared.
struct SigningKey {
  enum class Kind { hmac_sha256, ed25519 };
  Kind kind = Kind::hmac_sha256;
  std::string bytes;                     // HMAC key, or the 32-byte Ed25519 seed
  std::shared_ptr<evp_pkey_st> ed25519;  // the private key (ed25519 only)
};

// "whsec_" + base64 -> raw key bytes; nullopt when malformed (no prefix, bad base64, empty).
std::optional<std::string> decode_secret(std::string_view whsec);

// "whsec_…" (any non-empty key) or "whsk_…" (base64 of the 32-byte Ed25519 seed, or of the
// 64-byte seed followed by its public key) -> a key; nullopt when malformed.
std::optional<SigningKey> decode_signing_key(std::string_view secret);

// Empty when `secret` can sign a subscriber's deliveries (whsec_ of 24..64 bytes, or a whsk_
// key), else one line saying why. Never contains the secret.
std::string signing_secret_problem(std::string_view secret);

// "whpk_" + base64 of the 32-byte Ed25519 public key -> the raw 32 bytes; nullopt when
// malformed.
std::optional<std::string> decode_public_key(std::string_view whpk);

// A fresh Ed25519 pair: {"whsk_…" (base64 of the 32-byte seed), "whpk_…"}.
struct KeyPair {
  std::string secret_key;
  std::string public_key;
};
KeyPair generate_ed25519_pair();

// "v1," + base64(HMAC-SHA256(key, id + "." + timestamp + "." + body))
std::string sign(std::string_view key, std::string_view msg_id, int64_t timestamp,
                 std::string_view body);

// The webhook-signature header value: one "v1,<sig>" per key, space-separated (secret
// rotation).
std::string signature_header(const std::vector<std::string>& keys, std::string_view msg_id,
                             int64_t timestamp, std::string_view body);

// The same for a mix of keys: "v1,<sig>" for an HMAC key, "v1a,<sig>" for an Ed25519 key, in
// the order of `keys`.
std::string signature_header(const std::vector<SigningKey>& keys, std::string_view msg_id,
                             int64_t timestamp, std::string_view body);

struct VerifyOutcome {
  bool ok;
  std::string reason;  // empty when ok; one short line, never a secret or the body
};

// Verifies webhook-id / webhook-timestamp / webhook-signature as the Standard Webhooks spec
// says: any signature in the space-separated list matching any of the keys — a v1 entry
// against a whsec_ secret (constant-time comparison), a v1a entry against a whpk_ public key
// (or the public half of a whsk_ key) — and a timestamp within tolerance of now (either side).
VerifyOutcome verify(const std::vector<std::string>& secrets, std::string_view msg_id,
                     std::string_view timestamp, std::string_view signature_header,
                     std::string_view body, int64_t now, int64_t tolerance_seconds = 300);

}  // namespace weft::deliver
