// Standard Webhooks signing and verification, checked against the vectors published with the
// spec's reference libraries (standard-webhooks/standard-webhooks, libraries/*/ tests).
#include "daemon/deliver/signing.h"

#include <doctest/doctest.h>

#include "providers/core/crypto.h"

using namespace weft::deliver;

namespace {

constexpr std::string_view kSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
constexpr std::string_view kMsgId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
constexpr int64_t kTimestamp = 1614265330;
constexpr std::string_view kPayload = R"({"test": 2432232314})";
constexpr std::string_view kExpected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
// A well-formed v1 signature that belongs to nothing here (from the reference tests).
constexpr std::string_view kForeign = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";
// A second secret, for rotation: 24 bytes of 0x01.
const std::string kOtherSecret = "whsec_" + weft::base64_encode(std::string(24, '\x01'));

std::string key() {
  return *decode_secret(kSecret);
}

VerifyOutcome check(std::string_view header, std::string_view body = kPayload,
                    int64_t now = kTimestamp,
                    std::vector<std::string> secrets = {std::string(kSecret)}) {
  return verify(secrets, kMsgId, std::to_string(kTimestamp), header, body, now);
}

}  // namespace

TEST_CASE("signing: decode_secret") {
  auto decoded = decode_secret(kSecret);
  REQUIRE(decoded);
  CHECK(decoded->size() == 24);
  CHECK(weft::base64_encode(*decoded) == "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

  CHECK_FALSE(decode_secret("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));        // no prefix
  CHECK_FALSE(decode_secret("WHSEC_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));  // prefix is lowercase
  CHECK_FALSE(decode_secret("whsec_"));                                  // empty key
  CHECK_FALSE(decode_secret(""));
  CHECK_FALSE(decode_secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS"));   // not a multiple of 4
  CHECK_FALSE(decode_secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLa!w"));  // not base64
  CHECK_FALSE(decode_secret("whsec_MfKQ9r8GKYqrTwjU PD8ILPZIo2LaLaSw"));
}

TEST_CASE("signing: published test vector") {
  CHECK(sign(key(), kMsgId, kTimestamp, kPayload) == kExpected);
  CHECK(signature_header({key()}, kMsgId, kTimestamp, kPayload) == kExpected);
  // Any change to id, timestamp or body changes the signature.
  CHECK(sign(key(), "msg_other", kTimestamp, kPayload) != kExpected);
  CHECK(sign(key(), kMsgId, kTimestamp + 1, kPayload) != kExpected);
  CHECK(sign(key(), kMsgId, kTimestamp, R"({"test":2432232314})") != kExpected);
}

TEST_CASE("signing: one signature per key, space-separated") {
  std::string other = *decode_secret(kOtherSecret);
  std::string header = signature_header({key(), other}, kMsgId, kTimestamp, kPayload);
  CHECK(header == std::string(kExpected) + " " + sign(other, kMsgId, kTimestamp, kPayload));
  CHECK(signature_header({}, kMsgId, kTimestamp, kPayload).empty());

  // Verifies under either secret alone: a subscriber mid-rotation holds only one of them.
  CHECK(check(header).ok);
  CHECK(check(header, kPayload, kTimestamp, {kOtherSecret}).ok);
}

TEST_CASE("signing: verify accepts the vector and any matching entry") {
  CHECK(check(kExpected).ok);
  CHECK(check(kExpected).reason.empty());

  // From the reference tests: unknown versions and foreign v1 entries are skipped.
  std::string multi = std::string(kForeign) +
                      " v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= " + std::string(kExpected) +
                      " " + std::string(kForeign);
  CHECK(check(multi).ok);

  // Several secrets on the receiving side: the matching one may be anywhere in the list.
  CHECK(check(kExpected, kPayload, kTimestamp, {kOtherSecret, std::string(kSecret)}).ok);
}

TEST_CASE("signing: verify rejects wrong secret, tampered body, foreign signature") {
  auto wrong = check(kExpected, kPayload, kTimestamp, {kOtherSecret});
  CHECK_FALSE(wrong.ok);
  CHECK(wrong.reason == "no matching signature");

  auto tampered = check(kExpected, R"({"test": 2432232315})");
  CHECK_FALSE(tampered.ok);
  CHECK(tampered.reason == "no matching signature");

  CHECK(check(kForeign).reason == "no matching signature");
  // The right signature under another version label does not count.
  CHECK(check("v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=").reason == "no matching signature");
  // A truncated signature (reference test "partial signature").
  CHECK(check(std::string(kExpected.substr(0, 8))).reason == "no matching signature");

  // The message id is part of what is signed.
  auto other_id = verify({std::string(kSecret)}, "msg_other", std::to_string(kTimestamp), kExpected,
                         kPayload, kTimestamp);
  CHECK_FALSE(other_id.ok);
}

TEST_CASE("signing: verify enforces the timestamp tolerance both ways") {
  // The signature is for kTimestamp; "now" moves around it.
  CHECK(check(kExpected, kPayload, kTimestamp + 300).ok);
  CHECK(check(kExpected, kPayload, kTimestamp - 300).ok);

  auto stale = check(kExpected, kPayload, kTimestamp + 301);
  CHECK_FALSE(stale.ok);
  CHECK(stale.reason == "timestamp too old");

  auto future = check(kExpected, kPayload, kTimestamp - 301);
  CHECK_FALSE(future.ok);
  CHECK(future.reason == "timestamp too new");

  // A custom tolerance.
  CHECK_FALSE(verify({std::string(kSecret)}, kMsgId, std::to_string(kTimestamp), kExpected,
                     kPayload, kTimestamp + 11, 10)
                  .ok);
  CHECK(verify({std::string(kSecret)}, kMsgId, std::to_string(kTimestamp), kExpected, kPayload,
               kTimestamp + 10, 10)
            .ok);
}

TEST_CASE("signing: verify rejects missing and malformed headers") {
  std::vector<std::string> secrets{std::string(kSecret)};
  std::string ts = std::to_string(kTimestamp);
  CHECK(verify(secrets, "", ts, kExpected, kPayload, kTimestamp).reason == "missing webhook-id");
  CHECK(verify(secrets, kMsgId, "", kExpected, kPayload, kTimestamp).reason ==
        "missing webhook-timestamp");
  CHECK(verify(secrets, kMsgId, ts, "", kPayload, kTimestamp).reason ==
        "missing webhook-signature");

  for (std::string_view bad : {"hello", "-1614265330", "+1614265330", " 1614265330", "1614265330.5",
                               "99999999999999999999"}) {
    CAPTURE(bad);
    CHECK(verify(secrets, kMsgId, bad, kExpected, kPayload, kTimestamp).reason ==
          "invalid webhook-timestamp");
  }

  for (std::string_view bad : {"v1", "v1,", ",g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
                               "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", "   "}) {
    CAPTURE(bad);
    CHECK(check(bad).reason == "malformed webhook-signature");
  }
  // One malformed entry spoils the header even beside a valid one.
  CHECK(check(std::string(kExpected) + " v1").reason == "malformed webhook-signature");
  // Extra spaces between entries are tolerated.
  CHECK(check(std::string(kForeign) + "  " + std::string(kExpected)).ok);
}

TEST_CASE("signing: verify reports unusable secrets") {
  CHECK(check(kExpected, kPayload, kTimestamp, {"MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}).reason ==
        "malformed secret");
  CHECK(check(kExpected, kPayload, kTimestamp, {std::string(kSecret), "whsec_!!"}).reason ==
        "malformed secret");
  CHECK(check(kExpected, kPayload, kTimestamp, {}).reason == "no secret");
}
