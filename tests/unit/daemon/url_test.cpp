#include "daemon/http/url.h"

#include <doctest/doctest.h>

using weft::http::Url;

TEST_CASE("url: http with defaults") {
  auto url = Url::parse("http://example.com");
  REQUIRE(url);
  CHECK_FALSE(url->tls);
  CHECK(url->host == "example.com");
  CHECK(url->port == "80");
  CHECK(url->target == "/");
  CHECK(url->host_header == "example.com");
}

TEST_CASE("url: https with port, path and query") {
  auto url = Url::parse("https://hooks.example.com:8443/v1/events?tenant=42&x=y");
  REQUIRE(url);
  CHECK(url->tls);
  CHECK(url->host == "hooks.example.com");
  CHECK(url->port == "8443");
  CHECK(url->target == "/v1/events?tenant=42&x=y");
  CHECK(url->host_header == "hooks.example.com:8443");
}

TEST_CASE("url: default ports are left out of the Host header") {
  auto https = Url::parse("https://example.com:443/a");
  REQUIRE(https);
  CHECK(https->port == "443");
  CHECK(https->host_header == "example.com");

  auto http_on_443 = Url::parse("http://example.com:443/a");
  REQUIRE(http_on_443);
  CHECK(http_on_443->host_header == "example.com:443");

  auto leading_zeros = Url::parse("http://example.com:0080/");
  REQUIRE(leading_zeros);
  CHECK(leading_zeros->port == "80");
  CHECK(leading_zeros->host_header == "example.com");
}

TEST_CASE("url: scheme and host are case-insensitive") {
  auto url = Url::parse("HTTPS://Hooks.Example.COM/Path");
  REQUIRE(url);
  CHECK(url->tls);
  CHECK(url->host == "hooks.example.com");
  CHECK(url->target == "/Path");  // the path keeps its case
}

TEST_CASE("url: IP literals") {
  auto v4 = Url::parse("http://127.0.0.1:8090/events");
  REQUIRE(v4);
  CHECK(v4->host == "127.0.0.1");
  CHECK(v4->port == "8090");
  CHECK(v4->host_header == "127.0.0.1:8090");

  auto v6 = Url::parse("http://[::1]:8090/events");
  REQUIRE(v6);
  CHECK(v6->host == "::1");
  CHECK(v6->port == "8090");
  CHECK(v6->target == "/events");
  CHECK(v6->host_header == "[::1]:8090");

  auto v6_default = Url::parse("https://[2001:DB8::1]");
  REQUIRE(v6_default);
  CHECK(v6_default->host == "2001:db8::1");
  CHECK(v6_default->port == "443");
  CHECK(v6_default->target == "/");
  CHECK(v6_default->host_header == "[2001:db8::1]");
}

TEST_CASE("url: query without path, fragment dropped") {
  auto query = Url::parse("http://example.com?a=1");
  REQUIRE(query);
  CHECK(query->target == "/?a=1");

  auto fragment = Url::parse("http://example.com/hook?a=1#section");
  REQUIRE(fragment);
  CHECK(fragment->target == "/hook?a=1");

  auto only_fragment = Url::parse("http://example.com#x");
  REQUIRE(only_fragment);
  CHECK(only_fragment->target == "/");
}

TEST_CASE("url: rejects what it cannot or should not send to") {
  for (const char* bad : {
           "",
           "example.com/path",    // no scheme
           "ftp://example.com/",  // other scheme
           "ws://example.com/",
           "http:/example.com",
           "http://",  // no host
           "http:///path",
           "http://:8080/",
           "http://user:pw@example.com/",  // credentials in the URL
           "http://example.com:/",         // empty port
           "http://example.com:0/",
           "http://example.com:65536/",
           "http://example.com:80a/",
           "http://example.com:-1/",
           "http://exa mple.com/",
           "http://example.com/a b",  // would split the request line
           "http://example.com/a\r\nX-Injected: 1",
           "http://exam%70le.com/",
           "http://[::1/",  // unclosed bracket
           "http://[::1]x/",
           "http://[not-an-address]/",
           "http://[fe80::1%25eth0]/",  // zone id
           "http://::1/",               // IPv6 without brackets
       }) {
    CAPTURE(bad);
    CHECK_FALSE(Url::parse(bad));
  }
}
