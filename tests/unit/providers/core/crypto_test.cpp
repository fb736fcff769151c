#include <doctest/doctest.h>

#include "providers/core/crypto.h"

using namespace weft;

TEST_CASE("HMAC-SHA256 matches RFC 4231 test case 2") {
  CHECK(to_hex(hmac_sha256("Jefe", "what do ya want for nothing?")) ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("HMAC-SHA256 matches RFC 4231 test cases 1 and 6 (a key longer than the block)") {
  CHECK(to_hex(hmac_sha256(std::string(20, '\x0b'), "Hi There")) ==
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  CHECK(to_hex(hmac_sha256(std::string(131, '\xaa'),
                           "Test Using Larger Than Block-Size Key - Hash Key First")) ==
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST_CASE("HMAC-SHA256 over parts equals the HMAC of their concatenation") {
  std::string body(5000, 'x');
  CHECK(hmac_sha256("key", {"msg_1", ".", "1700000000", ".", body}) ==
        hmac_sha256("key", "msg_1.1700000000." + body));
  CHECK(hmac_sha256("key", {}) == hmac_sha256("key", ""));
  CHECK(hmac_sha256("key", "a") != hmac_sha256("key", "b"));
}

TEST_CASE("SHA-256 matches the FIPS 180-2 example") {
  CHECK(to_hex(sha256("abc")) ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("hex and base64 round trips, and malformed input is refused") {
  std::string bytes("\x00\x01\xfe\xff", 4);
  CHECK(to_hex(bytes) == "0001feff");
  CHECK(from_hex("0001FEff") == bytes);
  CHECK_FALSE(from_hex("abc").has_value());
  CHECK_FALSE(from_hex("zz").has_value());
  CHECK(base64_encode("hello") == "aGVsbG8=");
  CHECK(base64_decode("aGVsbG8=") == std::string("hello"));
  CHECK(base64_decode("aGk=") == std::string("hi"));
  CHECK_FALSE(base64_decode("aGVsbG8").has_value());
  CHECK_FALSE(base64_decode("aGV*bG8=").has_value());
}

TEST_CASE("constant-time comparison and hex signatures") {
  CHECK(constant_time_equal("abc", "abc"));
  CHECK_FALSE(constant_time_equal("abc", "abd"));
  CHECK_FALSE(constant_time_equal("abc", "abcd"));
  auto mac = hmac_sha256("k", "body");
  CHECK(hex_signature_matches(mac, to_hex(mac)));
  std::string upper = to_hex(mac);
  for (auto& c : upper) c = static_cast<char>(std::toupper(c));
  CHECK(hex_signature_matches(mac, upper));
  CHECK_FALSE(hex_signature_matches(mac, to_hex(hmac_sha256("k", "body2"))));
  CHECK_FALSE(hex_signature_matches(mac, "not hex"));
}
