// Standard Webhooks signing and verification, checked against the vectors published with the
// spec's reference libraries (standard-webhooks/standard-webhooks, libraries/*/ tests): HMAC
// (v1, whsec_) and Ed25519 (v1a, whsk_ / whpk_).
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
  CHECK(signature_header(std::vector<std::string>{}, kMsgId, kTimestamp, kPayload).empty());

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

namespace {

// The reference Go library's asymmetric vector (libraries/go/webhook_asymmetric_test.go): the
// 32-byte seed "TESTSIGNINGKEYDONOTUSETHISFORANY", over the same id, timestamp and payload as
// the v1 vector. The public key was derived from the seed by Node's crypto, not by weft.
const std::string kSeedBase64 = "VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk=";
const std::string kSecretKey = "whsk_" + kSeedBase64;
const std::string kPublicKey = "whpk_ZlN4eg7dSSqi0moX9hQUk3orrOouK3QVQSlJa248c/g=";
constexpr std::string_view kExpectedV1a =
    "v1a,tQ9V2XOqn7jL/DQenEFpqIugdBVtiMmER5mhSkXBNwM0mkATuDe6KYYUuxqtaiHeYGb7KaaBRdM5WqyeFiL8Ag==";

SigningKey signing_key(const std::string& secret) {
  auto key = decode_signing_key(secret);
  REQUIRE(key);
  return *key;
}

// The 64-byte form: seed followed by the public key.
std::string long_form_secret() {
  auto pub = weft::base64_decode(kPublicKey.substr(5));
  REQUIRE(pub);
  return "whsk_" + weft::base64_encode(*weft::base64_decode(kSeedBase64) + *pub);
}

}  // namespace

TEST_CASE("signing v1a: decode_signing_key tells the schemes apart") {
  SigningKey hmac = signing_key(std::string(kSecret));
  CHECK(hmac.kind == SigningKey::Kind::hmac_sha256);
  CHECK(hmac.bytes == key());
  CHECK(hmac.ed25519 == nullptr);

  SigningKey ed = signing_key(kSecretKey);
  CHECK(ed.kind == SigningKey::Kind::ed25519);
  CHECK(ed.bytes == "TESTSIGNINGKEYDONOTUSETHISFORANY");
  CHECK(ed.ed25519 != nullptr);

  // The 64-byte (seed || public key) form decodes to the same seed.
  CHECK(signing_key(long_form_secret()).bytes == ed.bytes);

  CHECK_FALSE(decode_signing_key("whsk_"));
  CHECK_FALSE(decode_signing_key("whsk_" + weft::base64_encode(std::string(31, 'k'))));
  CHECK_FALSE(decode_signing_key("whsk_" + weft::base64_encode(std::string(33, 'k'))));
  CHECK_FALSE(decode_signing_key("whsk_" + weft::base64_encode(std::string(64, 'k'))));
  CHECK_FALSE(decode_signing_key("whsk_" + kSeedBase64.substr(1)));  // not base64
  CHECK_FALSE(decode_signing_key(kPublicKey));                       // a public key cannot sign
  CHECK_FALSE(decode_signing_key("WHSK_" + kSeedBase64));

  auto pub = decode_public_key(kPublicKey);
  REQUIRE(pub);
  CHECK(pub->size() == 32);
  CHECK_FALSE(decode_public_key(kSecretKey));
  CHECK_FALSE(decode_public_key("whpk_" + weft::base64_encode(std::string(31, 'p'))));
  CHECK_FALSE(decode_public_key("whpk_"));
}

TEST_CASE("signing v1a: the reference library's vector, both secret key forms") {
  for (const std::string& secret : {kSecretKey, long_form_secret()}) {
    CAPTURE(secret.size());
    CHECK(signature_header({signing_key(secret)}, kMsgId, kTimestamp, kPayload) == kExpectedV1a);
  }
  CHECK(check(kExpectedV1a, kPayload, kTimestamp, {kPublicKey}).ok);
  // A verifier holding the secret key checks with its public half.
  CHECK(check(kExpectedV1a, kPayload, kTimestamp, {kSecretKey}).ok);
}

TEST_CASE("signing v1a: sign then verify a fresh pair; wrong key and tampering fail") {
  KeyPair pair = generate_ed25519_pair();
  REQUIRE(pair.secret_key.starts_with("whsk_"));
  REQUIRE(pair.public_key.starts_with("whpk_"));
  CHECK(weft::base64_decode(pair.secret_key.substr(5))->size() == 32);
  CHECK(signing_secret_problem(pair.secret_key).empty());
  CHECK(pair.public_key != generate_ed25519_pair().public_key);

  std::string header =
      signature_header({signing_key(pair.secret_key)}, kMsgId, kTimestamp, kPayload);
  REQUIRE(header.starts_with("v1a,"));
  CHECK(weft::base64_decode(header.substr(4))->size() == 64);
  CHECK(check(header, kPayload, kTimestamp, {pair.public_key}).ok);

  auto wrong_key = check(header, kPayload, kTimestamp, {kPublicKey});
  CHECK_FALSE(wrong_key.ok);
  CHECK(wrong_key.reason == "no matching signature");

  CHECK(check(header, R"({"test": 2432232315})", kTimestamp, {pair.public_key}).reason ==
        "no matching signature");

  // The timestamp is signed: the same header under another (still fresh) timestamp fails.
  auto moved = verify({pair.public_key}, kMsgId, std::to_string(kTimestamp + 1), header, kPayload,
                      kTimestamp);
  CHECK(moved.reason == "no matching signature");
  auto other_id = verify({pair.public_key}, "msg_other", std::to_string(kTimestamp), header,
                         kPayload, kTimestamp);
  CHECK(other_id.reason == "no matching signature");

  // A v1a signature does not count under the v1 label, nor a flipped bit in it.
  CHECK(check("v1," + header.substr(4), kPayload, kTimestamp, {pair.public_key}).reason ==
        "no matching signature");
  std::string flipped = header;
  flipped[10] = flipped[10] == 'A' ? 'B' : 'A';
  CHECK(check(flipped, kPayload, kTimestamp, {pair.public_key}).reason == "no matching signature");
  // Truncated (not 64 bytes) and non-base64 signatures are mismatches, not crashes.
  CHECK_FALSE(check(header.substr(0, 40), kPayload, kTimestamp, {pair.public_key}).ok);
  CHECK_FALSE(check("v1a,!!!!", kPayload, kTimestamp, {pair.public_key}).ok);
  // The timestamp tolerance applies to v1a as to v1.
  CHECK(check(header, kPayload, kTimestamp + 301, {pair.public_key}).reason == "timestamp too old");
}

TEST_CASE("signing v1a: a mixed header, one entry per key in order, each verifiable alone") {
  KeyPair pair = generate_ed25519_pair();
  std::vector<SigningKey> keys{signing_key(kSecretKey), signing_key(std::string(kSecret)),
                               signing_key(pair.secret_key)};
  std::string header = signature_header(keys, kMsgId, kTimestamp, kPayload);
  std::vector<std::string> entries;
  for (size_t pos = 0; pos <= header.size();) {
    size_t end = std::min(header.find(' ', pos), header.size());
    entries.push_back(header.substr(pos, end - pos));
    pos = end + 1;
  }
  REQUIRE(entries.size() == 3);
  CHECK(entries[0] == kExpectedV1a);
  CHECK(entries[1] == kExpected);
  CHECK(entries[2].starts_with("v1a,"));

  // Each holder verifies with what it holds: the shared secret, or either public key.
  CHECK(check(header, kPayload, kTimestamp, {std::string(kSecret)}).ok);
  CHECK(check(header, kPayload, kTimestamp, {kPublicKey}).ok);
  CHECK(check(header, kPayload, kTimestamp, {pair.public_key}).ok);
  CHECK(check(header, kPayload, kTimestamp, {kOtherSecret, pair.public_key}).ok);
  CHECK_FALSE(check(header, kPayload, kTimestamp, {kOtherSecret}).ok);
  CHECK_FALSE(check(header, "{}", kTimestamp, {std::string(kSecret), kPublicKey}).ok);

  // A v1a entry never satisfies a whsec_ holder, nor a v1 entry a whpk_ holder.
  CHECK_FALSE(check(entries[0], kPayload, kTimestamp, {std::string(kSecret)}).ok);
  CHECK_FALSE(check(entries[1], kPayload, kTimestamp, {kPublicKey}).ok);
}

TEST_CASE("signing v1a: secret problems are one line and never show the key") {
  CHECK(signing_secret_problem(std::string(kSecret)).empty());
  CHECK(signing_secret_problem(kSecretKey).empty());
  CHECK(signing_secret_problem(long_form_secret()).empty());

  const std::string short_seed = "whsk_" + weft::base64_encode("short-seed-material");
  // seed || someone else's public key.
  const std::string mismatched =
      "whsk_" + weft::base64_encode(*weft::base64_decode(kSeedBase64) + std::string(32, 'x'));
  struct Case {
    std::string secret;
    std::string expected;
  };
  for (const Case& c : std::vector<Case>{
           {short_seed, "must be whsk_ followed by base64 of a 32-byte Ed25519 seed"},
           {mismatched, "whsk_ key's public half is not the one its seed derives"},
           {kPublicKey, "is a whpk_ public key, which only verifies"},
           {"whsec_c2hvcnQ=", "must be whsec_ followed by base64 of 24..64 bytes"},
           {kSeedBase64, "must be whsec_ (HMAC"},
       }) {
    CAPTURE(c.expected);
    std::string problem = signing_secret_problem(c.secret);
    CHECK(problem.starts_with(c.expected));
    CHECK(problem.find('\n') == std::string::npos);
    CHECK(problem.find(c.secret.substr(5, 12)) == std::string::npos);
    CHECK(problem.find("c2hvcnQ") == std::string::npos);
  }
}

TEST_CASE("signing v1a: verify reports an unusable public key") {
  CHECK(check(kExpectedV1a, kPayload, kTimestamp, {"whpk_" + kSeedBase64.substr(4)}).reason ==
        "malformed secret");
  CHECK(check(kExpectedV1a, kPayload, kTimestamp, {"whpk_"}).reason == "malformed secret");
}
