// The configuration loader: the shipped files, every class of error with its exact
// "file:line: key path: message", secret references, and that no secret leaks.
#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "daemon/config/checks.h"
#include "daemon/config/config.h"
#include "daemon/config/describe.h"
#include "daemon/config/patterns.h"
#include "daemon/config/units.h"
#include "daemon/deliver/signing.h"
#include "providers/core/crypto.h"
#include "unit/daemon/config_support.h"

namespace {

using namespace weft::config;
using std::chrono::milliseconds;

std::string fixture(const std::string& name) {
  return std::string(WEFT_SOURCE_DIR) + "/tests/fixtures/config/" + name;
}

std::string conf_file(const std::string& name) {
  return std::string(WEFT_SOURCE_DIR) + "/conf/" + name;
}

// The message load() throws, or a marker that it did not throw.
std::string load_error(const std::string& path) {
  try {
    load(path);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(loaded without error)";
}

using namespace weft::config::test;

const std::string kWhsec = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

// A valid minimal file with `extra` appended to the first subscriber.
std::string with_subscriber_lines(const std::string& extra) {
  return "connections:\n"
         "  - id: demo-sandbox\n"
         "    tenant: demo\n"
         "    provider: sandbox\n"
         "    environment: sandbox\n"
         "    secrets: [s1]\n"
         "subscribers:\n"
         "  - id: printer\n" +
         extra;
}

std::string known_providers() {
  std::string names;
  for (std::string_view name : weft::provider_names()) {
    if (!names.empty()) names += ", ";
    names += name;
  }
  return names;
}

}  // namespace

TEST_CASE("config: the demo file loads with the documented values") {
  const std::string path = conf_file("weftd.yaml");
  Snapshot config = load(path);
  CHECK(config->path == path);
  CHECK(config->server.listen_host == "127.0.0.1");
  CHECK(config->server.listen_port == 8080);
  CHECK(config->server.threads == 2);
  CHECK(config->server.ack_budget == milliseconds(3000));
  CHECK(config->server.drain_timeout == milliseconds(10000));
  CHECK(config->server.dedup_capacity == 100000);
  CHECK(config->server.limits.max_body == 1024 * 1024);
  CHECK(config->server.limits.max_headers == 16 * 1024);
  CHECK(config->server.limits.max_json_depth == 64);
  CHECK(config->server.limits.max_json_values == 20000);
  CHECK(config->server.limits.header_timeout == milliseconds(10000));
  CHECK(config->server.limits.body_timeout == milliseconds(30000));
  CHECK(config->server.limits.idle_timeout == milliseconds(60000));

  REQUIRE(config->connections.size() == 1);
  const Connection& sandbox = config->connections[0];
  CHECK(sandbox.info.id == "demo-sandbox");
  CHECK(sandbox.info.tenant == "demo");
  CHECK(sandbox.info.provider == "sandbox");
  CHECK(sandbox.info.environment == "sandbox");
  CHECK(sandbox.info.secrets == std::vector<std::string>{"sandbox-demo-secret"});
  CHECK(sandbox.sandbox.interval == milliseconds(2000));
  CHECK(sandbox.sandbox.seed == 0);  // omitted in the demo: a new story per start

  REQUIRE(config->subscribers.size() == 1);
  const Subscriber& printer = config->subscribers[0];
  CHECK(printer.id == "demo-printer");
  CHECK(printer.url == "http://127.0.0.1:8090/events");
  CHECK(printer.secrets == std::vector<std::string>{kWhsec});
  CHECK(printer.connections == std::vector<std::string>{"demo-sandbox"});
  CHECK(printer.events == std::vector<std::string>{"ats.*"});
  CHECK(printer.timeout == milliseconds(10000));
  CHECK(printer.max_connections == 8);

  CHECK(config->find_connection("demo-sandbox") == &sandbox);
  CHECK(config->find_connection("nope") == nullptr);
  CHECK(config->find_subscriber("demo-printer") == &printer);
  CHECK(config->find_subscriber("demo-sandbox") == nullptr);
}

TEST_CASE("config: the production example loads once its variables are set") {
  const std::string whsec = "whsec_" + weft::base64_encode(std::string(32, 'k'));
  ScopedEnv greenhouse("ACME_GREENHOUSE_WEBHOOK_SECRET", "gh-secret");
  ScopedEnv ashby("ACME_ASHBY_WEBHOOK_SECRET", "ashby-secret");
  ScopedEnv crm("ACME_CRM_WHSEC", whsec);
  ScopedEnv analytics("ACME_ANALYTICS_WHSEC", whsec);
  Snapshot config = load(conf_file("greenhouse-ashby.example.yaml"));
  REQUIRE(config->connections.size() == 2);
  CHECK(config->connections[0].info.provider == "greenhouse");
  CHECK(config->connections[0].info.secrets == std::vector<std::string>{"gh-secret"});
  CHECK(config->connections[1].info.provider == "ashby");
  REQUIRE(config->subscribers.size() == 2);
  CHECK(config->subscribers[0].connections.empty());
  CHECK(config->subscribers[1].connections == std::vector<std::string>{"acme-greenhouse"});
  CHECK(config->subscribers[1].secrets == std::vector<std::string>{whsec});
}

TEST_CASE("config: omitted keys take their defaults") {
  Snapshot config = load(fixture("defaults.yaml"));
  const Server defaults;
  CHECK(config->server.listen_host == defaults.listen_host);
  CHECK(config->server.listen_port == defaults.listen_port);
  CHECK(config->server.threads == defaults.threads);
  CHECK(config->server.ack_budget == defaults.ack_budget);
  CHECK(config->server.limits.max_body == defaults.limits.max_body);
  CHECK(config->server.limits.header_timeout == defaults.limits.header_timeout);
  CHECK(config->server.limits.body_timeout == defaults.limits.body_timeout);
  CHECK(config->server.limits.max_json_values == defaults.limits.max_json_values);
  REQUIRE(config->connections.size() == 1);
  CHECK(config->connections[0].sandbox.interval == milliseconds(2000));
  CHECK(config->connections[0].sandbox.seed == 0);
  REQUIRE(config->subscribers.size() == 1);
  CHECK(config->subscribers[0].url == "https://[::1]:9443/");
  CHECK(config->subscribers[0].connections.empty());
  CHECK(config->subscribers[0].timeout == milliseconds(10000));
  CHECK(config->subscribers[0].max_connections == 8);
}

TEST_CASE("config: each error names the file, the line and the key path") {
  struct Case {
    const char* file;
    std::string expected;  // after "<path>:"
  };
  const std::vector<Case> cases = {
      {"unknown_key.yaml", "5: server.limits.max_bodyy: unknown key"},
      {"bad_duration.yaml",
       "16: subscribers[1].timeout: must be a duration like 250ms, 3s, 10m or 2h"},
      {"bad_size.yaml",
       "3: server.limits.max_body: unsupported unit: use bytes (512) or binary units KiB, MiB, "
       "GiB"},
      {"bad_whsec.yaml",
       "6: subscribers[0].secrets[1]: must be whsec_ followed by base64 of 24..64 bytes"},
      {"duplicate_id.yaml",
       "7: connections[1].id: duplicate id 'acme-greenhouse' (first at line 2)"},
      {"unknown_provider.yaml",
       "4: connections[0].provider: unknown provider 'workday' (known: " + known_providers() + ")"},
      {"unknown_connection.yaml",
       "11: subscribers[0].connections[1]: unknown connection 'demo-sandbx'"},
      {"wrong_type.yaml", "2: server.threads: must be an integer 1..64"},
      {"missing_required.yaml", "2: connections[0].tenant: required"},
      {"syntax_error.yaml", "4: syntax error: end of map flow not found"},
      {"sandbox_not_allowed.yaml",
       "7: connections[0].sandbox: only allowed when provider is sandbox"},
      {"spool_without_key.yaml", "2: spool.key: required"},
      {"bad_pattern.yaml",
       "5: subscribers[0].events[1]: must be \"*\", a prefix like \"ats.*\" or "
       "\"ats.application.*\", "
       "or a type like \"ats.application.hired\""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.file);
    CHECK(load_error(fixture(c.file)) == fixture(c.file) + ":" + c.expected);
  }
}

TEST_CASE("config: values out of range or of the wrong form") {
  struct Case {
    std::string yaml;
    std::string expected;  // after "<path>:"
  };
  const std::vector<Case> cases = {
      {"server:\n  threads: 0\n", "2: server.threads: must be an integer 1..64"},
      {"server:\n  threads: -2\n", "2: server.threads: must be an integer 1..64"},
      {"server:\n  ack_budget: 50ms\n", "2: server.ack_budget: must be 100ms..30s"},
      {"server:\n  ack_budget: 3\n",
       "2: server.ack_budget: must be a duration like 250ms, 3s, 10m or 2h"},
      {"server:\n  limits: {max_headers: 512}\n",
       "2: server.limits.max_headers: must be 1KiB..1MiB"},
      {"server:\n  limits: {max_body: big}\n",
       "2: server.limits.max_body: must be a size like 512, 64KiB, 1MiB or 1GiB"},
      {"server:\n  listen: ::1:8080\n",
       "2: server.listen: must be host:port with an IP address or localhost, like 127.0.0.1:8080 "
       "or [::1]:8080"},
      {"server:\n  listen: 127.0.0.1:65536\n",
       "2: server.listen: must be host:port with an IP address or localhost, like 127.0.0.1:8080 "
       "or [::1]:8080"},
      {"server: {threads: 2, threads: 3}\n", "1: server.threads: duplicate key"},
      {"servers: {}\n", "1: servers: unknown key"},
      {"server: 8080\n", "1: server: must be a mapping"},
      {"- a\n- b\n", "1: top level: must be a mapping"},
      {"", "1: top level: the file is empty"},
      {"server: {}\n---\nserver: {}\n", "3: top level: only one YAML document is allowed"},
      {"connections:\n  - id: Demo\n",
       "2: connections[0].id: must be an id: [a-z0-9][a-z0-9_-]{0,63}"},
      {"connections:\n  - id: a\n    tenant: t\n    provider: sandbox\n    environment: staging\n",
       "5: connections[0].environment: must be production or sandbox"},
      {"connections:\n  - id: a\n    tenant: t\n    provider: sandbox\n    environment: sandbox\n"
       "    secrets: []\n",
       "6: connections[0].secrets: must be a list of 1..16 secrets"},
      {"connections:\n  - id: a\n    tenant: t\n    provider: sandbox\n    environment: sandbox\n"
       "    secrets: [\"\"]\n",
       "6: connections[0].secrets[0]: must be a non-empty string"},
      {"connections:\n  - id: a\n    tenant: t\n    provider: sandbox\n    environment: sandbox\n"
       "    secrets: [\"${vault:x}\"]\n",
       "6: connections[0].secrets[0]: a reference must be ${env:NAME}, ${file:PATH} or "
       "${cred:NAME}"},
      {"connections:\n  - id: a\n    tenant: t\n    provider: sandbox\n    environment: sandbox\n"
       "    secrets: [s]\n    sandbox: {interval: 2d}\n",
       "7: connections[0].sandbox.interval: must be a duration like 250ms, 3s, 10m or 2h"},
      {with_subscriber_lines("    url: ftp://127.0.0.1/x\n"),
       "9: subscribers[0].url: must start with http:// or https://"},
      {with_subscriber_lines("    url: https://user:pw@hooks.example/x\n"),
       "9: subscribers[0].url: must not contain user:password@ (put credentials in a secret, not "
       "the URL)"},
      {with_subscriber_lines("    url: https://hooks.example:0/x\n"),
       "9: subscribers[0].url: must have a port 1..65535"},
      {with_subscriber_lines("    url: http://127.0.0.1:8090/\n    secrets: [" + kWhsec +
                             "]\n    events: [\"*\"]\n    timeout: 2m\n"),
       "12: subscribers[0].timeout: must be 100ms..1m"},
      {with_subscriber_lines("    url: http://127.0.0.1:8090/\n    secrets: [" + kWhsec +
                             "]\n    events: [\"*\"]\n    max_connections: 1000\n"),
       "12: subscribers[0].max_connections: must be an integer 1..256"},
      {with_subscriber_lines("    url: http://127.0.0.1:8090/\n    secrets: [" + kWhsec +
                             "]\n    events: []\n"),
       "11: subscribers[0].events: must be a list of 1..64 event type patterns"},
      {with_subscriber_lines("    url: http://127.0.0.1:8090/\n    secrets: [" + kWhsec +
                             "]\n    connections: []\n    events: [\"*\"]\n"),
       "11: subscribers[0].connections: must be a list of 1..10000 connection ids"},
      {with_subscriber_lines("    url: http://127.0.0.1:8090/\n    events: [\"*\"]\n"),
       "8: subscribers[0].secrets: required"},
  };
  int index = 0;
  for (const Case& c : cases) {
    CAPTURE(c.yaml);
    std::string path = write_file("case" + std::to_string(index++) + ".yaml", c.yaml);
    CHECK(load_error(path) == path + ":" + c.expected);
  }
}

TEST_CASE("config: a file that cannot be read") {
  const std::string missing = scratch_dir() + "/missing.yaml";
  CHECK(load_error(missing) == missing + ": cannot read: No such file or directory");
  CHECK(load_error(scratch_dir()) == scratch_dir() + ": cannot read: Is a directory");
}

TEST_CASE("config: ${env:NAME} secret references") {
  const std::string path = fixture("env_secrets.yaml");
  const std::string whsec = "whsec_" + weft::base64_encode(std::string(24, 'w'));
  SUBCASE("set: the values are the variables'") {
    ScopedEnv greenhouse("WEFT_TEST_GREENHOUSE_SECRET", "gh-from-env");
    ScopedEnv crm("WEFT_TEST_CRM_WHSEC", whsec);
    Snapshot config = load(path);
    CHECK(config->connections[0].info.secrets ==
          std::vector<std::string>{"gh-from-env", "literal-old-secret"});
    CHECK(config->subscribers[0].secrets == std::vector<std::string>{whsec});
  }
  SUBCASE("unset: the error names the variable") {
    ScopedEnv greenhouse("WEFT_TEST_GREENHOUSE_SECRET", std::nullopt);
    ScopedEnv crm("WEFT_TEST_CRM_WHSEC", whsec);
    CHECK(load_error(path) == path +
                                  ":6: connections[0].secrets[0]: environment variable "
                                  "WEFT_TEST_GREENHOUSE_SECRET is not set");
  }
  SUBCASE("empty: refused as well") {
    ScopedEnv greenhouse("WEFT_TEST_GREENHOUSE_SECRET", "gh-from-env");
    ScopedEnv crm("WEFT_TEST_CRM_WHSEC", "");
    CHECK(load_error(path) ==
          path +
              ":10: subscribers[0].secrets[0]: environment variable WEFT_TEST_CRM_WHSEC is empty");
  }
}

TEST_CASE("config: ${file:PATH} secret references with ${CREDENTIALS_DIRECTORY}") {
  const std::string path = fixture("file_secrets.yaml");
  const std::string credentials = scratch_dir() + "/credentials";
  std::filesystem::create_directories(credentials);
  const std::string whsec = "whsec_" + weft::base64_encode(std::string(64, 'f'));
  SUBCASE("readable: one trailing newline is stripped") {
    ScopedEnv directory("CREDENTIALS_DIRECTORY", credentials);
    write_file("credentials/ashby.secret", "ashby-from-file\n\n");
    write_file("credentials/crm.whsec", whsec + "\r\n");
    Snapshot config = load(path);
    CHECK(config->connections[0].info.secrets == std::vector<std::string>{"ashby-from-file\n"});
    CHECK(config->subscribers[0].secrets == std::vector<std::string>{whsec});
  }
  SUBCASE("missing file: the error names the path") {
    ScopedEnv directory("CREDENTIALS_DIRECTORY", credentials);
    std::filesystem::remove(credentials + "/ashby.secret");
    CHECK(load_error(path) == path + ":6: connections[0].secrets[0]: cannot read " + credentials +
                                  "/ashby.secret: No such file or directory");
  }
  SUBCASE("no CREDENTIALS_DIRECTORY") {
    ScopedEnv directory("CREDENTIALS_DIRECTORY", std::nullopt);
    CHECK(load_error(path) == path +
                                  ":6: connections[0].secrets[0]: environment variable "
                                  "CREDENTIALS_DIRECTORY is not set");
  }
}

TEST_CASE("config: no error message and no description contains a secret") {
  // Looks like nothing the loader would echo: mixed case, so never an id.
  const std::string canary = "Canary-Secret-9f3T";
  const std::string canary_whsec =
      "whsec_" + weft::base64_encode("Canary-Secret-9f3T-32-bytes-long");
  const std::string connection = "connections:\n  - id: a\n    tenant: t\n    provider: sandbox\n";
  ScopedEnv env_canary("WEFT_TEST_CANARY", canary);
  write_file("canary.secret", canary + "\n");
  const std::vector<std::string> files = {
      // Not a whsec: literal, from the environment, from a file.
      with_subscriber_lines("    url: http://127.0.0.1:1/\n    secrets: [" + canary + "]\n"),
      with_subscriber_lines(
          "    url: http://127.0.0.1:1/\n    secrets: [\"${env:WEFT_TEST_CANARY}\"]\n"),
      with_subscriber_lines("    url: http://127.0.0.1:1/\n    secrets: [\"${file:" +
                            scratch_dir() + "/canary.secret}\"]\n"),
      // A good secret, then another error in the same entry.
      with_subscriber_lines("    url: http://127.0.0.1:1/\n    secrets: [" + canary_whsec +
                            "]\n    events: [bad]\n"),
      connection + "    environment: sandbox\n    secrets: [" + canary +
          "]\n    sandbox: {seed: x}\n",
      // A secret pasted where another value belongs.
      connection + "    environment: " + canary + "\n",
      "connections:\n  - id: a\n    tenant: t\n    provider: " + canary + "\n",
      "server:\n  threads: " + canary + "\n",
      "server:\n  listen: " + canary + "\n",
      with_subscriber_lines("    url: https://" + canary + ".example/?token=" + canary + " x\n"),
      with_subscriber_lines("    url: http://127.0.0.1:1/\n    secrets: [" + kWhsec +
                            "]\n    connections: [" + canary + "]\n    events: [\"*\"]\n"),
      // A syntax error right after a secret.
      connection + "    environment: sandbox\n    secrets: [" + canary + "\n",
  };
  int index = 0;
  for (const std::string& yaml : files) {
    CAPTURE(yaml);
    std::string path = write_file("canary" + std::to_string(index++) + ".yaml", yaml);
    std::string message = load_error(path);
    CHECK(message.starts_with(path + ":"));
    CHECK(message.find("Canary") == std::string::npos);
  }

  std::string good = with_subscriber_lines(
      "    url: http://127.0.0.1:1/hook?token=Canary\n"
      "    secrets: [" +
      canary_whsec +
      "]\n"
      "    events: [\"*\"]\n");
  good.replace(good.find("[s1]"), 4, "[\"${env:WEFT_TEST_CANARY}\"]");
  Snapshot config = load(write_file("canary-good.yaml", good));
  REQUIRE(config->connections[0].info.secrets == std::vector<std::string>{canary});
  std::string description = describe(*config);
  CHECK(description.find("Canary") == std::string::npos);
  CHECK(description.find(canary_whsec.substr(6, 12)) == std::string::npos);
}

TEST_CASE("config: describe summarizes without secrets") {
  Snapshot config = load(conf_file("weftd.yaml"));
  std::string text = describe(*config);
  CHECK(text.find("listen=127.0.0.1:8080") != std::string::npos);
  CHECK(text.find("1 connection\n") != std::string::npos);
  CHECK(text.find("demo-sandbox tenant=demo provider=sandbox environment=sandbox 1 secret") !=
        std::string::npos);
  CHECK(text.find("demo-printer url=http://127.0.0.1:8090/events 1 secret") != std::string::npos);
  CHECK(text.find("events=ats.*") != std::string::npos);
  CHECK(text.find("sandbox-demo-secret") == std::string::npos);
  CHECK(text.find("whsec_") == std::string::npos);
}

TEST_CASE("config: type_matches") {
  struct Case {
    const char* pattern;
    const char* type;
    bool matches;
  };
  const Case cases[] = {
      {"*", "ats.application.hired", true},
      {"*", "weft.ping", true},
      {"ats.*", "ats.application.hired", true},
      {"ats.*", "ats.job.opened", true},
      {"ats.*", "weft.ping", false},
      {"ats.*", "ats", false},
      {"ats.*", "atsx.job.opened", false},
      {"ats.application.*", "ats.application.stage_changed", true},
      {"ats.application.*", "ats.application", false},
      {"ats.application.*", "ats.applications.created", false},
      {"ats.application.*", "ats.job.opened", false},
      {"ats.application.hired", "ats.application.hired", true},
      {"ats.application.hired", "ats.application.hired_x", false},
      {"ats.application.hired", "ats.application.unhired", false},
      {"weft.ping", "weft.ping", true},
  };
  for (const Case& c : cases) {
    CAPTURE(c.pattern);
    CAPTURE(c.type);
    CHECK(type_matches(c.pattern, c.type) == c.matches);
  }
}

TEST_CASE("config: event pattern syntax") {
  for (const char* good : {"*", "ats.*", "weft.*", "ats.application.*", "ats.application.hired",
                           "ats.job_posting.published", "weft.ping", "weft.connection.*"}) {
    CAPTURE(good);
    CHECK(valid_pattern(good));
  }
  for (const char* bad :
       {"", "ats", "ats.", "ats.**", "*.hired", "ats.*.hired", "ats.application*", "ATS.*", "ast.*",
        "ats.application.hired.*", "ats..hired", "ats.a.b.c", " ats.*"}) {
    CAPTURE(bad);
    CHECK_FALSE(valid_pattern(bad));
  }
}

TEST_CASE("config: durations and sizes") {
  CHECK(parse_duration("250ms") == milliseconds(250));
  CHECK(parse_duration("3s") == milliseconds(3000));
  CHECK(parse_duration("10m") == milliseconds(600000));
  CHECK(parse_duration("2h") == milliseconds(7200000));
  CHECK(parse_duration("0s") == milliseconds(0));
  for (const char* bad :
       {"", "3", "s", "1.5s", "-1s", "3 s", "3S", "2d", "99999999999999999999h"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_duration(bad).has_value());
  }
  CHECK(parse_size("512") == 512u);
  CHECK(parse_size("64KiB") == 64u * 1024);
  CHECK(parse_size("1MiB") == 1024u * 1024);
  CHECK(parse_size("1GiB") == 1024u * 1024 * 1024);
  for (const char* bad : {"", "KiB", "1KB", "1k", "1.5MiB", "1 MiB", "-1", "99999999999GiB"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_size(bad).has_value());
  }
  CHECK(has_unsupported_size_unit("1KB"));
  CHECK(has_unsupported_size_unit("2m"));
  CHECK_FALSE(has_unsupported_size_unit("big"));
  CHECK(format_duration(milliseconds(2000)) == "2s");
  CHECK(format_duration(milliseconds(1500)) == "1500ms");
  CHECK(format_duration(milliseconds(0)) == "0s");
  CHECK(format_size(16 * 1024) == "16KiB");
  CHECK(format_size(1000) == "1000");
}

TEST_CASE("config: listen addresses, URLs and ids") {
  auto v6 = parse_listen("[::1]:8080");
  REQUIRE(v6);
  CHECK(v6->host == "::1");
  CHECK(v6->port == 8080);
  auto any = parse_listen("localhost:0");
  REQUIRE(any);
  CHECK(any->port == 0);
  for (const char* bad : {"127.0.0.1", "::1:8080", "[::1]", "127.0.0.1:65536", "127.0.0.1:-1",
                          "example.com:80", ":8080", "[127.0.0.1]:80"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_listen(bad).has_value());
  }
  for (const char* good : {"http://127.0.0.1:8090/events", "https://hooks.example.com",
                           "https://[::1]:9443/x?y=1", "http://localhost/"}) {
    CAPTURE(good);
    CHECK(url_problem(good).empty());
  }
  for (const char* bad : {"127.0.0.1/x", "https://", "https:///x", "https://a b/", "https://h/#f",
                          "https://[::1/x", "https://h:99999/", "https://-h/", "https://h:x/"}) {
    CAPTURE(bad);
    CHECK_FALSE(url_problem(bad).empty());
  }
  CHECK(valid_id("a"));
  CHECK(valid_id("acme-greenhouse_2"));
  CHECK(valid_id(std::string(64, 'a')));
  CHECK_FALSE(valid_id(std::string(65, 'a')));
  CHECK_FALSE(valid_id("-a"));
  CHECK_FALSE(valid_id("Acme"));
  CHECK_FALSE(valid_id("a.b"));
  CHECK(weft::deliver::signing_secret_problem(kWhsec).empty());
  CHECK(weft::deliver::signing_secret_problem("whsec_" + weft::base64_encode(std::string(64, 'x')))
            .empty());
  CHECK_FALSE(
      weft::deliver::signing_secret_problem("whsec_" + weft::base64_encode(std::string(23, 'x')))
          .empty());
  CHECK_FALSE(
      weft::deliver::signing_secret_problem("whsec_" + weft::base64_encode(std::string(65, 'x')))
          .empty());
  CHECK_FALSE(weft::deliver::signing_secret_problem(kWhsec.substr(6)).empty());
  CHECK_FALSE(weft::deliver::signing_secret_problem("whsec_not base64!").empty());
}
