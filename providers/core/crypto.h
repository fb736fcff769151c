// Small OpenSSL wrappers shared by the providers and the daemon: HMAC, digests,
// encodings and constant-time comparison.
#pragma once

#include <openssl/types.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace weft {

// Raw 32-byte HMAC-SHA256 of message under key; empty if OpenSSL failed.
std::string hmac_sha256(std::string_view key, std::string_view message);
// The same over the concatenated parts, without copying them into one string.
std::string hmac_sha256(std::string_view key, std::initializer_list<std::string_view> parts);
bool hmac_sha256_into(std::string_view key, std::initializer_list<std::string_view> parts,
                      unsigned char out[32]);

// SHA-256 and SHA-1, fetched from OpenSSL once (an implicit fetch per call costs more than
// hashing a webhook), and the digest of concatenated parts into out (the digest's size).
const EVP_MD* sha256_digest();
const EVP_MD* sha1_digest();
bool digest_parts(const EVP_MD* md, std::initializer_list<std::string_view> parts,
                  unsigned char* out);
// Raw 32-byte SHA-256 digest.
std::string sha256(std::string_view data);

std::string to_hex(std::string_view bytes);                       // lowercase
std::optional<std::string> from_hex(std::string_view hex);        // accepts either case
std::string base64_encode(std::string_view bytes);                // padded, standard alphabet
std::optional<std::string> base64_decode(std::string_view text);  // padded, standard alphabet

// Compares in time that depends only on the lengths, never on the contents.
bool constant_time_equal(std::string_view a, std::string_view b);

// True when the expected raw HMAC equals the hex text given by the vendor (either case).
bool hex_signature_matches(std::string_view expected_raw, std::string_view given_hex);

}  // namespace weft
