// http::Client::send, the general request the vendor API client is built on: any method and
// target on the origin, request headers, and the whole response within a size limit.
#include <doctest/doctest.h>

#include "support/fake_api.h"
#include "vendor_api_support.h"

using namespace std::chrono_literals;
using weft::http::ClientRequest;
using weft::http::ClientResponse;
using namespace weft::test;

namespace {

ClientResponse send(weft::http::Client& client, ClientRequest request,
                    std::size_t max_response = 1 << 20, std::chrono::milliseconds timeout = 5s) {
  std::promise<ClientResponse> promise;
  auto future = promise.get_future();
  client.send(std::move(request), timeout, max_response,
              [&promise](ClientResponse response) { promise.set_value(std::move(response)); });
  REQUIRE(future.wait_for(20s) == std::future_status::ready);
  return future.get();
}

}  // namespace

TEST_CASE("vendor_api http: GET any target, with headers, and read status, headers and body") {
  FakeApi api([](const FakeRequest& request) {
    FakeResponse response = FakeResponse::json(R"({"path":")" + request.path + R"("})", 201);
    response.headers = {{"X-RateLimit-Remaining", "7"}, {"Link", "<https://a/b>; rel=next"}};
    return response;
  });
  Runtime runtime;
  auto client = runtime.http_client(api.url("/fixed?ignored=1"));

  auto response = send(*client, {.method = "GET",
                                 .target = "/v1/candidates/5?expand=jobs",
                                 .headers = {{"Accept", "application/json"}, {"X-Api", "3"}},
                                 .body = {}});
  CHECK(response.error.empty());
  CHECK(response.status == 201);
  CHECK(response.body == R"({"path":"/v1/candidates/5"})");
  CHECK(response.headers.find("x-ratelimit-remaining") == "7");
  CHECK(response.headers.find("LINK") == "<https://a/b>; rel=next");
  CHECK(response.latency.count() > 0);

  auto seen = api.requests();
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].method == "GET");
  CHECK(seen[0].target == "/v1/candidates/5?expand=jobs");
  CHECK(seen[0].header("accept") == "application/json");
  CHECK(seen[0].header("x-api") == "3");
  CHECK(seen[0].header("host") == "127.0.0.1:" + std::to_string(api.port()));
  CHECK(seen[0].header("content-length").empty());  // a GET without a body has no framing
  CHECK(seen[0].header("content-type").empty());
  CHECK(seen[0].body.empty());
}

TEST_CASE("vendor_api http: POST with a body, then a second request on the same connection") {
  FakeApi api([](const FakeRequest& request) { return FakeResponse::json(request.body); });
  Runtime runtime;
  auto client = runtime.http_client(api.url());
  auto first = send(*client, {.method = "POST",
                              .target = "/candidate.list",
                              .headers = {{"Content-Type", "application/json"}},
                              .body = R"({"limit":2})"});
  CHECK(first.status == 200);
  CHECK(first.body == R"({"limit":2})");
  auto second = send(*client, {.method = "GET", .target = "/x", .headers = {}, .body = {}});
  CHECK(second.status == 200);
  CHECK(second.reused_connection);
  CHECK(api.connections() == 1);
  auto seen = api.requests();
  REQUIRE(seen.size() == 2);
  CHECK(seen[0].method == "POST");
  CHECK(seen[0].header("content-length") == "11");
  CHECK(seen[0].header("content-type") == "application/json");
}

TEST_CASE("vendor_api http: a body over max_response is an error and the connection closes") {
  FakeApi api([](const FakeRequest&) { return FakeResponse::json(std::string(5000, 'x')); });
  Runtime runtime;
  auto client = runtime.http_client(api.url());
  auto big = send(*client, {.method = "GET", .target = "/big", .headers = {}, .body = {}}, 4999);
  CHECK(big.status == 0);
  CHECK(big.error == "response too large");
  auto fits = send(*client, {.method = "GET", .target = "/big", .headers = {}, .body = {}}, 5000);
  CHECK(fits.error.empty());
  CHECK(fits.body.size() == 5000);
  CHECK_FALSE(fits.reused_connection);
  CHECK(api.connections() == 2);
}

TEST_CASE("vendor_api http: invalid methods, targets and headers are refused unsent") {
  FakeApi api;
  Runtime runtime;
  auto client = runtime.http_client(api.url());
  CHECK(send(*client, {.method = "G ET", .target = "/", .headers = {}, .body = {}}).error ==
        "write: invalid method");
  CHECK(send(*client, {.method = "GET", .target = "relative", .headers = {}, .body = {}}).error ==
        "write: invalid target");
  CHECK(send(*client, {.method = "GET", .target = "/a b", .headers = {}, .body = {}}).error ==
        "write: invalid target");
  CHECK(send(*client, {.method = "GET", .target = "/", .headers = {{"X", "a\r\nb: c"}}, .body = {}})
            .error == "write: invalid header");
  CHECK(api.connections() == 0);
  // The default handler answers 404; the status is just a status.
  CHECK(send(*client, {.method = "GET", .target = "/", .headers = {}, .body = {}}).status == 404);
}
