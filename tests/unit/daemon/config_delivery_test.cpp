// Delivery durability settings: the `spool:` block (none or path, key, retention, rotation,
// max_size) and each subscriber's max_in_flight, rate_limit, burst, max_queue and retry.
// Values, defaults, every error with its file:line: key path, the retention cross-check, and
// that the spool key shows up in no error and no description.
#include <doctest/doctest.h>
#include <stdlib.h>

#include <array>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "daemon/config/config.h"
#include "daemon/config/describe.h"
#include "providers/core/crypto.h"
#include "unit/daemon/config_support.h"

namespace {

using namespace weft::config;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

// 32 bytes that no loader message could produce by itself.
const std::string kRawKey = "K3y-Canary-32-bytes-long-secret!";
const std::string kHexKey = weft::to_hex(kRawKey);
const std::string kBase64Key = weft::base64_encode(kRawKey);

std::array<uint8_t, 32> raw_key_bytes() {
  std::array<uint8_t, 32> bytes{};
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<uint8_t>(kRawKey[i]);
  return bytes;
}

// True when text holds any recognisable piece of the key, in any of its encodings.
bool shows_key(const std::string& text) {
  return text.find("Canary") != std::string::npos ||
         text.find(kHexKey.substr(0, 16)) != std::string::npos ||
         text.find(kHexKey.substr(40, 16)) != std::string::npos ||
         text.find(kBase64Key.substr(0, 12)) != std::string::npos ||
         text.find(kBase64Key.substr(28, 12)) != std::string::npos;
}

using namespace weft::config::test;

// Lines 1..11 are fixed; `subscriber_extra` starts at line 12 and `spool` follows it, so the
// spool block comes after the subscribers that are checked against it.
std::string config_text(const std::string& subscriber_extra, const std::string& spool) {
  return "connections:\n"
         "  - id: demo-sandbox\n"
         "    tenant: demo\n"
         "    provider: sandbox\n"
         "    environment: sandbox\n"
         "    secrets: [s1]\n"
         "subscribers:\n"
         "  - id: printer\n"
         "    url: http://127.0.0.1:8090/events\n"
         "    secrets: [whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw]\n"
         "    events: [\"ats.*\"]\n" +
         subscriber_extra + spool;
}

const std::string kEnvSpool =
    "spool:\n  path: /var/lib/weft/spool\n  key: \"${env:WEFT_TEST_SPOOL_KEY}\"\n";

const std::string kSpoolBadKey =
    "spool.key: must be 64 hex characters or base64 of 32 bytes (openssl rand -hex 32)";

}  // namespace

TEST_CASE("config delivery: spool none, or omitted, stores nothing") {
  for (const std::string& spool : {std::string(), std::string("spool: none\n")}) {
    CAPTURE(spool);
    Loaded loaded = load_text(config_text("", spool));
    REQUIRE(loaded.error == "");
    CHECK_FALSE(loaded.config->spool.enabled);
    CHECK(loaded.config->spool.path.empty());
    CHECK(describe(*loaded.config).find("\nspool none\n") != std::string::npos);
  }
}

TEST_CASE("config delivery: a spool mapping with its defaults, key from ${env:} in hex") {
  ScopedEnv key("WEFT_TEST_SPOOL_KEY", kHexKey);
  const std::string dir = scratch_dir() + "/not-created";
  Loaded loaded = load_text(
      config_text("", "spool:\n  path: " + dir + "\n  key: \"${env:WEFT_TEST_SPOOL_KEY}\"\n"));
  REQUIRE(loaded.error == "");
  const Spool& spool = loaded.config->spool;
  const Spool defaults;
  CHECK(spool.enabled);
  CHECK(spool.path == dir);
  CHECK(spool.key == raw_key_bytes());
  CHECK(spool.retention == hours(72));
  CHECK(spool.rotation == hours(1));
  CHECK(spool.max_size == 1ull << 30);
  CHECK(spool.retention == defaults.retention);
  CHECK(spool.rotation == defaults.rotation);
  CHECK(spool.max_size == defaults.max_size);
  // Loading only reads: check-config must work where the directory cannot be made.
  CHECK_FALSE(std::filesystem::exists(dir));

  std::string description = describe(*loaded.config);
  CHECK(description.find("\nspool path=" + dir +
                         " retention=72h rotation=1h max_size=1GiB key=set\n") !=
        std::string::npos);
  CHECK_FALSE(shows_key(description));
}

TEST_CASE("config delivery: spool keys in base64 and hex, from ${env:} and ${file:}") {
  std::string upper_hex = kHexKey;
  for (char& c : upper_hex) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const std::string base64_file = write_file("key.b64", kBase64Key + "\n");
  const std::string hex_file = write_file("key.hex", "  " + upper_hex + " \r\n\n");
  ScopedEnv env_base64("WEFT_TEST_SPOOL_KEY", " " + kBase64Key + "\n");

  const std::vector<std::string> references = {
      "${env:WEFT_TEST_SPOOL_KEY}", "${file:" + base64_file + "}", "${file:" + hex_file + "}"};
  for (const std::string& reference : references) {
    CAPTURE(reference);
    Loaded loaded =
        load_text(config_text("", "spool:\n  path: /srv/spool\n  key: \"" + reference + "\"\n"));
    REQUIRE(loaded.error == "");
    CHECK(loaded.config->spool.key == raw_key_bytes());
  }
}

TEST_CASE("config delivery: every spool key read") {
  ScopedEnv key("WEFT_TEST_SPOOL_KEY", kHexKey);
  Loaded loaded =
      load_text(config_text("    retry: {max_age: 10s}\n", kEnvSpool + "  retention: 10s\n"
                                                                       "  rotation: 2s\n"
                                                                       "  max_size: 1MiB\n"));
  REQUIRE(loaded.error == "");
  CHECK(loaded.config->spool.retention == seconds(10));
  CHECK(loaded.config->spool.rotation == seconds(2));
  CHECK(loaded.config->spool.max_size == 1u << 20);
  CHECK(describe(*loaded.config).find(" retention=10s rotation=2s max_size=1MiB key=set\n") !=
        std::string::npos);

  // An omitted rotation longer than the retention shrinks to it.
  Loaded short_window =
      load_text(config_text("    retry: {max_age: 30m}\n", kEnvSpool + "  retention: 30m\n"));
  REQUIRE(short_window.error == "");
  CHECK(short_window.config->spool.rotation == minutes(30));
}

TEST_CASE("config delivery: spool errors name the line and key, never the key") {
  ScopedEnv good("WEFT_TEST_SPOOL_KEY", kHexKey);
  ScopedEnv unset("WEFT_TEST_SPOOL_UNSET", std::nullopt);
  ScopedEnv short_hex("WEFT_TEST_SPOOL_SHORT", kHexKey.substr(0, 62));
  ScopedEnv long_base64("WEFT_TEST_SPOOL_LONG", weft::base64_encode(kRawKey + "!"));
  ScopedEnv not_hex("WEFT_TEST_SPOOL_NOT_HEX", "g" + kHexKey.substr(1));
  ScopedEnv unpadded("WEFT_TEST_SPOOL_UNPADDED", kBase64Key.substr(0, 43));
  const std::string missing_file = scratch_dir() + "/no-such.key";
  const std::string path_line = "spool:\n  path: /var/lib/weft/spool\n";
  struct Case {
    std::string spool;
    std::string expected;  // after "<path>:"
  };
  const std::vector<Case> cases = {
      {"spool: yes\n", "12: spool: must be none or a mapping with path and key"},
      {"spool: [none]\n", "12: spool: must be none or a mapping with path and key"},
      {"spool:\n", "12: spool: must be none or a mapping with path and key"},
      {"spool: {key: \"${env:WEFT_TEST_SPOOL_KEY}\"}\n", "12: spool.path: required"},
      {path_line, "13: spool.key: required"},
      {"spool:\n  path: var/spool\n  key: \"${env:WEFT_TEST_SPOOL_KEY}\"\n",
       "13: spool.path: must be an absolute path"},
      {path_line + "  key: " + kHexKey + "\n",
       "14: spool.key: must come from ${file:...}, ${env:...} or ${cred:...}"},
      {path_line + "  key: \"" + kBase64Key + "\"\n",
       "14: spool.key: must come from ${file:...}, ${env:...} or ${cred:...}"},
      {path_line + "  key: \"${env:WEFT_TEST_SPOOL_UNSET}\"\n",
       "14: spool.key: environment variable WEFT_TEST_SPOOL_UNSET is not set"},
      {path_line + "  key: \"${env:WEFT_TEST_SPOOL_SHORT}\"\n", "14: " + kSpoolBadKey},
      {path_line + "  key: \"${env:WEFT_TEST_SPOOL_LONG}\"\n", "14: " + kSpoolBadKey},
      {path_line + "  key: \"${env:WEFT_TEST_SPOOL_NOT_HEX}\"\n", "14: " + kSpoolBadKey},
      {path_line + "  key: \"${env:WEFT_TEST_SPOOL_UNPADDED}\"\n", "14: " + kSpoolBadKey},
      {path_line + "  key: \"${file:" + missing_file + "}\"\n",
       "14: spool.key: cannot read " + missing_file + ": "},
      {kEnvSpool + "  retention: 0s\n", "15: spool.retention: must be 1s..2160h"},
      {kEnvSpool + "  retention: 2161h\n", "15: spool.retention: must be 1s..2160h"},
      {kEnvSpool + "  retention: 3\n",
       "15: spool.retention: must be a duration like 250ms, 3s, 10m or 2h"},
      {kEnvSpool + "  retention: 1h\n  rotation: 2h\n",
       "16: spool.rotation: must not exceed retention (1h)"},
      {kEnvSpool + "  rotation: 0s\n", "15: spool.rotation: must be 1s..2160h"},
      {kEnvSpool + "  max_size: 512KiB\n", "15: spool.max_size: must be 1MiB..1024GiB"},
      {kEnvSpool + "  max_size: 1GB\n",
       "15: spool.max_size: unsupported unit: use bytes (512) or binary units KiB, MiB, GiB"},
      {kEnvSpool + "  directory: /tmp\n", "15: spool.directory: unknown key"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.spool);
    Loaded loaded = load_text(config_text("", c.spool));
    if (c.expected.ends_with(": ")) {
      CHECK(loaded.error.starts_with(c.expected));  // the OS's reason follows
    } else {
      CHECK(loaded.error == c.expected);
    }
    CHECK_FALSE(shows_key(loaded.error));
  }
}

TEST_CASE("config delivery: subscriber delivery keys default as documented") {
  Loaded loaded = load_text(config_text("", ""));
  REQUIRE(loaded.error == "");
  const Subscriber& s = loaded.config->subscribers.at(0);
  const Retry defaults;
  CHECK(s.max_in_flight == 16);
  CHECK(s.rate_per_second == 0);
  CHECK(s.burst == 1);
  CHECK(s.max_queue == 100'000);
  CHECK(s.retry.schedule == defaults.schedule);
  CHECK(s.retry.schedule.size() == 7);
  CHECK(s.retry.max_age == hours(36));
  CHECK(s.retry.jitter == doctest::Approx(0.2));
  CHECK(describe(*loaded.config)
            .find(" max_connections=8 max_in_flight=16 rate_limit=none max_queue=100000 "
                  "retry=5s,5m,30m,2h,5h,10h,10h max_age=36h jitter=0.2\n") != std::string::npos);
}

TEST_CASE("config delivery: every subscriber delivery key read") {
  Loaded loaded =
      load_text(config_text("    max_in_flight: 4\n"
                            "    rate_limit: 600/m\n"
                            "    burst: 20\n"
                            "    max_queue: 500\n"
                            "    retry:\n"
                            "      schedule: [1s, 10s, 1m, 150ms]\n"
                            "      max_age: 2h\n"
                            "      jitter: 0.5\n",
                            ""));
  REQUIRE(loaded.error == "");
  const Subscriber& s = loaded.config->subscribers.at(0);
  CHECK(s.max_in_flight == 4);
  CHECK(s.rate_per_second == doctest::Approx(10.0));
  CHECK(s.burst == 20);
  CHECK(s.max_queue == 500);
  CHECK(s.retry.schedule ==
        std::vector<Duration>{seconds(1), seconds(10), minutes(1), milliseconds(150)});
  CHECK(s.retry.max_age == hours(2));
  CHECK(s.retry.jitter == doctest::Approx(0.5));
  CHECK(describe(*loaded.config)
            .find(" max_in_flight=4 rate_limit=10/s burst=20 max_queue=500 "
                  "retry=1s,10s,1m,150ms max_age=2h jitter=0.5\n") != std::string::npos);

  Loaded hourly = load_text(config_text("    rate_limit: 90/h\n    retry: {jitter: 0}\n", ""));
  REQUIRE(hourly.error == "");
  CHECK(hourly.config->subscribers[0].rate_per_second == doctest::Approx(90.0 / 3600));
  CHECK(hourly.config->subscribers[0].retry.jitter == 0);
  CHECK(hourly.config->subscribers[0].retry.schedule == Retry().schedule);
  CHECK(describe(*hourly.config).find(" rate_limit=90/h burst=1 ") != std::string::npos);
}

TEST_CASE("config delivery: subscriber delivery errors name the line and key") {
  std::string twenty_one = "    retry: {schedule: [";
  for (int i = 0; i < 21; ++i) twenty_one += i == 0 ? "1s" : ", 1s";
  twenty_one += "]}\n";
  struct Case {
    std::string extra;
    std::string expected;  // after "<path>:"
  };
  const std::vector<Case> cases = {
      {"    max_in_flight: 0\n", "12: subscribers[0].max_in_flight: must be an integer 1..1024"},
      {"    max_in_flight: 1025\n", "12: subscribers[0].max_in_flight: must be an integer 1..1024"},
      {"    rate_limit: fast\n",
       "12: subscribers[0].rate_limit: must be a rate like 10/s, 600/m or 3600/h"},
      {"    rate_limit: 10/d\n",
       "12: subscribers[0].rate_limit: must be a rate like 10/s, 600/m or 3600/h"},
      {"    rate_limit: 0/s\n",
       "12: subscribers[0].rate_limit: must allow 1..100000 requests per unit"},
      {"    burst: 5\n", "12: subscribers[0].burst: only allowed with rate_limit"},
      {"    rate_limit: 5/s\n    burst: 0\n",
       "13: subscribers[0].burst: must be an integer 1..1000"},
      {"    rate_limit: 5/s\n    burst: 1001\n",
       "13: subscribers[0].burst: must be an integer 1..1000"},
      {"    max_queue: 0\n", "12: subscribers[0].max_queue: must be an integer 1..10000000"},
      {"    max_queue: 10000001\n", "12: subscribers[0].max_queue: must be an integer 1..10000000"},
      {"    retry: 5s\n", "12: subscribers[0].retry: must be a mapping"},
      {"    retry: {schedule: []}\n",
       "12: subscribers[0].retry.schedule: must be a list of 1..20 durations"},
      {twenty_one, "12: subscribers[0].retry.schedule: must be a list of 1..20 durations"},
      {"    retry:\n      schedule:\n        - 1s\n        - 50ms\n",
       "15: subscribers[0].retry.schedule[1]: must be 100ms..168h"},
      {"    retry: {schedule: [169h]}\n",
       "12: subscribers[0].retry.schedule[0]: must be 100ms..168h"},
      {"    retry: {schedule: [soon]}\n",
       "12: subscribers[0].retry.schedule[0]: must be a duration like 250ms, 3s, 10m or 2h"},
      {"    retry: {max_age: 500ms}\n", "12: subscribers[0].retry.max_age: must be 1s..2160h"},
      {"    retry: {max_age: 2161h}\n", "12: subscribers[0].retry.max_age: must be 1s..2160h"},
      {"    retry: {jitter: 1.5}\n", "12: subscribers[0].retry.jitter: must be a number 0..1"},
      {"    retry: {jitter: -0.1}\n", "12: subscribers[0].retry.jitter: must be a number 0..1"},
      {"    retry: {jitter: .5}\n", "12: subscribers[0].retry.jitter: must be a number 0..1"},
      {"    retry: {jitter: 1e-1}\n", "12: subscribers[0].retry.jitter: must be a number 0..1"},
      {"    retry: {jitter: nan}\n", "12: subscribers[0].retry.jitter: must be a number 0..1"},
      {"    retry: {jitter: high}\n", "12: subscribers[0].retry.jitter: must be a number 0..1"},
      {"    retry: {tries: 3}\n", "12: subscribers[0].retry.tries: unknown key"},
      {"    retries: 3\n", "12: subscribers[0].retries: unknown key"},
      {"    rate: 5/s\n", "12: subscribers[0].rate: unknown key"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.extra);
    CHECK(load_text(config_text(c.extra, "")).error == c.expected);
  }
}

TEST_CASE("config delivery: retry.max_age must fit in the spool's retention") {
  ScopedEnv key("WEFT_TEST_SPOOL_KEY", kHexKey);
  SUBCASE("written longer than the retention") {
    Loaded loaded =
        load_text(config_text("    retry:\n      max_age: 2h\n", kEnvSpool + "  retention: 1h\n"));
    CHECK(loaded.error == "13: subscribers[0].retry.max_age: must not exceed spool.retention (1h)");
    CHECK_FALSE(shows_key(loaded.error));
  }
  SUBCASE("the default is longer than the retention") {
    Loaded loaded = load_text(config_text("", kEnvSpool + "  retention: 24h\n"));
    CHECK(loaded.error ==
          "8: subscribers[0].retry.max_age: the default 36h must not exceed spool.retention (24h)");
    Loaded in_block =
        load_text(config_text("    retry: {jitter: 0.1}\n", kEnvSpool + "  retention: 24h\n"));
    CHECK(in_block.error ==
          "12: subscribers[0].retry.max_age: the default 36h must not exceed spool.retention "
          "(24h)");
  }
  SUBCASE("equal to the retention, or shorter, loads") {
    Loaded equal = load_text(config_text("", kEnvSpool + "  retention: 36h\n"));
    CHECK(equal.error == "");
    Loaded shorter =
        load_text(config_text("    retry: {max_age: 10s}\n", kEnvSpool + "  retention: 10s\n"));
    CHECK(shorter.error == "");
  }
  SUBCASE("without a spool nothing bounds it") {
    Loaded loaded = load_text(config_text("    retry: {max_age: 2160h}\n", "spool: none\n"));
    REQUIRE(loaded.error == "");
    CHECK(loaded.config->subscribers[0].retry.max_age == hours(2160));
  }
}

TEST_CASE("config delivery: the spool example loads once its variables are set") {
  ScopedEnv key("WEFT_SPOOL_KEY", kHexKey);
  ScopedEnv admin_token("WEFT_ADMIN_TOKEN", "0123456789abcdef0123456789abcdef");
  ScopedEnv greenhouse("ACME_GREENHOUSE_WEBHOOK_SECRET", "gh-secret");
  ScopedEnv crm("ACME_CRM_WHSEC", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  Snapshot config = load(std::string(WEFT_SOURCE_DIR) + "/conf/spool.example.yaml");
  CHECK(config->spool.enabled);
  CHECK(config->spool.key == raw_key_bytes());
  REQUIRE(config->subscribers.size() == 1);
  const Subscriber& s = config->subscribers[0];
  CHECK(s.rate_per_second > 0);
  CHECK(s.retry.max_age <= config->spool.retention);
  CHECK_FALSE(shows_key(describe(*config)));
}

TEST_CASE("config delivery: the admin listener is off unless configured, and its address is read") {
  Loaded none = load_text(config_text("", ""));
  REQUIRE(none.error.empty());
  CHECK_FALSE(none.config->admin.enabled);
  CHECK(describe(*none.config).find("admin ") == std::string::npos);

  ScopedEnv token("WEFT_TEST_ADMIN_TOKEN", "0123456789abcdef0123456789abcdef");
  const std::string with_token = "  token: ${env:WEFT_TEST_ADMIN_TOKEN}\n";
  Loaded v6 = load_text("admin:\n  listen: \"[::1]:9091\"\n" + with_token + config_text("", ""));
  REQUIRE(v6.error.empty());
  CHECK(v6.config->admin.token == "0123456789abcdef0123456789abcdef");
  CHECK(describe(*v6.config).find("0123456789abcdef") == std::string::npos);
  CHECK(v6.config->admin.enabled);
  CHECK(v6.config->admin.listen_host == "::1");
  CHECK(v6.config->admin.listen_port == 9091);
  CHECK(describe(*v6.config).find("admin listen=[::1]:9091\n") != std::string::npos);

  CHECK(load_text("admin:\n  listen: example.com:80\n" + config_text("", "")).error ==
        "2: admin.listen: must be host:port with an IP address or localhost, like "
        "127.0.0.1:8081 or [::1]:8081");
  CHECK(load_text("admin: {}\n" + config_text("", "")).error == "1: admin.listen: required");
  // The token: required, a reference only, at least 32 characters.
  CHECK(load_text("admin:\n  listen: 127.0.0.1:1\n" + config_text("", "")).error ==
        "2: admin.token: required");
  CHECK(load_text("admin:\n  listen: 127.0.0.1:1\n  token: literal-token-of-enough-length-000\n" +
                  config_text("", ""))
            .error == "3: admin.token: must come from ${file:...}, ${env:...} or ${cred:...}");
  ScopedEnv short_token("WEFT_TEST_SHORT_TOKEN", "too-short");
  CHECK(load_text("admin:\n  listen: 127.0.0.1:1\n  token: ${env:WEFT_TEST_SHORT_TOKEN}\n" +
                  config_text("", ""))
            .error == "3: admin.token: must be 32..512 characters long");
  CHECK(load_text("admin:\n  listen: 127.0.0.1:1\n" + with_token + "  port: 2\n" +
                  config_text("", ""))
            .error.starts_with("4: admin.port: unknown key"));
}

TEST_CASE("config delivery: a connection's inbound rate_limit and burst") {
  const std::string head =
      "connections:\n"
      "  - id: gh\n"
      "    tenant: acme\n"
      "    provider: greenhouse\n"
      "    environment: production\n"
      "    secrets: [s1]\n";
  Loaded none = load_text(head);
  REQUIRE(none.error.empty());
  CHECK(none.config->connections[0].rate_per_second == 0);
  Loaded limited = load_text(head + "    rate_limit: 600/m\n    burst: 20\n");
  REQUIRE(limited.error.empty());
  CHECK(limited.config->connections[0].rate_per_second == doctest::Approx(10));
  CHECK(limited.config->connections[0].burst == 20);
  CHECK(load_text(head + "    burst: 20\n").error ==
        "7: connections[0].burst: only allowed with rate_limit");
  CHECK(load_text(head + "    rate_limit: 10\n").error ==
        "7: connections[0].rate_limit: must be a rate like 10/s, 600/m or 3600/h");
}
