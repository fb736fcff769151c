#include "providers/core/ids.h"

#include <openssl/evp.h>

#include <array>

#include "providers/core/crypto.h"

namespace weft {

namespace {
// Weft's UUIDv5 namespace, itself uuid5(NAMESPACE_URL, "https://weft.dev/ns/records").
constexpr std::array<unsigned char, 16> kNamespace = {
    0x6c, 0x1d, 0x2b, 0x3e, 0x84, 0x5a, 0x5f, 0x0b, 0x9c, 0x4e, 0x71, 0x22, 0xa9, 0x3d, 0x58, 0x07};
}  // namespace

std::string uuid_v5(std::string_view name) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha1(), nullptr);
  EVP_DigestUpdate(ctx, kNamespace.data(), kNamespace.size());
  EVP_DigestUpdate(ctx, name.data(), name.size());
  EVP_DigestFinal_ex(ctx, digest, &len);
  EVP_MD_CTX_free(ctx);
  digest[6] = static_cast<unsigned char>((digest[6] & 0x0f) | 0x50);
  digest[8] = static_cast<unsigned char>((digest[8] & 0x3f) | 0x80);
  std::string hex = to_hex(std::string_view(reinterpret_cast<char*>(digest), 16));
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

std::string unified_record_id(std::string_view connection_id, std::string_view entity,
                              std::string_view remote_id) {
  std::string name;
  name.reserve(connection_id.size() + entity.size() + remote_id.size() + 2);
  name.append(connection_id).append("/").append(entity).append("/").append(remote_id);
  return uuid_v5(name);
}

}  // namespace weft
