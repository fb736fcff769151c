// AES-256-GCM sealing for the spool (OpenSSL EVP), random bytes and the CRC-32 that guards
// frame headers. Keys are 32 bytes, nonces 12, tags 16.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace weft::spool {

inline constexpr std::size_t kKeySize = 32;
inline constexpr std::size_t kNonceSize = 12;
inline constexpr std::size_t kTagSize = 16;

using Key = std::array<uint8_t, kKeySize>;
using Nonce = std::array<uint8_t, kNonceSize>;

// Fills `out` from the OpenSSL CSPRNG; false if it could not.
bool random_bytes(std::span<uint8_t> out);

// Encrypts `plain` into `out` (resized to plain.size() + kTagSize: ciphertext then tag).
bool seal(const Key& key, const Nonce& nonce, std::span<const uint8_t> aad,
          std::span<const uint8_t> plain, std::vector<uint8_t>& out);

// Decrypts ciphertext+tag; false (and `out` cleared) if the tag does not authenticate.
bool open_sealed(const Key& key, const Nonce& nonce, std::span<const uint8_t> aad,
                 std::span<const uint8_t> sealed, std::vector<uint8_t>& out);

// Overwrites memory that held key material or plaintext.
void wipe(void* data, std::size_t size);

uint32_t crc32(std::span<const uint8_t> data);

}  // namespace weft::spool
