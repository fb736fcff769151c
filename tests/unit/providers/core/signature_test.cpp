// The table-driven signature verifier: each carrier, message and encoding, rotation, replay
// windows, and the one-line reasons. Signatures here are computed independently with the
// crypto helpers, from each scheme's documented construction.
#include "providers/core/signature.h"

#include <doctest/doctest.h>

#include <string>

#include "providers/core/crypto.h"

namespace weft {
namespace {

const ConnectionInfo kConnection{"c1", "acme", "x", "production", {"old-secret", "new-secret"}};
constexpr std::string_view kBody = R"({"id":"42","name":"x"})";

Verification check(const SignatureScheme& scheme, const Headers& headers,
                   std::string_view body = kBody, int64_t now = 0) {
  VendorRequest request{headers, body, {}, now};
  return verify_signature(request, kConnection, scheme);
}

std::string hex_mac(std::string_view secret, std::string_view message) {
  return to_hex(hmac_sha256(secret, message));
}

SignatureScheme body_hex(std::string_view header, std::string_view prefix) {
  SignatureScheme s;
  s.header = header;
  s.prefix = prefix;
  return s;
}

}  // namespace

TEST_CASE("signature: body, hex, with a prefix; any secret of the rotation") {
  auto scheme = body_hex("Ashby-Signature", "sha256=");
  CHECK(check(scheme, {{"Ashby-Signature", "sha256=" + hex_mac("new-secret", kBody)}}).ok);
  CHECK(check(scheme, {{"ashby-signature", "sha256=" + hex_mac("old-secret", kBody)}}).ok);
  std::string upper = hex_mac("old-secret", kBody);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  CHECK(check(scheme, {{"Ashby-Signature", "sha256=" + upper}}).ok);

  auto wrong = check(scheme, {{"Ashby-Signature", "sha256=" + hex_mac("other", kBody)}});
  CHECK_FALSE(wrong.ok);
  CHECK(wrong.reason == "Ashby-Signature does not match");
  auto tampered = check(scheme, {{"Ashby-Signature", "sha256=" + hex_mac("new-secret", kBody)}},
                        R"({"id":"43","name":"x"})");
  CHECK(tampered.reason == "Ashby-Signature does not match");
  CHECK(check(scheme, {}).reason == "missing Ashby-Signature header");
  CHECK(check(scheme, {{"Ashby-Signature", hex_mac("new-secret", kBody)}}).reason ==
        "Ashby-Signature lacks the 'sha256=' prefix");
  CHECK(check(scheme, {{"Ashby-Signature", "sha256=zz"}}).reason == "Ashby-Signature is malformed");
}

TEST_CASE("signature: base64 and hex-or-base64 encodings") {
  SignatureScheme b64 = body_hex("PINPOINT-HMAC-SHA256", "");
  b64.encoding = DigestEncoding::base64;
  const std::string raw = hmac_sha256("new-secret", kBody);
  CHECK(check(b64, {{"PINPOINT-HMAC-SHA256", base64_encode(raw)}}).ok);
  CHECK_FALSE(check(b64, {{"PINPOINT-HMAC-SHA256", to_hex(raw)}}).ok);

  SignatureScheme either = body_hex("X-Workable-Signature", "");
  either.encoding = DigestEncoding::hex_or_base64;
  CHECK(check(either, {{"X-Workable-Signature", base64_encode(raw)}}).ok);
  CHECK(check(either, {{"X-Workable-Signature", to_hex(raw)}}).ok);
  CHECK_FALSE(check(either, {{"X-Workable-Signature", base64_encode(std::string(32, 'x'))}}).ok);
}

TEST_CASE("signature: Teamtailor v2, base64 of t=..,v2=.. over t.body, with a replay window") {
  SignatureScheme tt;
  tt.header = "TT-Signature";
  tt.message = SignedMessage::timestamp_dot_body;
  tt.carrier = SignatureCarrier::teamtailor_v2;
  tt.replay_window = true;
  const int64_t now = 1'780'000'000;
  auto header = [&](int64_t t, std::string_view secret) {
    std::string ts = std::to_string(t);
    return base64_encode("t=" + ts + ",v2=" + hex_mac(secret, ts + "." + std::string(kBody)));
  };
  CHECK(check(tt, {{"TT-Signature", header(now - 10, "old-secret")}}, kBody, now).ok);
  CHECK(check(tt, {{"TT-Signature", header(now - 301, "old-secret")}}, kBody, now).reason ==
        "signed timestamp is outside the replay window");
  CHECK(check(tt, {{"TT-Signature", header(now + 301, "old-secret")}}, kBody, now).reason ==
        "signed timestamp is outside the replay window");
  CHECK(check(tt, {{"TT-Signature", header(now, "bad")}}, kBody, now).reason ==
        "TT-Signature does not match");
  // The timestamp is signed: moving it breaks the signature, not just the window.
  std::string ts = std::to_string(now);
  std::string moved = base64_encode("t=" + std::to_string(now - 5) +
                                    ",v2=" + hex_mac("new-secret", ts + "." + std::string(kBody)));
  CHECK(check(tt, {{"TT-Signature", moved}}, kBody, now).reason == "TT-Signature does not match");
  CHECK(check(tt, {{"TT-Signature", "%%%"}}, kBody, now).reason == "TT-Signature is malformed");
  CHECK(
      check(tt, {{"TT-Signature", base64_encode("v2=" + hex_mac("new-secret", kBody))}}, kBody, now)
          .reason == "missing signed timestamp");
}

TEST_CASE("signature: SmartRecruiters v1 list over ts.body.id.name.version.link") {
  SignatureScheme sr;
  sr.header = "smartrecruiters-signature";
  sr.message = SignedMessage::smartrecruiters;
  sr.carrier = SignatureCarrier::v1_list;
  sr.timestamp_header = "smartrecruiters-timestamp";
  sr.replay_window = true;
  // The vendor's published test vector.
  const ConnectionInfo vendor{"c", "t", "smartrecruiters", "production", {"HeBVky2bccvvkcXPimH8c"}};
  const std::string body = R"({"job_id":"jid","candidate_id":"cid"})";
  Headers headers{{"smartrecruiters-timestamp", "1574080897"},
                  {"event-id", "123"},
                  {"event-name", "application.created"},
                  {"event-version", "v201910"},
                  {"link", "<http://smartrecruiters.com/endpoint>; rel=self"},
                  {"smartrecruiters-signature",
                   "v1=00;v1=2e9291f10d44ca10204a4cd81b05d73b6a316b2b605d4e2e0e0b37b40198ce1f"}};
  VendorRequest request{headers, body, {}, 1574080897 + 60};
  CHECK(verify_signature(request, vendor, sr).ok);
  request.now = 1574080897 + 3600;
  CHECK(verify_signature(request, vendor, sr).reason ==
        "signed timestamp is outside the replay window");
  Headers stripped;
  for (const auto& h : headers.all()) {
    if (h.name != "smartrecruiters-timestamp") stripped.add(h.name, h.value);
  }
  VendorRequest unstamped{stripped, body, {}, 1574080897};
  CHECK(verify_signature(unstamped, vendor, sr).reason ==
        "missing smartrecruiters-timestamp header");
}

TEST_CASE("signature: Lever fields in the body, token + triggeredAt") {
  SignatureScheme lever;
  lever.message = SignedMessage::lever_fields;
  lever.carrier = SignatureCarrier::body_field;
  const std::string token = "f1a2b3";
  const std::string triggered = "1712049303000";
  std::string body = R"({"event":"candidateHired","triggeredAt":)" + triggered + R"(,"token":")" +
                     token + R"(","signature":")" + hex_mac("old-secret", token + triggered) +
                     R"(","data":{}})";
  CHECK(check(lever, {}, body).ok);
  std::string forged = R"({"event":"candidateHired","triggeredAt":)" + triggered +
                       R"(,"token":"other","signature":")" +
                       hex_mac("old-secret", token + triggered) + R"(","data":{}})";
  CHECK(check(lever, {}, forged).reason == "signature field does not match");
  CHECK(check(lever, {}, R"({"event":"x"})").reason == "missing signature field");
  CHECK(check(lever, {}, "not json").reason ==
        "body is not a JSON object, so it carries no signature");
}

TEST_CASE("signature: body followed by a timestamp header") {
  SignatureScheme bamboo = body_hex("X-BambooHR-Signature", "");
  bamboo.message = SignedMessage::body_then_timestamp;
  bamboo.timestamp_header = "X-BambooHR-Timestamp";
  bamboo.replay_window = true;
  Headers headers{
      {"X-BambooHR-Timestamp", "1780000000"},
      {"X-BambooHR-Signature", hex_mac("new-secret", std::string(kBody) + "1780000000")}};
  CHECK(check(bamboo, headers, kBody, 1780000100).ok);
  CHECK(check(bamboo, headers, kBody, 1780000400).reason ==
        "signed timestamp is outside the replay window");
  CHECK(check(bamboo, headers, kBody, 0).ok);  // no clock given: the window is not checked
}

}  // namespace weft
