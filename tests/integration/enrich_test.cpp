// Thin webhooks through the real weftd: the vendor API is a real local HTTP server (FakeApi)
// that checks credentials, pages, rate-limits and expires tokens; the subscriber must get the
// full records (the same events as the golden files), never the thin payload, with no more
// API requests than needed.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "integration/common.h"
#include "integration/golden_events.h"
#include "providers/core/crypto.h"
#include "providers/core/json.h"
#include "providers/core/offline.h"
#include "support/fake_api.h"
#include "support/golden.h"

namespace weft::it {
namespace {

using test::FakeApi;
using test::FakeRequest;
using test::FakeResponse;

const std::string kLeverKey = "lever-api-key-1";
const std::string kFixtureSecret = "test-secret";  // what the fixtures are signed with

std::string basic(const std::string& user, const std::string& password = "") {
  return "Basic " + base64_encode(user + ":" + password);
}

// Lever's API over the fixtures: list endpoints page one record at a time (Lever decides
// the page size; `next` is an opaque offset), everything else is one record.
FakeResponse lever_api(const FakeRequest& r) {
  if (r.path.ends_with("/interviews")) {
    auto all = canned("lever", r.path);
    if (!all) return FakeResponse::json(R"({"code":"NotFound"})", 404);
    json::Document doc;
    REQUIRE(json::parse(*all, doc).empty());
    std::size_t at = 0;
    if (auto offset = r.query_param("offset")) at = std::stoul(offset->substr(1));
    std::string page = "{\"data\":[";
    if (at < doc.Size()) page += json::serialize(doc[static_cast<unsigned>(at)]);
    bool more = at + 1 < doc.Size();
    page += "],\"hasNext\":" + std::string(more ? "true" : "false");
    if (more) page += ",\"next\":\"o" + std::to_string(at + 1) + "\"";
    return FakeResponse::json(page + "}");
  }
  if (auto body = canned("lever", r.target)) return FakeResponse::json(*body);
  return FakeResponse::json(R"({"code":"NotFound"})", 404);
}

// API requests by path and query, to tell a needed read from a repeated one.
std::map<std::string, int> requests_by_target(const FakeApi& api) {
  std::map<std::string, int> counts;
  for (const auto& r : api.requests()) ++counts[r.method + " " + r.target];
  return counts;
}

ConnectionSpec lever_connection(const FakeApi& api, const std::string& auth_yaml) {
  ConnectionSpec c;
  c.id = "acme-lever";  // as in the golden files, so event ids match theirs
  c.provider = "lever";
  c.secrets = {kFixtureSecret};
  c.api = "{base_url: \"" + api.url() + "\", auth: " + auth_yaml +
          ", rate_limit: 100/s, burst: 20, max_attempts: 3, timeout: 2s}";
  return c;
}

ConnectionSpec lever_basic(const FakeApi& api) {
  return lever_connection(api, "{basic: {username: " + kLeverKey + "}}");
}

Response post_lever(HttpClient& client, const std::string& body) {
  return client.post("/v1/webhooks/acme-lever", body);
}

}  // namespace

TEST_SUITE("enrichment") {
  TEST_CASE("a thin Lever webhook reaches the subscriber as the full records, after a 429") {
    std::atomic<bool> limited{false};
    FakeApi api([&](const FakeRequest& r) {
      if (r.header("authorization") != basic(kLeverKey)) {
        return FakeResponse::json(R"({"code":"Unauthorized"})", 401);
      }
      if (!limited.exchange(true)) {
        return FakeResponse{429, R"({"code":"TooManyRequests"})", {{"Retry-After", "1"}}};
      }
      return lever_api(r);
    });
    Sink sink;
    TestDaemon daemon({}, {lever_basic(api)}, {subscriber("hris", sink)});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.port());

    Response res = post_lever(client, fixture_body("lever", "candidate_stage_change"));
    CHECK_MESSAGE(res.status == 200, res.status << " " << res.body << "\n" << daemon.log());
    check_deliveries(sink, {whsec("hris")});
    auto expected = golden_events("lever", "candidate_stage_change");
    CHECK(delivered_events(sink) == expected);
    CHECK(expected.size() >= 2);

    // Every read once, and the one refused with 429 once more; the retry waited as told.
    auto counts = requests_by_target(api);
    int repeats = 0;
    for (const auto& [target, n] : counts) repeats += n - 1;
    CHECK_MESSAGE(repeats == 1, "repeated API reads: " << repeats);
    // The refused read was sent again only once the vendor's Retry-After had passed.
    auto requests = api.requests();
    REQUIRE(!requests.empty());
    auto again = std::find_if(requests.begin() + 1, requests.end(),
                              [&](const FakeRequest& r) { return r.target == requests[0].target; });
    REQUIRE(again != requests.end());
    CHECK(again->received - requests[0].received >= std::chrono::milliseconds(950));
    // The interview list came one page at a time, by Lever's opaque offset.
    CHECK(std::any_of(requests.begin(), requests.end(), [](const FakeRequest& r) {
      return r.path.ends_with("/interviews") && r.query_param("offset").has_value();
    }));
  }

  TEST_CASE("while the vendor API fails the vendor is asked to retry; the retry delivers") {
    std::atomic<bool> down{true};
    FakeApi api([&](const FakeRequest& r) {
      if (down) return FakeResponse::json(R"({"code":"Unavailable"})", 503);
      return lever_api(r);
    });
    Sink sink;
    TestDaemon daemon({}, {lever_basic(api)}, {subscriber("hris", sink)});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.port());
    const std::string body = fixture_body("lever", "application_created");

    Response res = post_lever(client, body);
    CHECK(res.status == 503);
    CHECK(!res.header("retry-after").empty());
    CHECK(error_reason(res.body).value_or("").find("vendor API") != std::string::npos);
    CHECK(sink.count() == 0);  // nothing thin went out

    down = false;
    res = post_lever(client, body);
    CHECK_MESSAGE(res.status == 200, res.status << " " << res.body);
    CHECK(delivered_events(sink) == golden_events("lever", "application_created"));
  }

  TEST_CASE("an API that refuses the credentials: 502 with the reason, nothing delivered") {
    FakeApi api(
        [](const FakeRequest&) { return FakeResponse::json(R"({"code":"Unauthorized"})", 401); });
    Sink sink;
    TestDaemon daemon({}, {lever_basic(api)}, {subscriber("hris", sink)});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.port());
    Response res = post_lever(client, fixture_body("lever", "candidate_hired"));
    CHECK(res.status == 502);
    CHECK(error_reason(res.body).value_or("").find("401") != std::string::npos);
    CHECK(sink.count() == 0);
    CHECK(daemon.log().find(kLeverKey) == std::string::npos);
  }

  TEST_CASE("OAuth2: one token serves several webhooks; a refused token is replaced once") {
    std::atomic<int> issued{0};
    std::atomic<int> accepted_token{1};  // the API accepts "token-<n>" for this n only
    FakeApi api([&](const FakeRequest& r) {
      if (r.path == "/oauth/token") {
        bool form = r.body.find("grant_type=client_credentials") != std::string::npos;
        if (!form || r.header("authorization") != basic("client-1", "client-secret-1")) {
          return FakeResponse::json(R"({"error":"invalid_client"})", 401);
        }
        int n = ++issued;
        return FakeResponse::json(R"({"access_token":"token-)" + std::to_string(n) +
                                  R"(","token_type":"Bearer","expires_in":3600})");
      }
      if (r.header("authorization") != "Bearer token-" + std::to_string(accepted_token)) {
        return FakeResponse::json(R"({"code":"Unauthorized"})", 401);
      }
      return lever_api(r);
    });
    Sink sink;
    ConnectionSpec lever =
        lever_connection(api, "{oauth2: {token_url: \"" + api.url("/oauth/token") +
                                  "\", client_id: client-1, client_secret: client-secret-1}}");
    TestDaemon daemon({}, {lever}, {subscriber("hris", sink)});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.port());

    CHECK(post_lever(client, fixture_body("lever", "candidate_stage_change")).status == 200);
    CHECK(post_lever(client, fixture_body("lever", "application_created")).status == 200);
    CHECK(issued == 1);

    accepted_token = 2;  // the vendor revoked the first token
    Response res = post_lever(client, fixture_body("lever", "candidate_hired"));
    CHECK_MESSAGE(res.status == 200, res.status << " " << res.body);
    CHECK(issued == 2);
    CHECK(delivered_events(sink).size() ==
          golden_events("lever", "candidate_stage_change").size() +
              golden_events("lever", "application_created").size() +
              golden_events("lever", "candidate_hired").size());
    CHECK(daemon.log().find("client-secret-1") == std::string::npos);
    CHECK(daemon.log().find("token-1") == std::string::npos);
  }

  TEST_CASE("SIGHUP with a new API key and base_url: the next thin webhook uses them") {
    FakeApi old_api([](const FakeRequest& r) {
      if (r.header("authorization") != basic(kLeverKey)) return FakeResponse::json("{}", 401);
      return lever_api(r);
    });
    FakeApi new_api([](const FakeRequest& r) {
      if (r.header("authorization") != basic("lever-api-key-2")) {
        return FakeResponse::json("{}", 401);
      }
      return lever_api(r);
    });
    Sink sink;
    TestDaemon daemon({}, {lever_basic(old_api)}, {subscriber("hris", sink)});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.port());
    CHECK(post_lever(client, fixture_body("lever", "candidate_stage_change")).status == 200);
    const std::size_t old_reads = old_api.count();
    CHECK(old_reads > 0);

    daemon.rewrite_config(
        config_yaml({}, {lever_connection(new_api, "{basic: {username: lever-api-key-2}}")},
                    {subscriber("hris", sink)}));
    auto outcome = reload_config(daemon);
    REQUIRE(outcome.has_value());
    REQUIRE_MESSAGE(log_fields(*outcome)["msg"] == "reloaded", *outcome);

    Response res = post_lever(client, fixture_body("lever", "application_created"));
    CHECK_MESSAGE(res.status == 200, res.status << " " << res.body);
    CHECK(old_api.count() == old_reads);
    CHECK(new_api.count() > 0);
    CHECK(delivered_events(sink).size() ==
          golden_events("lever", "candidate_stage_change").size() +
              golden_events("lever", "application_created").size());
  }

  TEST_CASE("SmartRecruiters: the X-Hook-Secret handshake, then a signed delivery gets 202") {
    FakeApi api([](const FakeRequest& r) {
      if (r.header("x-smarttoken") != "sr-key") return FakeResponse::json("{}", 401);
      if (auto body = canned("smartrecruiters", r.target)) return FakeResponse::json(*body);
      return FakeResponse::json(R"({"code":"NOT_FOUND"})", 404);
    });
    Sink sink;
    ConnectionSpec sr;
    sr.id = "acme-smartrecruiters";
    sr.provider = "smartrecruiters";
    sr.secrets = {"sr-signing-key"};
    sr.api =
        "{base_url: \"" + api.url() + "\", auth: {header: {name: X-SmartToken, value: sr-key}}}";
    TestDaemon daemon({}, {sr}, {subscriber("hris", sink)});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.port());

    Response hello =
        client.post("/v1/webhooks/acme-smartrecruiters", "", {{"X-Hook-Secret", "abc123"}});
    CHECK(hello.status == 200);
    CHECK(hello.header("x-hook-secret") == "abc123");

    const std::string body = fixture_body("smartrecruiters", "application.created");
    Headers fixture = test::fixture_headers("smartrecruiters", "application.created");
    const std::string ts = std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                              std::chrono::system_clock::now().time_since_epoch())
                                              .count());
    auto h = [&](std::string_view name) { return std::string(fixture.find(name).value_or("")); };
    std::string message = ts + "." + body + "." + h("event-id") + "." + h("event-name") + "." +
                          h("event-version") + "." + h("link");
    std::vector<Header> headers = {
        {"event-id", h("event-id")},
        {"event-name", h("event-name")},
        {"event-version", h("event-version")},
        {"link", h("link")},
        {"smartrecruiters-timestamp", ts},
        {"smartrecruiters-signature", "v1=" + hex_hmac("sr-signing-key", message)}};
    Response res = client.post("/v1/webhooks/acme-smartrecruiters", body, headers);
    CHECK_MESSAGE(res.status == 202, res.status << " " << res.body << "\n" << daemon.log());
    auto delivered = check_deliveries(sink, {whsec("hris")});
    CHECK(!delivered.empty());
    for (const auto& d : delivered) CHECK(d.vendor_event_id == h("event-id"));
    CHECK(api.count() >= 1);

    // The same delivery signed an hour ago is a replay.
    const std::string old_ts = std::to_string(std::stoll(ts) - 3600);
    std::string old_message = old_ts + message.substr(ts.size());
    headers[4].value = old_ts;
    headers[5].value = "v1=" + hex_hmac("sr-signing-key", old_message);
    Response replay = client.post("/v1/webhooks/acme-smartrecruiters", body, headers);
    CHECK(replay.status == 401);
    CHECK(error_reason(replay.body).value_or("") ==
          "signed timestamp is outside the replay window");
  }
}

}  // namespace weft::it
