#include "providers/core/ids.h"

#include <openssl/evp.h>

#include <array>
#include <stdexcept>

#include "providers/core/crypto.h"

namespace weft {

namespace {
// Weft's UUIDv5 namespace, itself uuid5(NAMESPACE_URL, "https://weft.dev/ns/records").
constexpr std::array<unsigned char, 16> kNamespace = {
    0x6c, 0x1d, 0x2b, 0x3e, 0x84, 0x5a, 0x5f, 0x0b, 0x9c, 0x4e, 0x71, 0x22, 0xa9, 0x3d, 0x58, 0x07};
}  // namespace

std::string uuid_v5(std::string_view name) {
  unsigned char digest[20];
  std::string_view space(reinterpret_cast<const char*>(kNamespace.data()), kNamespace.size());
  if (!digest_parts(sha1_digest(), {space, name}, digest)) {
    throw std::runtime_error("OpenSSL SHA-1 failed");
  }
  digest[6] = static_cast<unsigned char>((digest[6] & 0x0f) | 0x50);
  digest[8] = static_cast<unsigned char>((digest[8] & 0x3f) | 0x80);
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(digits[digest[i] >> 4]);
    out.push_back(digits[digest[i] & 0x0f]);
  }
  return out;
}

std::string unified_record_id(std::string_view connection_id, std::string_view entity,
                              std::string_view remote_id) {
  std::string name;
  name.reserve(connection_id.size() + entity.size() + remote_id.size() + 2);
  name.append(connection_id).append("/").append(entity).append("/").append(remote_id);
  return uuid_v5(name);
}

}  // namespace weft
