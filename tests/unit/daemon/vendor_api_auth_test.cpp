// The vendor API client's credentials, checked by a real local server: Basic, Bearer, an
// API-key header, and OAuth2 client credentials with its cached, shared, refreshed token.
#include <doctest/doctest.h>

#include <algorithm>

#include "providers/core/crypto.h"
#include "support/fake_api.h"
#include "vendor_api_support.h"

using namespace std::chrono_literals;
using weft::config::ApiAuth;
using namespace weft::test;
using weft::vendor_api::ApiClient;
using weft::vendor_api::FetchOutcome;

namespace {

weft::config::Api settings_for(const FakeApi& api, ApiAuth auth) {
  weft::config::Api settings = weft::test::api_settings(api.url("/v1"));
  settings.auth = std::move(auth);
  settings.timeout = 5s;
  return settings;
}

FetchOutcome fetch_all(ApiClient& client, std::vector<weft::Fetch> fetches) {
  return weft::test::fetch_now(client, std::move(fetches), 10s);
}

// Answers 200 when the request carries header = expected, else 401.
FakeApi::Handler require_header(std::string name, std::string expected) {
  return [name, expected](const FakeRequest& request) {
    if (request.header(name) != expected) return FakeResponse::json(R"({"error":"no"})", 401);
    return FakeResponse::json(R"({"id":"1"})");
  };
}

std::size_t count_path(const std::vector<FakeRequest>& requests, std::string_view path) {
  return std::count_if(requests.begin(), requests.end(),
                       [&](const FakeRequest& r) { return r.path == path; });
}

}  // namespace

TEST_CASE("vendor_api auth: basic, bearer and header credentials; wrong ones are final") {
  struct Kind {
    const char* name;
    AuthSpec good;
    AuthSpec bad;
    std::string header;
    std::string expected;
  };
  std::vector<Kind> kinds = {
      {"basic",
       {.kind = ApiAuth::Kind::basic, .username = "user", .password = "pa:ss"},
       {.kind = ApiAuth::Kind::basic, .username = "user", .password = "wrong"},
       "authorization",
       "Basic " + weft::base64_encode("user:pa:ss")},
      {"bearer",
       {.kind = ApiAuth::Kind::bearer, .token = "tok"},
       {.kind = ApiAuth::Kind::bearer, .token = "nope"},
       "authorization",
       "Bearer tok"},
      {"header",
       {.kind = ApiAuth::Kind::header, .token = "k3y", .header_name = "X-SmartToken"},
       {.kind = ApiAuth::Kind::header, .token = "k3x", .header_name = "X-SmartToken"},
       "x-smarttoken",
       "k3y"},
  };
  for (const auto& kind : kinds) {
    CAPTURE(kind.name);
    FakeApi api(require_header(kind.header, kind.expected));
    Runtime runtime;
    {
      ApiClient client(runtime.ioc, *runtime.tls, "conn-1",
                       settings_for(api, make_auth(kind.good)));
      auto outcome = fetch_all(client, {get("candidate", "/candidates/1")});
      CHECK(outcome.error.empty());
      REQUIRE(outcome.results.size() == 1);
      CHECK(outcome.results[0].status == 200);
      CHECK(outcome.results[0].body == R"({"id":"1"})");
    }
    {
      ApiClient client(runtime.ioc, *runtime.tls, "conn-1", settings_for(api, make_auth(kind.bad)));
      auto outcome = fetch_all(client, {get("candidate", "/candidates/1")});
      CHECK(outcome.error == "fetch candidate: HTTP 401");
      CHECK_FALSE(outcome.retryable);
      CHECK(outcome.results.empty());
      CHECK(client.stats().requests == 1);  // not retried
      CHECK(client.stats().failures == 1);
    }
    auto seen = api.requests();
    REQUIRE(seen.size() == 2);
    CHECK(seen[0].target == "/v1/candidates/1");
    CHECK(seen[0].header("accept") == "application/json");
  }
}

TEST_CASE("vendor_api auth: no credentials, fixed extra headers") {
  FakeApi api([](const FakeRequest&) { return FakeResponse::json("{}"); });
  Runtime runtime;
  auto settings = settings_for(api, ApiAuth());
  settings.headers = {{"X-Api-Version", "2024-01"}, {"Harvest-Account", "7"}};
  ApiClient client(runtime.ioc, *runtime.tls, "conn-1", settings);
  CHECK(fetch_all(client, {get("job", "/jobs/1")}).error.empty());
  auto seen = api.requests();
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].header("authorization").empty());
  CHECK(seen[0].header("x-api-version") == "2024-01");
  CHECK(seen[0].header("harvest-account") == "7");
  CHECK(seen[0].header("accept") == "application/json");
}

namespace {

// A token endpoint at /oauth/token issuing tok-1, tok-2, ... to client "cid"/"sec"; the API
// under /v1 accepts only the latest token (older ones are refused once a newer one exists,
// or all of them when refuse_all is set).
struct OAuthServer {
  int expires_in = 3600;
  std::chrono::milliseconds token_delay{0};
  bool refuse_all = false;
  int issued = 0;

  FakeApi::Handler handler() {
    return [this](const FakeRequest& request) {
      if (request.path == "/oauth/token") {
        bool ok = request.method == "POST" &&
                  request.header("authorization") == "Basic " + weft::base64_encode("cid:sec") &&
                  request.header("content-type") == "application/x-www-form-urlencoded" &&
                  request.body == "grant_type=client_credentials&scope=read+jobs";
        if (!ok) return FakeResponse::json(R"({"error":"invalid_client"})", 401);
        ++issued;
        auto response = FakeResponse::json(R"({"access_token":"tok-)" + std::to_string(issued) +
                                           R"(","token_type":"bearer","expires_in":)" +
                                           std::to_string(expires_in) + "}");
        response.delay = token_delay;
        return response;
      }
      if (refuse_all || request.header("authorization") != "Bearer tok-" + std::to_string(issued)) {
        return FakeResponse::json(R"({"error":"invalid_token"})", 401);
      }
      return FakeResponse::json(R"({"ok":true})");
    };
  }
};

ApiAuth oauth(const FakeApi& api, std::string secret = "sec") {
  return make_auth({.kind = ApiAuth::Kind::oauth2,
                    .token_url = api.url("/oauth/token"),
                    .client_id = "cid",
                    .client_secret = std::move(secret),
                    .scope = "read jobs"});
}

}  // namespace

TEST_CASE("vendor_api oauth2: one token request, the token cached across fetches") {
  OAuthServer server;
  FakeApi api(server.handler());
  Runtime runtime;
  ApiClient client(runtime.ioc, *runtime.tls, "conn-1", settings_for(api, oauth(api)));
  for (int i = 0; i < 3; ++i) {
    auto outcome = fetch_all(client, {get("job", "/jobs/1"), get("stage", "/stages/2")});
    CHECK(outcome.error.empty());
    CHECK(outcome.results.size() == 2);
  }
  auto seen = api.requests();
  CHECK(count_path(seen, "/oauth/token") == 1);
  CHECK(count_path(seen, "/v1/jobs/1") == 3);
  CHECK(seen[0].path == "/oauth/token");
  CHECK(seen[0].header("accept") == "application/json");
  for (const auto& request : seen) {
    if (request.path != "/oauth/token") CHECK(request.header("authorization") == "Bearer tok-1");
  }
  CHECK(client.stats().token_requests == 1);
  CHECK(client.stats().requests == 6);
}

TEST_CASE("vendor_api oauth2: concurrent fetches share one token request") {
  OAuthServer server;
  server.token_delay = 200ms;  // every fetch is waiting before the token arrives
  FakeApi api(server.handler());
  Runtime runtime;
  ApiClient client(runtime.ioc, *runtime.tls, "conn-1", settings_for(api, oauth(api)));
  std::vector<weft::Fetch> fetches;
  for (int i = 0; i < 6; ++i)
    fetches.push_back(get("job" + std::to_string(i), "/jobs/" + std::to_string(i)));
  // Two batches at once as well: they share the same cache.
  auto other_done = weft::test::start_fetches(client, {get("x", "/x")}, 10s);
  auto outcome = fetch_all(client, fetches);
  CHECK(outcome.error.empty());
  CHECK(outcome.results.size() == 6);
  REQUIRE(other_done.wait_for(30s) == std::future_status::ready);
  CHECK(other_done.get().error.empty());
  auto seen = api.requests();
  CHECK(count_path(seen, "/oauth/token") == 1);
  CHECK(seen.size() == 8);
  CHECK(client.stats().token_requests == 1);
}

TEST_CASE("vendor_api oauth2: a 401 refreshes the token once and retries") {
  OAuthServer server;
  FakeApi api(server.handler());
  Runtime runtime;
  ApiClient client(runtime.ioc, *runtime.tls, "conn-1", settings_for(api, oauth(api)));
  CHECK(fetch_all(client, {get("job", "/jobs/1")}).error.empty());

  SUBCASE("the vendor revoked the token: refreshed, then success") {
    // Another client of the same credentials got a newer token: ours is refused now.
    api.set_handler([&server, inner = server.handler()](const FakeRequest& request) {
      if (request.path != "/oauth/token" && server.issued == 1) ++server.issued;  // revoke tok-1
      return inner(request);
    });
    auto outcome = fetch_all(client, {get("job", "/jobs/1")});
    CHECK(outcome.error.empty());
    auto seen = api.requests();
    REQUIRE(seen.size() == 5);
    CHECK(seen[2].header("authorization") == "Bearer tok-1");  // refused
    CHECK(seen[3].path == "/oauth/token");
    CHECK(seen[4].header("authorization") == "Bearer tok-3");
    CHECK(client.stats().token_requests == 2);
  }

  SUBCASE("still 401 with the fresh token: final") {
    server.refuse_all = true;
    auto outcome = fetch_all(client, {get("job", "/jobs/1")});
    CHECK(outcome.error == "fetch job: HTTP 401");
    CHECK_FALSE(outcome.retryable);
    auto seen = api.requests();
    CHECK(seen.size() == 5);  // token, ok; refused, token, refused
    CHECK(count_path(seen, "/oauth/token") == 2);
  }
}

TEST_CASE("vendor_api oauth2: a token near its expiry is refreshed") {
  OAuthServer server;
  server.expires_in = 2;  // refreshed 0.2 s before: at 1.8 s
  FakeApi api(server.handler());
  Runtime runtime;
  ApiClient client(runtime.ioc, *runtime.tls, "conn-1", settings_for(api, oauth(api)));
  CHECK(fetch_all(client, {get("job", "/jobs/1")}).error.empty());
  CHECK(fetch_all(client, {get("job", "/jobs/1")}).error.empty());
  auto issued_at = api.requests()[0].received;
  CHECK(count_path(api.requests(), "/oauth/token") == 1);
  // The property under test is the passing of time: wait out the token's lifetime.
  std::this_thread::sleep_until(issued_at + 2s);
  CHECK(fetch_all(client, {get("job", "/jobs/1")}).error.empty());
  auto seen = api.requests();
  REQUIRE(seen.size() == 5);
  CHECK(seen[3].path == "/oauth/token");
  CHECK(seen[4].header("authorization") == "Bearer tok-2");
}

TEST_CASE("vendor_api oauth2: a refused client is final and nothing reaches the API") {
  OAuthServer server;
  FakeApi api(server.handler());
  Runtime runtime;
  ApiClient client(runtime.ioc, *runtime.tls, "conn-1", settings_for(api, oauth(api, "wrong")));
  auto outcome = fetch_all(client, {get("job", "/jobs/1"), get("stage", "/stages/1")});
  CHECK(outcome.error == "fetch job: oauth2 token request: HTTP 401");
  CHECK_FALSE(outcome.retryable);
  auto seen = api.requests();
  REQUIRE(seen.size() == 1);  // one token request for both fetches, none to the API
  CHECK(seen[0].path == "/oauth/token");
  CHECK(client.stats().requests == 0);
}
