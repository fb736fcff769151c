// The SSRF guard's rules: which IP addresses outbound HTTP may connect to. Public addresses
// are allowed; loopback, private, link-local (cloud metadata), multicast and every other
// special-purpose range (IANA's IPv4 and IPv6 special-purpose registries) are refused unless
// an explicit CIDR range from the config (`network.allow_private`) names them. IPv4-mapped
// IPv6 addresses (::ffff:a.b.c.d), NAT64 (64:ff9b::/96) and 6to4 (2002::/16) addresses are
// judged by the IPv4 address they carry.
#pragma once

#include <boost/asio/ip/address.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace weft::http {

// What kind of address it is; anything but public is refused unless a range allows it.
enum class AddressClass {
  public_address,
  unspecified,    // 0.0.0.0, ::
  this_network,   // 0.0.0.0/8
  loopback,       // 127.0.0.0/8, ::1
  private_use,    // 10/8, 172.16/12, 192.168/16
  shared,         // 100.64.0.0/10 (carrier-grade NAT)
  link_local,     // 169.254/16 (cloud metadata), fe80::/10
  unique_local,   // fc00::/7
  site_local,     // fec0::/10 (deprecated)
  multicast,      // 224/4, ff00::/8
  broadcast,      // 255.255.255.255
  documentation,  // 192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32, 3fff::/20
  benchmark,      // 198.18/15, 2001:2::/48
  nat64_local,    // 64:ff9b:1::/48 (local-use NAT64: translates to anything)
  reserved,       // the rest: 240/4, 192.0.0/24, 192.88.99/24, 2001::/23, outside 2000::/3
};

// The metric label and log word: "public", "loopback", "private", "link-local", ...
std::string_view to_string(AddressClass value);

AddressClass classify(const boost::asio::ip::address& address);

// A CIDR range. IPv4 ranges (and IPv4-mapped IPv6 ones) match IPv4 addresses in either form.
class AddressRange {
 public:
  // "10.0.0.0/8", "::1/128", or a bare address (one host). nullopt when malformed, when the
  // prefix is too long, or when bits past the prefix are set ("10.0.0.5/8": a likely typo).
  static std::optional<AddressRange> parse(std::string_view text);

  bool contains(const boost::asio::ip::address& address) const;
  std::string to_string() const;  // the canonical spelling: "127.0.0.0/8", "::1/128"

  bool operator==(const AddressRange&) const = default;

 private:
  std::array<uint8_t, 16> bytes_{};  // IPv6 form; IPv4 as ::ffff:a.b.c.d
  unsigned prefix_ = 0;              // bits of bytes_, 0..128
};

// The policy of one client: the ranges allowed besides public addresses, and whether plain
// http may go to addresses outside those ranges.
class AddressPolicy {
 public:
  AddressPolicy() = default;  // refuses every non-public address, allows plain http
  AddressPolicy(std::vector<AddressRange> allow, bool allow_plain_http)
      : allow_(std::move(allow)), allow_plain_http_(allow_plain_http) {}
  // From the config's strings; they were validated at load, so one that does not parse
  // allows nothing.
  static AddressPolicy from_strings(const std::vector<std::string>& ranges, bool allow_plain_http);

  // Empty when plain (http://) or TLS traffic may go to address; else the reason it may not:
  // the address's class ("loopback", "private", ...) or "plain-http".
  std::string refusal(const boost::asio::ip::address& address, bool plain_http) const;

  const std::vector<AddressRange>& allowed_ranges() const { return allow_; }
  bool allow_plain_http() const { return allow_plain_http_; }
  bool operator==(const AddressPolicy&) const = default;

 private:
  bool in_allowed_range(const boost::asio::ip::address& address) const;

  std::vector<AddressRange> allow_;
  bool allow_plain_http_ = true;
};

// The one-line error of an attempt the policy refused: "refused: loopback address",
// "refused: plain http" for the reason refusal() gave.
std::string refusal_error(std::string_view reason);

}  // namespace weft::http
