// ${cred:NAME} secret references: systemd credentials (LoadCredential=) read from
// $CREDENTIALS_DIRECTORY/NAME, directly and through the config loader.
#include <doctest/doctest.h>

#include <filesystem>

#include "daemon/config/secrets.h"
#include "providers/core/crypto.h"
#include "unit/daemon/config_support.h"

namespace {

using namespace weft::config;
using namespace weft::config::test;

// A credentials directory of its own under the scratch dir.
std::string credentials_dir() {
  const std::string dir = scratch_dir() + "/cred-test";
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace

TEST_CASE("secrets: ${cred:NAME} reads $CREDENTIALS_DIRECTORY/NAME") {
  const std::string dir = credentials_dir();
  ScopedEnv directory("CREDENTIALS_DIRECTORY", dir);
  write_file("cred-test/gh.secret", "gh-from-credential\n");
  write_file("cred-test/crlf", "with-crlf\r\n");
  write_file("cred-test/two-newlines", "kept\n\n");

  ResolvedSecret gh = resolve_secret("${cred:gh.secret}");
  CHECK(gh.error.empty());
  CHECK(gh.value == "gh-from-credential");
  CHECK(resolve_secret("${cred:crlf}").value == "with-crlf");
  CHECK(resolve_secret("${cred:two-newlines}").value == "kept\n");
}

TEST_CASE("secrets: ${cred:NAME} errors name the credential, never its content") {
  const std::string dir = credentials_dir();
  SUBCASE("CREDENTIALS_DIRECTORY unset") {
    ScopedEnv directory("CREDENTIALS_DIRECTORY", std::nullopt);
    ResolvedSecret r = resolve_secret("${cred:gh.secret}");
    CHECK(r.value.empty());
    CHECK(r.error ==
          "${cred:gh.secret} needs CREDENTIALS_DIRECTORY (systemd LoadCredential=), which is not "
          "set");
  }
  SUBCASE("CREDENTIALS_DIRECTORY empty") {
    ScopedEnv directory("CREDENTIALS_DIRECTORY", "");
    CHECK(resolve_secret("${cred:gh.secret}").error.find("needs CREDENTIALS_DIRECTORY") !=
          std::string::npos);
  }
  SUBCASE("missing file") {
    ScopedEnv directory("CREDENTIALS_DIRECTORY", dir);
    ResolvedSecret r = resolve_secret("${cred:absent}");
    CHECK(r.error ==
          "credential absent: cannot read " + dir + "/absent: No such file or directory");
  }
  SUBCASE("empty file") {
    ScopedEnv directory("CREDENTIALS_DIRECTORY", dir);
    write_file("cred-test/blank", "\n");
    CHECK(resolve_secret("${cred:blank}").error == "credential blank is empty");
  }
  SUBCASE("names that would leave the directory, or none") {
    ScopedEnv directory("CREDENTIALS_DIRECTORY", dir);
    for (const char* reference : {"${cred:../outside}", "${cred:a/b}", "${cred:..}", "${cred:.}",
                                  "${cred:}", "${cred:a b}"}) {
      CAPTURE(reference);
      CHECK(resolve_secret(reference).error == "invalid credential name in ${cred:...}");
    }
  }
  SUBCASE("a directory is not a credential") {
    ScopedEnv directory("CREDENTIALS_DIRECTORY", scratch_dir());
    ResolvedSecret r = resolve_secret("${cred:cred-test}");
    CHECK(r.value.empty());
    CHECK(r.error.starts_with("credential cred-test: cannot read "));
  }
}

TEST_CASE("config: ${cred:NAME} in connection, subscriber and spool secrets") {
  const std::string dir = credentials_dir();
  ScopedEnv directory("CREDENTIALS_DIRECTORY", dir);
  const std::string whsec = "whsec_" + weft::base64_encode(std::string(32, 'c'));
  const std::string spool_key(64, 'a');
  write_file("cred-test/sandbox", "Canary-Cred-Secret-7Q\n");
  write_file("cred-test/printer.whsec", whsec + "\n");
  write_file("cred-test/spool.key", spool_key + "\n");
  const std::string text =
      "spool:\n"
      "  path: " +
      scratch_dir() +
      "/cred-spool\n"
      "  key: ${cred:spool.key}\n"
      "connections:\n"
      "  - id: demo-sandbox\n"
      "    tenant: demo\n"
      "    provider: sandbox\n"
      "    environment: sandbox\n"
      "    secrets: [\"${cred:sandbox}\"]\n"
      "subscribers:\n"
      "  - id: printer\n"
      "    url: https://hooks.example/weft\n"
      "    secrets: [\"${cred:printer.whsec}\"]\n"
      "    events: [\"*\"]\n";
  SUBCASE("present: the values are the files'") {
    Loaded loaded = load_text(text, "cred");
    REQUIRE_MESSAGE(loaded.error.empty(), loaded.error);
    CHECK(loaded.config->connections[0].info.secrets ==
          std::vector<std::string>{"Canary-Cred-Secret-7Q"});
    CHECK(loaded.config->subscribers[0].secrets == std::vector<std::string>{whsec});
    CHECK(loaded.config->spool.enabled);
    CHECK(loaded.config->spool.key[0] == 0xaa);
  }
  SUBCASE("missing: the error names file line, key and credential, without any content") {
    std::filesystem::remove(dir + "/printer.whsec");
    Loaded loaded = load_text(text, "cred");
    CHECK(loaded.error == "13: subscribers[0].secrets[0]: credential printer.whsec: cannot read " +
                              dir + "/printer.whsec: No such file or directory");
    CHECK(loaded.error.find("Canary") == std::string::npos);
  }
}
