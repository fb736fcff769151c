// The five pagination styles end to end against a real local server, with exact request
// counts, plus the page limit and the same-origin rule for vendor-given next pages.
#include <doctest/doctest.h>

#include "providers/core/json.h"
#include "support/fake_api.h"
#include "vendor_api_support.h"

using namespace std::chrono_literals;
using weft::PageStyle;
using namespace weft::test;
using weft::vendor_api::ApiClient;
using weft::vendor_api::FetchOutcome;

namespace {

FetchOutcome fetch_one(FakeApi& api, const FetchSpec& spec, unsigned max_pages = 50) {
  weft::config::Api settings = weft::test::api_settings(api.url("/v1"));
  settings.max_pages = max_pages;
  Runtime runtime;
  ApiClient client(runtime.ioc, *runtime.tls, "conn-1", settings);
  return weft::test::fetch_now(client, {weft::test::make_fetch(spec)}, 10s);
}

// Records {"id":first}..{"id":last-1} as a JSON array.
std::string records(int first, int last) {
  std::string out = "[";
  for (int i = first; i < last; ++i) {
    if (i > first) out += ",";
    out += R"({"id":)" + std::to_string(i) + "}";
  }
  return out + "]";
}

int number(const std::optional<std::string>& text) {
  REQUIRE(text);
  return std::stoi(*text);
}

const std::string kFive = records(0, 5);

}  // namespace

TEST_CASE("vendor_api paging: offset ends on a short page") {
  FakeApi api([](const FakeRequest& r) {
    int offset = number(r.query_param("offset"));
    int limit = number(r.query_param("limit"));
    return FakeResponse::json(R"({"data":)" + records(offset, std::min(offset + limit, 5)) + "}");
  });
  auto outcome = fetch_one(api, {.key = "candidates",
                                 .target = "/candidates?status=active",
                                 .paging = {.style = PageStyle::offset,
                                            .items = "data",
                                            .param = "offset",
                                            .size_param = "limit",
                                            .page_size = 2}});
  CHECK(outcome.error.empty());
  REQUIRE(outcome.results.size() == 1);
  CHECK(outcome.results[0].key == "candidates");
  CHECK(outcome.results[0].status == 200);
  CHECK(outcome.results[0].body == kFive);
  auto seen = api.requests();
  REQUIRE(seen.size() == 3);
  CHECK(seen[0].target == "/v1/candidates?status=active&offset=0&limit=2");
  CHECK(seen[1].target == "/v1/candidates?status=active&offset=2&limit=2");
  CHECK(seen[2].target == "/v1/candidates?status=active&offset=4&limit=2");
}

TEST_CASE("vendor_api paging: offset with a `more` flag, and on an exact last page") {
  // Four records in pages of two: without a flag the third (empty) page ends it.
  auto handler = [](bool flag) {
    return [flag](const FakeRequest& r) {
      int offset = number(r.query_param("offset"));
      std::string body = R"({"items":)" + records(offset, std::min(offset + 2, 4));
      if (flag) body += std::string(R"(,"hasMore":)") + (offset + 2 < 4 ? "true" : "false");
      return FakeResponse::json(body + "}");
    };
  };
  FetchSpec fetch{.key = "jobs",
                  .target = "/jobs",
                  .paging = {.style = PageStyle::offset,
                             .items = "items",
                             .param = "offset",
                             .more = "hasMore",
                             .page_size = 2}};
  FakeApi without(handler(false));
  auto outcome = fetch_one(without, fetch);
  CHECK(outcome.results.at(0).body == records(0, 4));
  CHECK(without.count() == 3);
  CHECK(without.requests()[0].target == "/v1/jobs?offset=0");  // no size_param given

  FakeApi with(handler(true));
  outcome = fetch_one(with, fetch);
  CHECK(outcome.results.at(0).body == records(0, 4));
  CHECK(with.count() == 2);
}

TEST_CASE("vendor_api paging: page_number ends on an empty page, or on a null next") {
  auto handler = [](bool links) {
    return [links](const FakeRequest& r) {
      int page = number(r.query_param("page"));
      int per_page = number(r.query_param("per_page"));
      int first = std::min((page - 1) * per_page, 5);
      std::string body = R"({"data":)" + records(first, std::min(first + per_page, 5));
      if (links) {
        bool last = first + per_page >= 5;
        body += R"(,"links":{"next":)" + std::string(last ? "null" : R"("/x")") + "}";
      }
      return FakeResponse::json(body + "}");
    };
  };
  FetchSpec fetch{.key = "jobs",
                  .target = "/jobs",
                  .paging = {.style = PageStyle::page_number,
                             .items = "data",
                             .param = "page",
                             .size_param = "per_page",
                             .page_size = 2,
                             .first_page = 1}};
  FakeApi plain(handler(false));
  auto outcome = fetch_one(plain, fetch);
  CHECK(outcome.error.empty());
  CHECK(outcome.results.at(0).body == kFive);
  auto seen = plain.requests();
  REQUIRE(seen.size() == 4);
  for (int i = 0; i < 4; ++i) {
    CHECK(seen[i].query_param("page") == std::to_string(i + 1));
    CHECK(seen[i].query_param("per_page") == "2");
  }

  fetch.paging.next = "links.next";
  FakeApi linked(handler(true));
  outcome = fetch_one(linked, fetch);
  CHECK(outcome.results.at(0).body == kFive);
  CHECK(linked.count() == 3);
}

TEST_CASE("vendor_api paging: cursor in the query (Lever style)") {
  // Cursors with characters that must be encoded.
  FakeApi api([](const FakeRequest& r) {
    auto cursor = r.query_param("offset");
    int first = !cursor ? 0 : *cursor == "c+2/=&" ? 2 : 4;
    std::string body = R"({"data":)" + records(first, std::min(first + 2, 5));
    if (first == 0) body += R"(,"hasNext":true,"next":"c+2/=&")";
    if (first == 2) body += R"(,"hasNext":true,"next":"c4")";
    if (first == 4) body += R"(,"hasNext":false)";
    return FakeResponse::json(body + "}");
  });
  auto outcome = fetch_one(api, {.key = "opportunities",
                                 .target = "/opportunities?expand=stage",
                                 .paging = {.style = PageStyle::cursor,
                                            .items = "data",
                                            .param = "offset",
                                            .next = "next",
                                            .more = "hasNext",
                                            .size_param = "limit",
                                            .page_size = 2}});
  CHECK(outcome.error.empty());
  CHECK(outcome.results.at(0).body == kFive);
  auto seen = api.requests();
  REQUIRE(seen.size() == 3);
  CHECK(seen[0].target == "/v1/opportunities?expand=stage&limit=2");
  CHECK(seen[1].target == "/v1/opportunities?expand=stage&offset=c%2B2%2F%3D%26&limit=2");
  CHECK(seen[2].query_param("offset") == "c4");
}

TEST_CASE("vendor_api paging: cursor in a POST body (Ashby style)") {
  FakeApi api([](const FakeRequest& r) {
    weft::json::Document body;
    REQUIRE(weft::json::parse(r.body, body).empty());
    auto cursor = weft::json::text(body, "cursor");
    int first = !cursor ? 0 : std::stoi(cursor->substr(1));
    std::string out = R"({"success":true,"results":)" + records(first, std::min(first + 2, 5)) +
                      R"(,"moreDataAvailable":)" + (first + 2 < 5 ? "true" : "false") +
                      R"(,"nextCursor":"n)" + std::to_string(first + 2) + R"("})";
    return FakeResponse::json(out);
  });
  auto outcome = fetch_one(api, {.key = "applications",
                                 .method = "POST",
                                 .target = "/application.list",
                                 .body = R"({"jobId":"j-1"})",
                                 .paging = {.style = PageStyle::cursor,
                                            .items = "results",
                                            .param = "cursor",
                                            .next = "nextCursor",
                                            .more = "moreDataAvailable",
                                            .size_param = "limit",
                                            .page_size = 2}});
  CHECK(outcome.error.empty());
  CHECK(outcome.results.at(0).body == kFive);
  auto seen = api.requests();
  REQUIRE(seen.size() == 3);
  for (const auto& r : seen) {
    CHECK(r.method == "POST");
    CHECK(r.target == "/v1/application.list");
    CHECK(r.header("content-type") == "application/json");
  }
  CHECK(seen[0].body == R"({"jobId":"j-1","limit":2})");
  CHECK(seen[1].body == R"({"jobId":"j-1","cursor":"n2","limit":2})");
  CHECK(seen[2].body == R"({"jobId":"j-1","cursor":"n4","limit":2})");
}

TEST_CASE("vendor_api paging: Link header, absolute then relative") {
  FakeApi* self = nullptr;
  FakeApi api([&self](const FakeRequest& r) {
    int page = r.query_param("page") ? number(r.query_param("page")) : 1;
    int first = (page - 1) * 2;
    auto response = FakeResponse::json(records(first, std::min(first + 2, 5)));
    if (page == 1) {
      response.headers.push_back(
          {"Link", "<" + self->url("/v1/candidates?page=2&per_page=2") + R"(>; rel="next")"});
    } else if (page == 2) {
      response.headers.push_back({"Link", R"(</v1/candidates?page=3&per_page=2>; rel="next", )"
                                          R"(</v1/candidates?page=1&per_page=2>; rel="prev")"});
    } else {
      response.headers.push_back({"Link", R"(</v1/candidates?page=2&per_page=2>; rel="prev")"});
    }
    return response;
  });
  self = &api;
  auto outcome = fetch_one(
      api, {.key = "candidates",
            .target = "/candidates",
            .paging = {.style = PageStyle::link_header, .size_param = "per_page", .page_size = 2}});
  CHECK(outcome.error.empty());
  CHECK(outcome.results.at(0).body == kFive);
  auto seen = api.requests();
  REQUIRE(seen.size() == 3);
  CHECK(seen[0].target == "/v1/candidates?per_page=2");
  CHECK(seen[1].target == "/v1/candidates?page=2&per_page=2");
  CHECK(seen[2].target == "/v1/candidates?page=3&per_page=2");
}

TEST_CASE("vendor_api paging: next URL in the body (Workable style)") {
  FakeApi* self = nullptr;
  FakeApi api([&self](const FakeRequest& r) {
    int since = r.query_param("since_id") ? number(r.query_param("since_id")) : 0;
    std::string body = R"({"candidates":)" + records(since, std::min(since + 2, 5));
    if (since + 2 < 5) {
      body += R"(,"paging":{"next":")" +
              self->url("/v1/candidates?limit=2&since_id=" + std::to_string(since + 2)) + R"("})";
    }
    return FakeResponse::json(body + "}");
  });
  self = &api;
  auto outcome = fetch_one(api, {.key = "candidates",
                                 .target = "/candidates",
                                 .paging = {.style = PageStyle::next_url,
                                            .items = "candidates",
                                            .next = "paging.next",
                                            .size_param = "limit",
                                            .page_size = 2}});
  CHECK(outcome.error.empty());
  CHECK(outcome.results.at(0).body == kFive);
  auto seen = api.requests();
  REQUIRE(seen.size() == 3);
  CHECK(seen[0].target == "/v1/candidates?limit=2");
  CHECK(seen[2].target == "/v1/candidates?limit=2&since_id=4");
}

TEST_CASE("vendor_api paging: max_pages, foreign next pages, and one-shot bodies") {
  SUBCASE("stops with an error at max_pages") {
    FakeApi api([](const FakeRequest& r) {
      return FakeResponse::json(R"({"data":[{"id":1}],"next":"/v1/jobs?p=)" +
                                std::to_string(r.index + 1) + R"("})");
    });
    auto outcome =
        fetch_one(api,
                  {.key = "jobs",
                   .target = "/jobs",
                   .paging = {.style = PageStyle::next_url, .items = "data", .next = "next"}},
                  3);
    CHECK(outcome.error == "fetch jobs: more than 3 pages");
    CHECK_FALSE(outcome.retryable);
    CHECK(api.count() == 3);
  }
  SUBCASE("a next page on another origin is refused unsent") {
    FakeApi api([](const FakeRequest&) {
      return FakeResponse::json(R"({"data":[],"next":"http://localhost:1/v1/jobs?p=2"})");
    });
    auto outcome =
        fetch_one(api, {.key = "jobs",
                        .target = "/jobs",
                        .paging = {.style = PageStyle::next_url, .items = "data", .next = "next"}});
    CHECK(outcome.error == "fetch jobs: next page outside api.base_url");
    CHECK(api.count() == 1);
  }
  SUBCASE("style none: the body as it is") {
    FakeApi api([](const FakeRequest&) { return FakeResponse::json(R"({"id":"o1"} )"); });
    auto outcome = fetch_one(api, {.key = "opportunity", .target = "/opportunities/o1"});
    CHECK(outcome.results.at(0).body == R"({"id":"o1"} )");
    CHECK(api.count() == 1);
  }
}
