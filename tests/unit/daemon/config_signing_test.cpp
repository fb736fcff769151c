// A subscriber's signing secrets: whsec_ (HMAC, v1) and whsk_ (Ed25519, v1a) entries, mixed,
// literal or from ${env:}; each malformed one is a one-line error at its file:line and key
// path that never shows the secret, and the description counts secrets without showing them.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "daemon/config/config.h"
#include "daemon/config/describe.h"
#include "daemon/deliver/signing.h"
#include "providers/core/crypto.h"
#include "unit/daemon/config_support.h"

namespace {

using namespace weft::config;
using namespace weft::config::test;

constexpr std::string_view kWhsec = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

// Lines 1..9 are fixed; the secrets list is on line 10.
std::string config_with_secrets(const std::string& secrets) {
  return "connections:\n"
         "  - id: demo-sandbox\n"
         "    tenant: demo\n"
         "    provider: sandbox\n"
         "    environment: sandbox\n"
         "    secrets: [s1]\n"
         "subscribers:\n"
         "  - id: printer\n"
         "    url: http://127.0.0.1:8090/events\n"
         "    secrets: [" +
         secrets +
         "]\n"
         "    events: [\"ats.*\"]\n";
}

// True when text shows any 12-character piece of the base64 part of `secret`.
bool shows(const std::string& text, const std::string& secret) {
  std::string b64 = secret.substr(secret.find('_') + 1);
  for (std::size_t i = 0; i + 12 <= b64.size(); i += 4) {
    if (text.find(b64.substr(i, 12)) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("config signing: whsec_ and whsk_ entries mix, in order, literal or from ${env:}") {
  auto first = weft::deliver::generate_ed25519_pair();
  auto second = weft::deliver::generate_ed25519_pair();
  ScopedEnv env("WEFT_TEST_WHSK", second.secret_key);
  Loaded loaded = load_text(config_with_secrets(first.secret_key + ", " + std::string(kWhsec) +
                                                ", \"${env:WEFT_TEST_WHSK}\""));
  REQUIRE(loaded.error == "");
  const Subscriber& s = loaded.config->subscribers.at(0);
  CHECK(s.secrets ==
        std::vector<std::string>{first.secret_key, std::string(kWhsec), second.secret_key});
  std::string description = describe(*loaded.config);
  CHECK(description.find("3 secrets") != std::string::npos);
  CHECK_FALSE(shows(description, first.secret_key));
  CHECK_FALSE(shows(description, second.secret_key));

  // A subscriber may hold whsk_ keys only.
  Loaded only = load_text(config_with_secrets(first.secret_key));
  REQUIRE(only.error == "");
  CHECK(only.config->subscribers.at(0).secrets.size() == 1);
}

TEST_CASE("config signing: a malformed secret is a one-line error that never shows it") {
  auto pair = weft::deliver::generate_ed25519_pair();
  auto seed = weft::base64_decode(pair.secret_key.substr(5));
  REQUIRE(seed);
  struct Case {
    std::string secret;
    std::string expected;  // after "<path>:"
  };
  const std::vector<Case> cases = {
      {"whsk_" + weft::base64_encode(seed->substr(0, 31)),
       "10: subscribers[0].secrets[1]: must be whsk_ followed by base64 of a 32-byte Ed25519 "
       "seed (or of 64 bytes: seed and public key); weftd keygen makes one"},
      {"whsk_" + weft::base64_encode(*seed + std::string(32, 'z')),
       "10: subscribers[0].secrets[1]: whsk_ key's public half is not the one its seed derives"},
      {pair.public_key,
       "10: subscribers[0].secrets[1]: is a whpk_ public key, which only verifies: weft signs "
       "with the whsk_ secret key and the subscriber holds the whpk_"},
      {pair.secret_key.substr(5),
       "10: subscribers[0].secrets[1]: must be whsec_ (HMAC, base64 of 24..64 bytes) or whsk_ "
       "(Ed25519 secret key, weftd keygen) followed by base64"},
      {"whsec_c2hvcnQ=",
       "10: subscribers[0].secrets[1]: must be whsec_ followed by base64 of 24..64 bytes"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.expected);
    Loaded loaded = load_text(config_with_secrets(std::string(kWhsec) + ", \"" + c.secret + "\""));
    CHECK(loaded.error == c.expected);
    CHECK(loaded.error.find('\n') == std::string::npos);
    CHECK_FALSE(shows(loaded.error, c.secret));
  }
}
