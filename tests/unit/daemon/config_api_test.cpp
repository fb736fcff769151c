// The `api:` block of a connection (vendor API for enrichment) and `replay_window`: values,
// defaults, every error with its file:line: key path, and that no credential leaks.
#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "daemon/config/config.h"
#include "daemon/config/describe.h"

namespace {

using namespace weft::config;

std::string write_config(const std::string& connection_extra) {
  static int counter = 0;
  auto path = std::filesystem::temp_directory_path() /
              ("weft-api-" + std::to_string(getpid()) + "-" + std::to_string(++counter) + ".yaml");
  std::ofstream(path) << "connections:\n"
                         "  - id: acme-greenhouse\n"
                         "    tenant: acme\n"
                         "    provider: greenhouse\n"
                         "    environment: production\n"
                         "    secrets: [s1]\n"
                      << connection_extra
                      << "subscribers:\n"
                         "  - id: printer\n"
                         "    url: http://127.0.0.1:8090/events\n"
                         "    secrets: [whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw]\n"
                         "    events: [\"ats.*\"]\n";
  return path.string();
}

struct Loaded {
  Snapshot config;
  std::string error;
};

Loaded load_with(const std::string& connection_extra) {
  std::string path = write_config(connection_extra);
  Loaded out;
  try {
    out.config = load(path);
  } catch (const ConfigError& e) {
    out.error = e.what();
    out.error = out.error.substr(out.error.find(':') + 1);  // without the scratch path
  }
  std::filesystem::remove(path);
  return out;
}

}  // namespace

TEST_CASE("config api: every key read, defaults kept, secrets resolved") {
  setenv("WEFT_TEST_API_KEY", "key-from-env", 1);
  auto loaded = load_with(
      "    replay_window: 2m\n"
      "    api:\n"
      "      base_url: https://harvest.greenhouse.io/v1/\n"
      "      auth: {basic: {username: \"${env:WEFT_TEST_API_KEY}\"}}\n"
      "      headers: {X-Api-Version: \"20240404\"}\n"
      "      rate_limit: 600/m\n"
      "      burst: 3\n"
      "      timeout: 4s\n"
      "      max_attempts: 2\n"
      "      max_pages: 7\n"
      "      max_response: 1MiB\n");
  REQUIRE_MESSAGE(loaded.error.empty(), loaded.error);
  const Connection& c = loaded.config->connections.at(0);
  CHECK(c.info.replay_window_seconds == 120);
  REQUIRE(c.api.has_value());
  CHECK(c.api->base_url == "https://harvest.greenhouse.io/v1");  // trailing '/' dropped
  CHECK(c.api->auth.kind == ApiAuth::Kind::basic);
  CHECK(c.api->auth.username == "key-from-env");
  CHECK(c.api->auth.password.empty());
  REQUIRE(c.api->headers.size() == 1);
  CHECK(c.api->headers[0].name == "X-Api-Version");
  CHECK(c.api->headers[0].value == "20240404");
  CHECK(c.api->rate_per_second == doctest::Approx(10.0));
  CHECK(c.api->burst == 3);
  CHECK(c.api->timeout == std::chrono::milliseconds(4000));
  CHECK(c.api->max_attempts == 2);
  CHECK(c.api->max_pages == 7);
  CHECK(c.api->max_response == 1u << 20);

  std::string summary = describe(*loaded.config);
  CHECK(summary.find("api=https://harvest.greenhouse.io/v1 auth=basic rate_limit=10/s") !=
        std::string::npos);
  CHECK(summary.find("key-from-env") == std::string::npos);
  unsetenv("WEFT_TEST_API_KEY");
}

TEST_CASE("config api: each auth kind") {
  auto bearer = load_with("    api: {base_url: https://api.workable.com, auth: {bearer: tok}}\n");
  REQUIRE_MESSAGE(bearer.error.empty(), bearer.error);
  CHECK(bearer.config->connections[0].api->auth.kind == ApiAuth::Kind::bearer);
  CHECK(bearer.config->connections[0].api->auth.token == "tok");
  const Api defaults;
  CHECK(bearer.config->connections[0].api->rate_per_second == defaults.rate_per_second);
  CHECK(bearer.config->connections[0].api->max_attempts == defaults.max_attempts);
  CHECK(bearer.config->connections[0].info.replay_window_seconds == 300);

  auto header = load_with(
      "    api: {base_url: https://api.smartrecruiters.com,"
      " auth: {header: {name: X-SmartToken, value: st}}}\n");
  REQUIRE_MESSAGE(header.error.empty(), header.error);
  CHECK(header.config->connections[0].api->auth.kind == ApiAuth::Kind::header);
  CHECK(header.config->connections[0].api->auth.header_name == "X-SmartToken");
  CHECK(header.config->connections[0].api->auth.token == "st");

  auto oauth = load_with(
      "    api:\n"
      "      base_url: https://harvest.greenhouse.io\n"
      "      auth:\n"
      "        oauth2: {token_url: https://auth.greenhouse.io/token, client_id: cid,"
      " client_secret: csec, scope: harvest:read}\n");
  REQUIRE_MESSAGE(oauth.error.empty(), oauth.error);
  const ApiAuth& auth = oauth.config->connections[0].api->auth;
  CHECK(auth.kind == ApiAuth::Kind::oauth2);
  CHECK(auth.token_url == "https://auth.greenhouse.io/token");
  CHECK(auth.client_id == "cid");
  CHECK(auth.client_secret == "csec");
  CHECK(auth.scope == "harvest:read");
}

TEST_CASE("config api: errors name the line and key, never a credential") {
  struct Case {
    std::string extra;
    std::string expected;
  };
  const Case cases[] = {
      {"    api: {auth: {bearer: t}}\n", "7: connections[0].api.base_url: required"},
      {"    api: {base_url: ftp://x, auth: {bearer: t}}\n",
       "7: connections[0].api.base_url: must start with http:// or https://"},
      {"    api: {base_url: \"https://x/?a=1\", auth: {bearer: t}}\n",
       "7: connections[0].api.base_url: must not have a ?query"},
      {"    api: {base_url: https://x, auth: {}}\n",
       "7: connections[0].api.auth: must hold exactly one of basic, bearer, header, oauth2"},
      {"    api: {base_url: https://x, auth: {bearer: SECRETVALUE, basic: {username: u}}}\n",
       "7: connections[0].api.auth: must hold exactly one of basic, bearer, header, oauth2"},
      {"    api: {base_url: https://x, auth: {header: {name: \"X Key\", value: SECRETVALUE}}}\n",
       "7: connections[0].api.auth.header.name: must be a header name like X-API-KEY"},
      {"    api: {base_url: https://x, auth: {bearer: \"${env:WEFT_TEST_NOT_SET}\"}}\n",
       "7: connections[0].api.auth.bearer: environment variable WEFT_TEST_NOT_SET is not set"},
      {"    api: {base_url: https://x, auth: {bearer: t}, rate_limit: fast}\n",
       "7: connections[0].api.rate_limit: must be a rate like 10/s, 600/m or 3600/h"},
      {"    api: {base_url: https://x, auth: {bearer: t}, rate_limit: 0/s}\n",
       "7: connections[0].api.rate_limit: must allow 1..100000 requests per unit"},
      {"    api: {base_url: https://x, auth: {bearer: t}, max_attempts: 0}\n",
       "7: connections[0].api.max_attempts: must be an integer 1..10"},
      {"    api: {base_url: https://x, auth: {bearer: t}, retries: 3}\n",
       "7: connections[0].api.retries: unknown key"},
      {"    replay_window: 0s\n", "7: connections[0].replay_window: must be 1s..24h"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.extra);
    auto loaded = load_with(c.extra);
    CHECK(loaded.error == c.expected);
    CHECK(loaded.error.find("SECRETVALUE") == std::string::npos);
  }
}

TEST_CASE("config api: a thin-webhook vendor without api is refused at load") {
  for (std::string provider : {"lever", "smartrecruiters", "pinpoint"}) {
    CAPTURE(provider);
    auto path = std::filesystem::temp_directory_path() /
                ("weft-thin-" + std::to_string(getpid()) + ".yaml");
    std::ofstream(path) << "connections:\n"
                           "  - id: thin\n"
                           "    tenant: acme\n"
                           "    provider: "
                        << provider
                        << "\n"
                           "    environment: production\n"
                           "    secrets: [s1]\n"
                           "subscribers: []\n";
    std::string error;
    try {
      load(path.string());
    } catch (const ConfigError& e) {
      error = e.what();
    }
    std::filesystem::remove(path);
    CHECK(error.find(":2: connections[0]: provider " + std::string(provider) +
                     " sends ids only: api (base_url and auth) is required to fetch the records") !=
          std::string::npos);
  }
}
