// AES-256-GCM through OpenSSL EVP; see crypto.h.
#include "daemon/spool/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <memory>

namespace weft::spool {

namespace {

struct CtxFree {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using Ctx = std::unique_ptr<EVP_CIPHER_CTX, CtxFree>;

}  // namespace

bool random_bytes(std::span<uint8_t> out) {
  return out.empty() || RAND_bytes(out.data(), static_cast<int>(out.size())) == 1;
}

bool seal(const Key& key, const Nonce& nonce, std::span<const uint8_t> aad,
          std::span<const uint8_t> plain, std::vector<uint8_t>& out) {
  Ctx ctx(EVP_CIPHER_CTX_new());
  if (!ctx) return false;
  int len = 0;
  out.resize(plain.size() + kTagSize);
  if (EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.data(), nonce.data()) != 1)
    return false;
  if (!aad.empty() &&
      EVP_EncryptUpdate(ctx.get(), nullptr, &len, aad.data(), static_cast<int>(aad.size())) != 1)
    return false;
  if (!plain.empty() && EVP_EncryptUpdate(ctx.get(), out.data(), &len, plain.data(),
                                          static_cast<int>(plain.size())) != 1)
    return false;
  if (EVP_EncryptFinal_ex(ctx.get(), out.data() + plain.size(), &len) != 1) return false;
  return EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagSize,
                             out.data() + plain.size()) == 1;
}

bool open_sealed(const Key& key, const Nonce& nonce, std::span<const uint8_t> aad,
                 std::span<const uint8_t> sealed, std::vector<uint8_t>& out) {
  out.clear();
  if (sealed.size() < kTagSize) return false;
  const std::size_t n = sealed.size() - kTagSize;
  Ctx ctx(EVP_CIPHER_CTX_new());
  if (!ctx) return false;
  int len = 0;
  out.resize(n);
  bool ok =
      EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.data(), nonce.data()) == 1 &&
      (aad.empty() || EVP_DecryptUpdate(ctx.get(), nullptr, &len, aad.data(),
                                        static_cast<int>(aad.size())) == 1) &&
      (n == 0 ||
       EVP_DecryptUpdate(ctx.get(), out.data(), &len, sealed.data(), static_cast<int>(n)) == 1);
  std::array<uint8_t, kTagSize> tag{};
  std::copy(sealed.begin() + n, sealed.end(), tag.begin());
  ok = ok && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagSize, tag.data()) == 1 &&
       EVP_DecryptFinal_ex(ctx.get(), out.data() + n, &len) == 1;
  if (!ok) {
    wipe(out.data(), out.size());
    out.clear();
  }
  return ok;
}

void wipe(void* data, std::size_t size) {
  if (size != 0) OPENSSL_cleanse(data, size);
}

uint32_t crc32(std::span<const uint8_t> data) {
  static const auto table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  uint32_t c = 0xFFFFFFFFu;
  for (uint8_t b : data) c = table[(c ^ b) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

}  // namespace weft::spool
