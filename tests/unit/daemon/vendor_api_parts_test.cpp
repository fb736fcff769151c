// The vendor API client's pure parts: target joining and the same-origin rule, query
// parameters, Link headers, rate-limit signals, the token bucket, backoff and the pager.
#include <doctest/doctest.h>

#include <random>

#include "daemon/vendor_api/auth.h"
#include "daemon/vendor_api/link_header.h"
#include "daemon/vendor_api/pager.h"
#include "daemon/vendor_api/rate_gate.h"
#include "daemon/vendor_api/rate_signals.h"
#include "daemon/vendor_api/retry.h"
#include "daemon/vendor_api/target.h"
#include "vendor_api_support.h"

using namespace weft::vendor_api;
using namespace std::chrono_literals;
using weft::http::Url;
using namespace weft::test;

namespace {

Url url(const char* text) {
  auto parsed = Url::parse(text);
  REQUIRE(parsed);
  return *parsed;
}
}  // namespace

TEST_CASE("vendor_api target: relative paths join the base path") {
  auto base = url("https://api.lever.co/v1");
  CHECK(resolve_fetch_target(base, "/opportunities/1") == "/v1/opportunities/1");
  CHECK(resolve_fetch_target(base, "opportunities/1?expand=stage") ==
        "/v1/opportunities/1?expand=stage");
  CHECK(resolve_fetch_target(url("https://api.lever.co/v1/"), "/opportunities") ==
        "/v1/opportunities");
  CHECK(resolve_fetch_target(url("https://harvest.greenhouse.io"), "/v1/candidates/7") ==
        "/v1/candidates/7");
  CHECK(resolve_fetch_target(url("https://x.example/api?key=1"), "/jobs") == "/api/jobs");
  CHECK(resolve_fetch_target(base, "/a#fragment") == "/v1/a");
  CHECK_FALSE(resolve_fetch_target(base, "/a b"));
}

TEST_CASE("vendor_api target: absolute URLs only on the base origin") {
  auto base = url("https://api.lever.co/v1");
  CHECK(resolve_fetch_target(base, "https://api.lever.co/v1/opportunities?offset=x") ==
        "/v1/opportunities?offset=x");
  CHECK(resolve_fetch_target(base, "HTTPS://API.LEVER.CO:443/other") == "/other");
  CHECK_FALSE(resolve_fetch_target(base, "http://api.lever.co/v1/x"));        // scheme
  CHECK_FALSE(resolve_fetch_target(base, "https://evil.example/v1/x"));       // host
  CHECK_FALSE(resolve_fetch_target(base, "https://api.lever.co:8443/v1/x"));  // port
  CHECK_FALSE(resolve_fetch_target(base, "https://api.lever.co.evil.example/x"));
  CHECK_FALSE(resolve_fetch_target(base, "ftp://api.lever.co/x"));
  CHECK_FALSE(resolve_fetch_target(base, "//api.lever.co/x"));
}

TEST_CASE("vendor_api target: references from responses") {
  auto base = url("https://api.example.com/v1");
  CHECK(resolve_reference(base, "/v1/jobs?page=1", "https://api.example.com/v1/jobs?page=2") ==
        "/v1/jobs?page=2");
  CHECK(resolve_reference(base, "/v1/jobs?page=1", "/v1/jobs?page=2") == "/v1/jobs?page=2");
  CHECK(resolve_reference(base, "/v1/jobs?page=1", "?page=2") == "/v1/jobs?page=2");
  CHECK(resolve_reference(base, "/v1/jobs?page=1", "jobs?page=2") == "/v1/jobs?page=2");
  CHECK_FALSE(resolve_reference(base, "/v1/jobs", "https://other.example/v1/jobs"));
  CHECK_FALSE(resolve_reference(base, "/v1/jobs", "//other.example/v1/jobs"));
  CHECK_FALSE(resolve_reference(base, "/v1/jobs", ""));
}

TEST_CASE("vendor_api target: query parameters") {
  CHECK(set_query_params("/v1/jobs", {{"offset", "0"}, {"limit", "100"}}) ==
        "/v1/jobs?offset=0&limit=100");
  CHECK(set_query_params("/v1/jobs?status=open", {{"offset", "200"}}) ==
        "/v1/jobs?status=open&offset=200");
  CHECK(set_query_params("/v1/jobs?offset=0&status=open&", {{"offset", "100"}}) ==
        "/v1/jobs?status=open&offset=100");
  CHECK(set_query_params("/v1/jobs", {{"cursor", "a b/c+d=&?"}}) ==
        "/v1/jobs?cursor=a%20b%2Fc%2Bd%3D%26%3F");
  CHECK(set_query_params("/v1/jobs", {{"page[size]", "50"}}) == "/v1/jobs?page[size]=50");
  CHECK(url_encode("Az09-._~") == "Az09-._~");
  CHECK(form_encode("read write:all") == "read+write%3Aall");
  CHECK(path_of("/v1/candidates/5?email=x") == "/v1/candidates/5");
}

TEST_CASE("vendor_api link header: rel=next in its variants") {
  CHECK(
      next_link(
          R"(<https://a.example/x?page=2>; rel="next", <https://a.example/x?page=9>; rel="last")") ==
      "https://a.example/x?page=2");
  CHECK(next_link(R"(<https://a.example/x?page=9>; rel="last", </x?page=3>; rel=next)") ==
        "/x?page=3");
  CHECK(next_link(R"(<https://a.example/x?a=1,2>; title="a, b; c"; rel="prev next")") ==
        "https://a.example/x?a=1,2");
  CHECK(next_link(R"(<https://a.example/x?page=1>; rel="prev")") == std::nullopt);
  CHECK(next_link(R"(<https://a.example/x?page=1>; rel="nextish")") == std::nullopt);
  CHECK(next_link("garbage") == std::nullopt);
  weft::Headers headers{{"Link", R"(<https://a.example/1>; rel="prev")"},
                        {"link", R"(<https://a.example/3>; REL="NEXT")"}};
  CHECK(next_link(headers) == "https://a.example/3");
}

TEST_CASE("vendor_api rate signals: Retry-After and X-RateLimit-Reset") {
  auto now = std::chrono::system_clock::from_time_t(784111777);  // Sun, 06 Nov 1994 08:49:37 GMT
  CHECK(parse_retry_after("120", now) == 120'000ms);
  CHECK(parse_retry_after(" 1.5 ", now) == 1'500ms);
  CHECK(parse_retry_after("Sun, 06 Nov 1994 08:49:40 GMT", now) == 3'000ms);
  CHECK(parse_retry_after("Sunday, 06-Nov-94 08:49:47 GMT", now) == 10'000ms);
  CHECK(parse_retry_after("Sun Nov  6 08:49:57 1994", now) == 20'000ms);
  CHECK(parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now) == 0ms);  // past
  CHECK(parse_retry_after("-1", now) == std::nullopt);
  CHECK(parse_retry_after("soon", now) == std::nullopt);
  CHECK(parse_retry_after("999999999", now) == kMaxVendorHold);
  // Past the clock's range (year 2262): capped, not wrapped into the past.
  CHECK(parse_retry_after("Sat, 01 Jan 2300 00:00:00 GMT", now) == kMaxVendorHold);

  CHECK(parse_rate_reset("30", now) == 30'000ms);  // seconds until the reset
  auto recent = std::chrono::system_clock::from_time_t(1'700'000'000);
  CHECK(parse_rate_reset("1700000010", recent) == 10'000ms);          // Unix seconds
  CHECK(parse_rate_reset("1700000010500", recent) == 10'500ms);       // Unix milliseconds
  CHECK(parse_rate_reset("1600000000", recent) == 0ms);               // already past
  CHECK(parse_rate_reset("999999999999", recent) == kMaxVendorHold);  // year 33658: capped

  weft::Headers limited{
      {"Retry-After", "2"}, {"X-RateLimit-Remaining", "0"}, {"X-RateLimit-Reset", "9"}};
  CHECK(vendor_hold(429, limited, now) == 2'000ms);  // Retry-After first
  CHECK(vendor_hold(200, limited, now) == 9'000ms);  // 200 with nothing left: the reset
  weft::Headers dashed{{"X-Rate-Limit-Remaining", "0"}, {"X-Rate-Limit-Reset", "4"}};
  CHECK(vendor_hold(200, dashed, now) == 4'000ms);
  weft::Headers left{{"X-RateLimit-Remaining", "3"}, {"X-RateLimit-Reset", "9"}};
  CHECK(vendor_hold(200, left, now) == std::nullopt);
  CHECK(vendor_hold(200, weft::Headers{{"Retry-After", "5"}}, now) == std::nullopt);
  CHECK(vendor_hold(503, weft::Headers{{"Retry-After", "5"}}, now) == 5'000ms);
}

TEST_CASE("vendor_api rate gate: burst, then one request per interval, and vendor holds") {
  RateGate gate(10, 3);  // 100 ms apart after a burst of 3
  auto t0 = RateGate::Clock::now();
  auto far = t0 + 1h;
  CHECK(gate.reserve(t0, far) == t0);
  CHECK(gate.reserve(t0, far) == t0);
  CHECK(gate.reserve(t0, far) == t0);
  CHECK(gate.reserve(t0, far) == t0 + 100ms);
  CHECK(gate.reserve(t0, far) == t0 + 200ms);
  // Waiting past the latest useful time reserves nothing.
  CHECK(gate.reserve(t0, t0 + 250ms) == std::nullopt);
  CHECK(gate.reserve(t0, far) == t0 + 300ms);
  // Idle time refills the bucket, up to the burst.
  auto later = t0 + 10s;
  CHECK(gate.reserve(later, far) == later);
  gate.hold_until(later + 5s);
  gate.hold_until(later + 1s);  // an earlier hold does not shorten it
  CHECK(gate.held_until() == later + 5s);
  CHECK(gate.reserve(later, far) == later + 5s);
  CHECK(gate.reserve(later, later + 4s) == std::nullopt);

  RateGate unlimited(0, 1);
  CHECK(unlimited.reserve(t0, far) == t0);
  CHECK(unlimited.reserve(t0, far) == t0);
}

TEST_CASE("vendor_api retry: classes and backoff") {
  CHECK(classify_status(200) == StatusClass::success);
  CHECK(classify_status(204) == StatusClass::success);
  for (int status : {408, 429, 500, 502, 503, 504})
    CHECK(classify_status(status) == StatusClass::retry);
  for (int status : {301, 400, 401, 403, 404, 422})
    CHECK(classify_status(status) == StatusClass::final);
  std::minstd_rand random(7);
  for (int i = 0; i < 50; ++i) {
    auto first = backoff_delay(2, random);
    CHECK(first >= kBackoffBase / 2);
    CHECK(first <= kBackoffBase);
    auto third = backoff_delay(4, random);
    CHECK(third >= kBackoffBase * 2);
    CHECK(third <= kBackoffBase * 4);
    CHECK(backoff_delay(40, random) <= kBackoffCap);
  }
}

TEST_CASE("vendor_api auth: headers and the token exchange format") {
  auto basic =
      make_auth({.kind = weft::config::ApiAuth::Kind::basic, .username = "key", .password = ""});
  auto header = static_auth_header(basic);
  REQUIRE(header);
  CHECK(header->name == "Authorization");
  CHECK(header->value == "Basic a2V5Og==");  // base64("key:")
  auto api_key = make_auth(
      {.kind = weft::config::ApiAuth::Kind::header, .token = "t0k", .header_name = "X-SmartToken"});
  CHECK(static_auth_header(api_key)->name == "X-SmartToken");
  CHECK(static_auth_header(api_key)->value == "t0k");
  auto oauth = make_auth({.kind = weft::config::ApiAuth::Kind::oauth2,
                          .client_id = "id:1",
                          .client_secret = "s e",
                          .scope = "read write"});
  CHECK_FALSE(static_auth_header(oauth));
  CHECK(oauth_client_authorization(oauth) == "Basic aWQlM0ExOnMrZQ==");  // base64("id%3A1:s+e")
  CHECK(oauth_token_form(oauth) == "grant_type=client_credentials&scope=read+write");

  std::string error;
  auto token = parse_token_response(
      R"({"access_token":"abc","token_type":"bearer","expires_in":120})", error);
  CHECK(error.empty());
  CHECK(token.authorization == "Bearer abc");
  CHECK(token.lifetime == 120s);
  token = parse_token_response(R"({"access_token":"abc","expires_in":"30"})", error);
  CHECK(token.lifetime == 30s);
  token = parse_token_response(R"({"access_token":"abc"})", error);
  CHECK(token.lifetime == kDefaultTokenLifetime);
  parse_token_response(R"({"token_type":"bearer"})", error);
  CHECK(error == "oauth2 token response without access_token");
  error.clear();
  parse_token_response(R"({"access_token":"abc","token_type":"mac"})", error);
  CHECK(error == "oauth2 token_type is not Bearer");
  CHECK(refresh_margin(3600s) == 60s);
  CHECK(refresh_margin(100s) == 10s);
}

TEST_CASE("vendor_api pager: cursor in a POST body, items gathered") {
  weft::Fetch fetch = make_fetch({.key = "applications",
                                  .method = "POST",
                                  .target = "/application.list",
                                  .body = R"({"jobId":"j1"})",
                                  .paging = {.style = weft::PageStyle::cursor,
                                             .items = "results",
                                             .param = "cursor",
                                             .next = "nextCursor",
                                             .more = "moreDataAvailable",
                                             .size_param = "limit",
                                             .page_size = 2}});
  Pager pager(fetch, "/application.list", url("https://api.ashbyhq.com"), 10);
  auto first = pager.first();
  REQUIRE(first);
  CHECK(first->target == "/application.list");
  CHECK(first->body == R"({"jobId":"j1","limit":2})");
  auto step = pager.add_page(
      R"({"results":[{"id":1},{"id":2}],"moreDataAvailable":true,"nextCursor":"c2"})", {});
  REQUIRE(step.next);
  CHECK(step.next->body == R"({"jobId":"j1","cursor":"c2","limit":2})");
  step =
      pager.add_page(R"({"results":[{"id":3}],"moreDataAvailable":false,"nextCursor":"c3"})", {});
  CHECK(step.error.empty());
  CHECK_FALSE(step.next);
  CHECK(pager.result() == R"([{"id":1},{"id":2},{"id":3}])");
  CHECK(pager.pages() == 2);
}

TEST_CASE("vendor_api pager: errors") {
  weft::Fetch fetch =
      make_fetch({.key = "jobs",
                  .target = "/jobs",
                  .paging = {.style = weft::PageStyle::next_url, .items = "data", .next = "next"}});
  Pager pager(fetch, "/v1/jobs", url("https://api.example.com/v1"), 2);
  REQUIRE(pager.first());
  CHECK(pager.add_page("{not json", {}).error.starts_with("page 1: malformed JSON"));
  Pager other(fetch, "/v1/jobs", url("https://api.example.com/v1"), 2);
  REQUIRE(other.first());
  CHECK(other.add_page(R"({"data":{"id":1}})", {}).error == "page 1: no list at the items path");
  Pager outside(fetch, "/v1/jobs", url("https://api.example.com/v1"), 2);
  REQUIRE(outside.first());
  CHECK(outside.add_page(R"({"data":[],"next":"https://evil.example/v1/jobs?p=2"})", {}).error ==
        "next page outside api.base_url");
  Pager bounded(fetch, "/v1/jobs", url("https://api.example.com/v1"), 10);
  bounded.limit_records(40);
  REQUIRE(bounded.first());
  auto step = bounded.add_page(R"({"data":[{"id":1},{"id":2}],"next":"/v1/jobs?p=2"})", {});
  REQUIRE(step.error.empty());
  CHECK(bounded.add_page(R"({"data":[{"id":3},{"id":4},{"id":5},{"id":6}]})", {}).error ==
        "records of all pages exceed 40 bytes");
  weft::Fetch post = make_fetch({.key = "x",
                                 .method = "POST",
                                 .target = "/x",
                                 .body = "[1]",
                                 .paging = {.style = weft::PageStyle::offset, .param = "offset"}});
  Pager bad_body(post, "/x", url("https://api.example.com"), 2);
  CHECK_FALSE(bad_body.first());
  CHECK(bad_body.error() == "paged POST body is not a JSON object");
}
