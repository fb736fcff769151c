// The SSRF guard's address classes, CIDR ranges and policy decisions. Pure computation on
// address values: nothing here resolves or connects.
#include "daemon/http/address_policy.h"

#include <doctest/doctest.h>

#include <string>
#include <utility>

#include "daemon/config/config.h"
#include "daemon/config/describe.h"
#include "unit/daemon/config_support.h"

using weft::http::AddressClass;
using weft::http::AddressPolicy;
using weft::http::AddressRange;

namespace {

boost::asio::ip::address ip(const std::string& text) {
  return boost::asio::ip::make_address(text);
}

std::string class_of(const std::string& text) {
  return std::string(to_string(weft::http::classify(ip(text))));
}

AddressPolicy policy(std::vector<std::string> ranges, bool allow_plain_http = true) {
  return AddressPolicy::from_strings(ranges, allow_plain_http);
}

}  // namespace

TEST_CASE("address policy: each special-purpose address has its class") {
  const std::pair<const char*, const char*> cases[] = {
      {"127.0.0.1", "loopback"},
      {"127.255.255.254", "loopback"},
      {"::1", "loopback"},
      {"10.0.0.5", "private"},
      {"172.16.0.1", "private"},
      {"172.31.255.255", "private"},
      {"192.168.1.1", "private"},
      {"100.64.0.1", "shared"},
      {"100.127.255.255", "shared"},
      {"169.254.169.254", "link-local"},
      {"fe80::1", "link-local"},
      {"febf::1", "link-local"},
      {"fc00::1", "unique-local"},
      {"fd12:3456::1", "unique-local"},
      {"fec0::1", "site-local"},
      {"224.0.0.1", "multicast"},
      {"239.255.255.250", "multicast"},
      {"ff02::1", "multicast"},
      {"0.0.0.0", "unspecified"},
      {"::", "unspecified"},
      {"0.1.2.3", "this-network"},
      {"255.255.255.255", "broadcast"},
      {"240.0.0.1", "reserved"},
      {"192.0.0.8", "reserved"},
      {"192.0.2.10", "documentation"},
      {"198.51.100.7", "documentation"},
      {"203.0.113.9", "documentation"},
      {"2001:db8::1", "documentation"},
      {"3fff::1", "documentation"},
      {"198.18.0.1", "benchmark"},
      {"198.19.255.255", "benchmark"},
      {"2001:2::1", "benchmark"},
      {"64:ff9b:1::a00:5", "nat64-local"},
      {"2001::1", "reserved"},     // Teredo, inside 2001::/23
      {"100::1", "reserved"},      // discard-only
      {"::10.0.0.5", "reserved"},  // IPv4-compatible (deprecated)
      {"5f00::1", "reserved"},     // SRv6, outside 2000::/3
      {"8.8.8.8", "public"},
      {"1.1.1.1", "public"},
      {"172.32.0.1", "public"},   // just past 172.16/12
      {"100.128.0.1", "public"},  // just past 100.64/10
      {"169.255.0.1", "public"},
      {"192.169.0.1", "public"},
      {"2606:4700::1111", "public"},
      {"2a00:1450:4001::1", "public"},
  };
  for (const auto& [address, expected] : cases) {
    CAPTURE(address);
    CHECK(class_of(address) == expected);
  }
}

TEST_CASE("address policy: IPv6 forms that carry an IPv4 address are judged as that address") {
  CHECK(class_of("::ffff:127.0.0.1") == "loopback");
  CHECK(class_of("::ffff:10.0.0.5") == "private");
  CHECK(class_of("::ffff:169.254.169.254") == "link-local");
  CHECK(class_of("::ffff:8.8.8.8") == "public");
  // NAT64 well-known prefix.
  CHECK(class_of("64:ff9b::a9fe:a9fe") == "link-local");  // 169.254.169.254
  CHECK(class_of("64:ff9b::7f00:1") == "loopback");
  CHECK(class_of("64:ff9b::808:808") == "public");
  // 6to4: the IPv4 address is in bits 16..47.
  CHECK(class_of("2002:a00:5::1") == "private");
  CHECK(class_of("2002:808:808::1") == "public");
}

TEST_CASE("address policy: CIDR ranges parse strictly and print canonically") {
  auto loopback = AddressRange::parse("127.0.0.0/8");
  REQUIRE(loopback);
  CHECK(loopback->to_string() == "127.0.0.0/8");
  CHECK(loopback->contains(ip("127.0.0.1")));
  CHECK(loopback->contains(ip("127.9.9.9")));
  CHECK(loopback->contains(ip("::ffff:127.0.0.1")));  // the mapped form too
  CHECK_FALSE(loopback->contains(ip("128.0.0.1")));
  CHECK_FALSE(loopback->contains(ip("::1")));

  auto v6 = AddressRange::parse("::1/128");
  REQUIRE(v6);
  CHECK(v6->to_string() == "::1/128");
  CHECK(v6->contains(ip("::1")));
  CHECK_FALSE(v6->contains(ip("::2")));

  auto host = AddressRange::parse("10.1.2.3");
  REQUIRE(host);
  CHECK(host->to_string() == "10.1.2.3/32");
  CHECK(host->contains(ip("10.1.2.3")));
  CHECK_FALSE(host->contains(ip("10.1.2.4")));

  auto odd = AddressRange::parse("172.16.0.0/12");
  REQUIRE(odd);
  CHECK(odd->contains(ip("172.31.0.1")));
  CHECK_FALSE(odd->contains(ip("172.32.0.1")));

  auto mapped = AddressRange::parse("::ffff:10.0.0.0/104");
  REQUIRE(mapped);
  CHECK(mapped->to_string() == "10.0.0.0/8");
  CHECK(mapped->contains(ip("10.200.0.1")));

  auto all = AddressRange::parse("0.0.0.0/0");
  REQUIRE(all);
  CHECK(all->contains(ip("192.168.0.1")));
  CHECK_FALSE(all->contains(ip("fd00::1")));

  for (const char* bad :
       {"", "/8", "10.0.0.0/", "10.0.0.0/33", "::/129", "10.0.0.5/8", "fe80::1%eth0/128",
        "10.0.0.0/8/8", "10.0.0.0/+8", "10.0.0.0/ 8", "localhost/32", "10.0.0/8", "fd00::1/8"}) {
    CAPTURE(bad);
    CHECK_FALSE(AddressRange::parse(bad).has_value());
  }
}

TEST_CASE("address policy: by default only public addresses are allowed") {
  AddressPolicy strict;
  CHECK(strict.refusal(ip("8.8.8.8"), false).empty());
  CHECK(strict.refusal(ip("8.8.8.8"), true).empty());  // plain http allowed by default
  CHECK(strict.refusal(ip("2606:4700::1111"), false).empty());
  CHECK(strict.refusal(ip("127.0.0.1"), false) == "loopback");
  CHECK(strict.refusal(ip("::1"), false) == "loopback");
  CHECK(strict.refusal(ip("10.0.0.5"), true) == "private");
  CHECK(strict.refusal(ip("169.254.169.254"), false) == "link-local");
  CHECK(strict.refusal(ip("::ffff:169.254.169.254"), false) == "link-local");
  CHECK(strict.refusal(ip("64:ff9b::a9fe:a9fe"), false) == "link-local");
}

TEST_CASE("address policy: allow_private opens exactly the ranges named") {
  AddressPolicy demo = policy({"127.0.0.0/8", "::1/128"});
  CHECK(demo.refusal(ip("127.0.0.1"), true).empty());
  CHECK(demo.refusal(ip("::1"), true).empty());
  CHECK(demo.refusal(ip("::ffff:127.0.0.1"), true).empty());
  CHECK(demo.refusal(ip("64:ff9b::7f00:1"), true).empty());  // NAT64 of 127.0.0.1
  CHECK(demo.refusal(ip("10.0.0.5"), true) == "private");
  CHECK(demo.refusal(ip("169.254.169.254"), true) == "link-local");
  CHECK(demo.refusal(ip("fe80::1"), true) == "link-local");

  AddressPolicy internal = policy({"10.20.0.0/16"});
  CHECK(internal.refusal(ip("10.20.3.4"), true).empty());
  CHECK(internal.refusal(ip("10.21.0.1"), true) == "private");
  CHECK(internal.refusal(ip("127.0.0.1"), true) == "loopback");
}

TEST_CASE("address policy: allow_plain_http false keeps http:// inside allow_private") {
  AddressPolicy tls_only = policy({"127.0.0.0/8"}, false);
  CHECK(tls_only.refusal(ip("8.8.8.8"), true) == "plain-http");
  CHECK(tls_only.refusal(ip("8.8.8.8"), false).empty());
  CHECK(tls_only.refusal(ip("127.0.0.1"), true).empty());
  // The address class is the first reason: a private address is refused as private.
  CHECK(tls_only.refusal(ip("10.0.0.5"), true) == "private");
  CHECK(weft::http::refusal_error("plain-http") == "refused: plain http");
  CHECK(weft::http::refusal_error("link-local") == "refused: link-local address");
}

TEST_CASE("address policy: malformed config strings allow nothing and policies compare") {
  AddressPolicy broken = policy({"not-a-range", "10.0.0.5/8"});
  CHECK(broken.allowed_ranges().empty());
  CHECK(broken.refusal(ip("10.0.0.5"), false) == "private");
  CHECK(policy({"127.0.0.0/8"}) == policy({"127.0.0.0/8"}));
  CHECK(policy({"127.0.0.0/8"}) != policy({"127.0.0.0/8"}, false));
  CHECK(policy({"127.0.0.0/8"}) != policy({"::1/128"}));
}

TEST_CASE("address policy: the network block is read strictly, canonically and described") {
  using weft::config::ConfigError;
  using weft::config::test::write_file;
  const std::string rest = "connections: []\nsubscribers: []\n";

  auto omitted = weft::config::load(write_file("network-omitted.yaml", rest));
  CHECK(omitted->network.allow_private.empty());
  CHECK(omitted->network.allow_plain_http);
  CHECK(weft::config::describe(*omitted).find("\nnetwork allow_private=none "
                                              "allow_plain_http=true\n") != std::string::npos);

  auto demo = weft::config::load(write_file(
      "network-demo.yaml",
      "network:\n  allow_private: [127.0.0.0/8, \"::1/128\", 10.1.2.3, \"::FFFF:10.0.0.0/104\"]\n"
      "  allow_plain_http: false\n" +
          rest));
  CHECK(demo->network.allow_private ==
        std::vector<std::string>{"127.0.0.0/8", "::1/128", "10.1.2.3/32", "10.0.0.0/8"});
  CHECK_FALSE(demo->network.allow_plain_http);
  CHECK(weft::config::describe(*demo).find(
            "\nnetwork allow_private=127.0.0.0/8,::1/128,10.1.2.3/32,10.0.0.0/8 "
            "allow_plain_http=false\n") != std::string::npos);

  const std::pair<const char*, const char*> bad[] = {
      {"network:\n  allow_private: [10.0.0.5/8]\n", ":2: network.allow_private[0]: must be a CIDR"},
      {"network:\n  allow_private: [example.com]\n",
       ":2: network.allow_private[0]: must be a CIDR"},
      {"network:\n  allow_private: 10.0.0.0/8\n", ":2: network.allow_private: must be a list"},
      {"network:\n  allow_plain_http: yes\n",
       ":2: network.allow_plain_http: must be true or false"},
      {"network:\n  allow_public: [10.0.0.0/8]\n", "network.allow_public"},
  };
  for (const auto& [yaml, message] : bad) {
    CAPTURE(yaml);
    std::string error;
    try {
      weft::config::load(write_file("network-bad.yaml", std::string(yaml) + rest));
    } catch (const ConfigError& e) {
      error = e.what();
    }
    CHECK_MESSAGE(error.find(message) != std::string::npos, error);
  }
}
