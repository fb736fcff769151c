#include "providers/core/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <cstring>
#include <stdexcept>

namespace weft {

namespace {

// Digests fetched once: OpenSSL 3 looks an algorithm up by name (locks, string copies) on
// every implicit fetch, which cost more than hashing a small webhook body.
const EVP_MD* fetched(const char* name) {
  const EVP_MD* md = EVP_MD_fetch(nullptr, name, nullptr);
  if (!md) throw std::runtime_error(std::string("OpenSSL has no ") + name);
  return md;
}

// One digest context per thread, reused; freed when the thread ends.
class ThreadContext {
 public:
  ThreadContext() : ctx_(EVP_MD_CTX_new()) {}
  ~ThreadContext() { EVP_MD_CTX_free(ctx_); }
  ThreadContext(const ThreadContext&) = delete;
  ThreadContext& operator=(const ThreadContext&) = delete;
  EVP_MD_CTX* get() const { return ctx_; }

 private:
  EVP_MD_CTX* ctx_;
};

// Digest of prefix followed by the parts into out (the digest's size); false if OpenSSL failed.
bool digest_into(const EVP_MD* md, std::string_view prefix,
                 std::initializer_list<std::string_view> parts, unsigned char* out) {
  thread_local ThreadContext context;
  EVP_MD_CTX* ctx = context.get();
  if (!ctx || EVP_DigestInit_ex2(ctx, md, nullptr) != 1) return false;
  if (EVP_DigestUpdate(ctx, prefix.data(), prefix.size()) != 1) return false;
  for (std::string_view part : parts) {
    if (EVP_DigestUpdate(ctx, part.data(), part.size()) != 1) return false;
  }
  return EVP_DigestFinal_ex(ctx, out, nullptr) == 1;
}

std::string_view as_view(const unsigned char* bytes, size_t size) {
  return {reinterpret_cast<const char*>(bytes), size};
}

}  // namespace

const EVP_MD* sha256_digest() {
  static const EVP_MD* md = fetched("SHA2-256");
  return md;
}

const EVP_MD* sha1_digest() {
  static const EVP_MD* md = fetched("SHA1");
  return md;
}

bool digest_parts(const EVP_MD* md, std::initializer_list<std::string_view> parts,
                  unsigned char* out) {
  return digest_into(md, {}, parts, out);
}

// HMAC (RFC 2104) over SHA-256 and its 64-byte block, on the fetched digest:
// H((K ^ opad) || H((K ^ ipad) || message)).
bool hmac_sha256_into(std::string_view key, std::initializer_list<std::string_view> parts,
                      unsigned char out[32]) {
  constexpr size_t kBlock = 64;
  unsigned char block[kBlock] = {};
  bool ok = true;
  if (key.size() > kBlock) {
    ok = digest_into(sha256_digest(), key, {}, block);
  } else {
    std::memcpy(block, key.data(), key.size());
  }
  unsigned char pad[kBlock];
  unsigned char inner[32];
  for (size_t i = 0; i < kBlock; ++i) pad[i] = block[i] ^ 0x36;
  ok = ok && digest_into(sha256_digest(), as_view(pad, kBlock), parts, inner);
  for (size_t i = 0; i < kBlock; ++i) pad[i] = block[i] ^ 0x5c;
  ok = ok && digest_into(sha256_digest(), as_view(pad, kBlock), {as_view(inner, 32)}, out);
  OPENSSL_cleanse(block, sizeof block);
  OPENSSL_cleanse(pad, sizeof pad);
  OPENSSL_cleanse(inner, sizeof inner);
  return ok;
}

std::string hmac_sha256(std::string_view key, std::initializer_list<std::string_view> parts) {
  unsigned char out[32];
  if (!hmac_sha256_into(key, parts, out)) return {};
  return std::string(as_view(out, sizeof out));
}

std::string hmac_sha256(std::string_view key, std::string_view message) {
  return hmac_sha256(key, {message});
}

std::string sha256(std::string_view data) {
  unsigned char out[32];
  if (!digest_into(sha256_digest(), data, {}, out)) return {};
  return std::string(as_view(out, sizeof out));
}

std::string to_hex(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 0x0f]);
  }
  return out;
}

namespace {
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

std::optional<std::string> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out;
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = hex_value(hex[i]);
    int lo = hex_value(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi << 4 | lo));
  }
  return out;
}

std::string base64_encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  for (char c : text) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '+' || c == '/' || c == '=';
    if (!ok) return std::nullopt;
  }
  std::string out(3 * text.size() / 4, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()),
                          static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  // EVP_DecodeBlock counts padding as zero bytes; drop them.
  size_t pad = 0;
  if (!text.empty() && text.back() == '=') ++pad;
  if (text.size() > 1 && text[text.size() - 2] == '=') ++pad;
  out.resize(static_cast<size_t>(n) - pad);
  return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool hex_signature_matches(std::string_view expected_raw, std::string_view given_hex) {
  auto given = from_hex(given_hex);
  if (!given) return false;
  return constant_time_equal(expected_raw, *given);
}

}  // namespace weft
