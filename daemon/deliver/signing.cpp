// Standard Webhooks signing and verification: HMAC-SHA256 (v1, whsec_) and Ed25519 (v1a, whsk_
// and whpk_) through OpenSSL.
#include "daemon/deliver/signing.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <charconv>
#include <stdexcept>

#include "providers/core/crypto.h"

namespace weft::deliver {

namespace {

constexpr std::string_view kSecretPrefix = "whsec_";
constexpr std::string_view kSecretKeyPrefix = "whsk_";
constexpr std::string_view kPublicKeyPrefix = "whpk_";
constexpr std::string_view kVersion = "v1";
constexpr std::string_view kAsymmetricVersion = "v1a";
constexpr std::size_t kEd25519KeySize = 32;
constexpr std::size_t kEd25519SignatureSize = 64;

using Pkey = std::shared_ptr<EVP_PKEY>;

Pkey wrap(EVP_PKEY* key) {
  return key ? Pkey(key, EVP_PKEY_free) : nullptr;
}

const unsigned char* bytes_of(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

Pkey ed25519_private(std::string_view seed) {
  if (seed.size() != kEd25519KeySize) return nullptr;
  return wrap(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, bytes_of(seed), seed.size()));
}

Pkey ed25519_public(std::string_view raw) {
  if (raw.size() != kEd25519KeySize) return nullptr;
  return wrap(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, bytes_of(raw), raw.size()));
}

std::string raw_public(EVP_PKEY* key) {
  std::string out(kEd25519KeySize, '\0');
  size_t size = out.size();
  if (EVP_PKEY_get_raw_public_key(key, reinterpret_cast<unsigned char*>(out.data()), &size) != 1 ||
      size != kEd25519KeySize) {
    return {};
  }
  return out;
}

// Raw 64-byte Ed25519 signature (pure Ed25519: no digest); empty only if OpenSSL fails.
std::string ed25519_sign(EVP_PKEY* key, std::string_view content) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  std::string sig(kEd25519SignatureSize, '\0');
  size_t size = sig.size();
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key) != 1 ||
      EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &size,
                     bytes_of(content), content.size()) != 1 ||
      size != kEd25519SignatureSize) {
    return {};
  }
  return sig;
}

bool ed25519_verify(EVP_PKEY* key, std::string_view content, std::string_view sig) {
  if (sig.size() != kEd25519SignatureSize) return false;
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  return ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key) == 1 &&
         EVP_DigestVerify(ctx.get(), bytes_of(sig), sig.size(), bytes_of(content),
                          content.size()) == 1;
}

// The 32-byte seed of a whsk_ key: base64 of the seed, or of seed || public key (the 64-byte
// form some libraries export), whose public half must be the one the seed derives.
std::optional<SigningKey> decode_ed25519_secret(std::string_view whsk) {
  if (!whsk.starts_with(kSecretKeyPrefix)) return std::nullopt;
  auto raw = base64_decode(whsk.substr(kSecretKeyPrefix.size()));
  if (!raw || (raw->size() != kEd25519KeySize && raw->size() != 2 * kEd25519KeySize)) {
    if (raw) OPENSSL_cleanse(raw->data(), raw->size());
    return std::nullopt;
  }
  SigningKey key{SigningKey::Kind::ed25519, raw->substr(0, kEd25519KeySize), nullptr};
  key.ed25519 = ed25519_private(key.bytes);
  bool ok = key.ed25519 != nullptr;
  if (ok && raw->size() == 2 * kEd25519KeySize) {
    ok = constant_time_equal(raw_public(key.ed25519.get()),
                             std::string_view(*raw).substr(kEd25519KeySize));
  }
  OPENSSL_cleanse(raw->data(), raw->size());
  if (!ok) return std::nullopt;
  return key;
}

std::string signed_content(std::string_view msg_id, int64_t timestamp, std::string_view body) {
  std::string ts = std::to_string(timestamp);
  std::string content;
  content.reserve(msg_id.size() + ts.size() + body.size() + 2);
  content.append(msg_id).append(".").append(ts).append(".").append(body);
  return content;
}

// Digits only: no sign, no spaces, no leading '+', so one timestamp has one spelling.
std::optional<int64_t> parse_timestamp(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.front() == '-') {
    return std::nullopt;
  }
  return value;
}

struct Entry {
  std::string_view version;
  std::string_view signature;
};

// Splits "v1,abc v1a,def" into entries; nullopt when any entry is not "version,signature".
std::optional<std::vector<Entry>> parse_signatures(std::string_view header) {
  std::vector<Entry> entries;
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(' ', pos);
    if (end == std::string_view::npos) end = header.size();
    std::string_view token = header.substr(pos, end - pos);
    pos = end + 1;
    if (token.empty()) continue;  // tolerate doubled spaces
    size_t comma = token.find(',');
    if (comma == std::string_view::npos || comma == 0 || comma + 1 == token.size()) {
      return std::nullopt;
    }
    entries.push_back({token.substr(0, comma), token.substr(comma + 1)});
  }
  if (entries.empty()) return std::nullopt;
  return entries;
}

// What a verifier holds: HMAC keys (whsec_) and Ed25519 public keys (whpk_, or the public half
// of a whsk_ key).
struct VerifyKeys {
  std::vector<std::string> hmac;
  std::vector<Pkey> ed25519;
};

std::optional<VerifyKeys> verify_keys(const std::vector<std::string>& secrets) {
  VerifyKeys keys;
  for (const auto& secret : secrets) {
    if (secret.starts_with(kPublicKeyPrefix)) {
      auto raw = base64_decode(secret.substr(kPublicKeyPrefix.size()));
      Pkey pub = raw ? ed25519_public(*raw) : nullptr;
      if (!pub) return std::nullopt;
      keys.ed25519.push_back(std::move(pub));
    } else if (auto key = decode_signing_key(secret)) {
      if (key->kind == SigningKey::Kind::hmac_sha256) {
        keys.hmac.push_back(std::move(key->bytes));
      } else {
        keys.ed25519.push_back(std::move(key->ed25519));  // verifies with its public half
      }
    } else {
      return std::nullopt;
    }
  }
  return keys;
}

}  // namespace

std::optional<std::string> decode_secret(std::string_view whsec) {
  if (!whsec.starts_with(kSecretPrefix)) return std::nullopt;
  auto key = base64_decode(whsec.substr(kSecretPrefix.size()));
  if (!key || key->empty()) return std::nullopt;
  return key;
}

std::optional<SigningKey> decode_signing_key(std::string_view secret) {
  if (secret.starts_with(kSecretKeyPrefix)) return decode_ed25519_secret(secret);
  auto key = decode_secret(secret);
  if (!key) return std::nullopt;
  return SigningKey{SigningKey::Kind::hmac_sha256, std::move(*key), nullptr};
}

std::string signing_secret_problem(std::string_view secret) {
  if (secret.starts_with(kSecretPrefix)) {
    auto key = decode_secret(secret);
    if (!key || key->size() < 24 || key->size() > 64) {
      return "must be whsec_ followed by base64 of 24..64 bytes";
    }
    return {};
  }
  if (secret.starts_with(kSecretKeyPrefix)) {
    if (decode_ed25519_secret(secret)) return {};
    auto raw = base64_decode(secret.substr(kSecretKeyPrefix.size()));
    bool long_form = raw && raw->size() == 2 * kEd25519KeySize;
    if (raw) OPENSSL_cleanse(raw->data(), raw->size());
    if (long_form) return "whsk_ key's public half is not the one its seed derives";
    return "must be whsk_ followed by base64 of a 32-byte Ed25519 seed (or of 64 bytes: seed "
           "and public key); weftd keygen makes one";
  }
  if (secret.starts_with(kPublicKeyPrefix)) {
    return "is a whpk_ public key, which only verifies: weft signs with the whsk_ secret key "
           "and the subscriber holds the whpk_";
  }
  return "must be whsec_ (HMAC, base64 of 24..64 bytes) or whsk_ (Ed25519 secret key, weftd "
         "keygen) followed by base64";
}

std::optional<std::string> decode_public_key(std::string_view whpk) {
  if (!whpk.starts_with(kPublicKeyPrefix)) return std::nullopt;
  auto raw = base64_decode(whpk.substr(kPublicKeyPrefix.size()));
  if (!raw || !ed25519_public(*raw)) return std::nullopt;
  return raw;
}

KeyPair generate_ed25519_pair() {
  Pkey key = wrap(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  if (!key) throw std::runtime_error("Ed25519 key generation failed");
  std::string seed(kEd25519KeySize, '\0');
  size_t size = seed.size();
  if (EVP_PKEY_get_raw_private_key(key.get(), reinterpret_cast<unsigned char*>(seed.data()),
                                   &size) != 1 ||
      size != kEd25519KeySize) {
    throw std::runtime_error("Ed25519 key export failed");
  }
  std::string pub = raw_public(key.get());
  if (pub.empty()) throw std::runtime_error("Ed25519 key export failed");
  KeyPair pair{std::string(kSecretKeyPrefix) + base64_encode(seed),
               std::string(kPublicKeyPrefix) + base64_encode(pub)};
  OPENSSL_cleanse(seed.data(), seed.size());
  return pair;
}

std::string sign(std::string_view key, std::string_view msg_id, int64_t timestamp,
                 std::string_view body) {
  std::string mac = hmac_sha256(key, {msg_id, ".", std::to_string(timestamp), ".", body});
  return std::string(kVersion) + "," + base64_encode(mac);
}

std::string signature_header(const std::vector<std::string>& keys, std::string_view msg_id,
                             int64_t timestamp, std::string_view body) {
  std::vector<SigningKey> hmac_keys;
  hmac_keys.reserve(keys.size());
  for (const auto& key : keys) hmac_keys.push_back({SigningKey::Kind::hmac_sha256, key, nullptr});
  return signature_header(hmac_keys, msg_id, timestamp, body);
}

std::string signature_header(const std::vector<SigningKey>& keys, std::string_view msg_id,
                             int64_t timestamp, std::string_view body) {
  // HMAC reads the content in parts; Ed25519 needs it whole, so it is built only for that.
  std::string ts = std::to_string(timestamp);
  std::string content;
  std::string header;
  for (const auto& key : keys) {
    std::string_view version = kVersion;
    std::string sig;
    if (key.kind == SigningKey::Kind::ed25519) {
      version = kAsymmetricVersion;
      if (content.empty()) content = signed_content(msg_id, timestamp, body);
      if (key.ed25519) sig = ed25519_sign(key.ed25519.get(), content);
    } else {
      sig = hmac_sha256(key.bytes, {msg_id, ".", ts, ".", body});
    }
    if (sig.empty()) continue;  // OpenSSL failed: no entry rather than a broken one
    if (!header.empty()) header.push_back(' ');
    header.append(version).append(",").append(base64_encode(sig));
  }
  return header;
}

VerifyOutcome verify(const std::vector<std::string>& secrets, std::string_view msg_id,
                     std::string_view timestamp, std::string_view signature_header,
                     std::string_view body, int64_t now, int64_t tolerance_seconds) {
  if (msg_id.empty()) return {false, "missing webhook-id"};
  if (timestamp.empty()) return {false, "missing webhook-timestamp"};
  if (signature_header.empty()) return {false, "missing webhook-signature"};
  auto ts = parse_timestamp(timestamp);
  if (!ts) return {false, "invalid webhook-timestamp"};
  auto entries = parse_signatures(signature_header);
  if (!entries) return {false, "malformed webhook-signature"};
  if (now - *ts > tolerance_seconds) return {false, "timestamp too old"};
  if (*ts - now > tolerance_seconds) return {false, "timestamp too new"};

  // A broken secret is a configuration error; saying so beats a vague mismatch.
  auto keys = verify_keys(secrets);
  if (!keys) return {false, "malformed secret"};
  if (keys->hmac.empty() && keys->ed25519.empty()) return {false, "no secret"};

  std::string content = signed_content(msg_id, *ts, body);
  bool matched = false;
  for (const auto& key : keys->hmac) {
    std::string expected = base64_encode(hmac_sha256(key, content));
    for (const auto& entry : *entries) {
      // No early exit: the work done does not depend on which entry matches.
      if (entry.version == kVersion && constant_time_equal(entry.signature, expected)) {
        matched = true;
      }
    }
  }
  for (const auto& entry : *entries) {
    if (entry.version != kAsymmetricVersion) continue;
    auto sig = base64_decode(entry.signature);
    if (!sig) continue;
    for (const auto& key : keys->ed25519) {
      if (ed25519_verify(key.get(), content, *sig)) matched = true;
    }
  }
  if (!matched) return {false, "no matching signature"};
  return {true, ""};
}

}  // namespace weft::deliver
