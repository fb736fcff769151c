// The SSRF guard's address classes and CIDR ranges. Every address is handled in its 16-byte
// IPv6 form (IPv4 as ::ffff:a.b.c.d), so one prefix comparison serves both families.
#include "daemon/http/address_policy.h"

#include <charconv>

namespace weft::http {

namespace asio = boost::asio;
using Bytes = std::array<uint8_t, 16>;

namespace {

struct Special {
  Bytes bytes;
  unsigned prefix;  // bits of bytes
  AddressClass kind;
};

constexpr Bytes v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
  return {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, a, b, c, d};
}

constexpr Bytes v6(uint16_t a, uint16_t b = 0, uint16_t c = 0, uint16_t d = 0) {
  return {static_cast<uint8_t>(a >> 8), static_cast<uint8_t>(a),      static_cast<uint8_t>(b >> 8),
          static_cast<uint8_t>(b),      static_cast<uint8_t>(c >> 8), static_cast<uint8_t>(c),
          static_cast<uint8_t>(d >> 8), static_cast<uint8_t>(d)};
}

// IANA IPv4 special-purpose registry; the first match wins. The globally reachable entries
// (AS112, AMT) are left public.
constexpr Special kIpv4[] = {
    {v4(0, 0, 0, 0), 96 + 32, AddressClass::unspecified},
    {v4(0, 0, 0, 0), 96 + 8, AddressClass::this_network},
    {v4(10, 0, 0, 0), 96 + 8, AddressClass::private_use},
    {v4(100, 64, 0, 0), 96 + 10, AddressClass::shared},
    {v4(127, 0, 0, 0), 96 + 8, AddressClass::loopback},
    {v4(169, 254, 0, 0), 96 + 16, AddressClass::link_local},
    {v4(172, 16, 0, 0), 96 + 12, AddressClass::private_use},
    {v4(192, 0, 0, 0), 96 + 24, AddressClass::reserved},
    {v4(192, 0, 2, 0), 96 + 24, AddressClass::documentation},
    {v4(192, 88, 99, 0), 96 + 24, AddressClass::reserved},
    {v4(192, 168, 0, 0), 96 + 16, AddressClass::private_use},
    {v4(198, 18, 0, 0), 96 + 15, AddressClass::benchmark},
    {v4(198, 51, 100, 0), 96 + 24, AddressClass::documentation},
    {v4(203, 0, 113, 0), 96 + 24, AddressClass::documentation},
    {v4(224, 0, 0, 0), 96 + 4, AddressClass::multicast},
    {v4(255, 255, 255, 255), 96 + 32, AddressClass::broadcast},
    {v4(240, 0, 0, 0), 96 + 4, AddressClass::reserved},
};

// IANA IPv6 special-purpose registry, after the forms that carry an IPv4 address.
constexpr Special kIpv6[] = {
    {v6(0), 128, AddressClass::unspecified},
    {Bytes{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 128, AddressClass::loopback},
    {v6(0x64, 0xff9b, 1), 48, AddressClass::nat64_local},
    {v6(0x2001, 2), 48, AddressClass::benchmark},
    {v6(0x2001, 0xdb8), 32, AddressClass::documentation},
    {v6(0x2001), 23, AddressClass::reserved},
    {v6(0x3fff), 20, AddressClass::documentation},
    {v6(0xfc00), 7, AddressClass::unique_local},
    {v6(0xfe80), 10, AddressClass::link_local},
    {v6(0xfec0), 10, AddressClass::site_local},
    {v6(0xff00), 8, AddressClass::multicast},
};

constexpr Bytes kMapped = v4(0, 0, 0, 0);     // ::ffff:0:0/96
constexpr Bytes kNat64 = v6(0x64, 0xff9b);    // 64:ff9b::/96
constexpr Bytes k6to4 = v6(0x2002);           // 2002::/16
constexpr Bytes kGlobalUnicast = v6(0x2000);  // 2000::/3

bool matches(const Bytes& address, const Bytes& network, unsigned prefix) {
  unsigned full = prefix / 8;
  for (unsigned i = 0; i < full; ++i) {
    if (address[i] != network[i]) return false;
  }
  unsigned rest = prefix % 8;
  if (rest == 0) return true;
  auto mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (address[full] & mask) == (network[full] & mask);
}

Bytes to_bytes(const asio::ip::address& address) {
  if (address.is_v4()) {
    auto b = address.to_v4().to_bytes();
    return v4(b[0], b[1], b[2], b[3]);
  }
  return address.to_v6().to_bytes();
}

// The IPv4 address an IPv6 address stands for (mapped, NAT64, 6to4), in mapped form.
std::optional<Bytes> embedded_v4(const Bytes& b) {
  if (matches(b, kMapped, 96)) return b;
  if (matches(b, kNat64, 96)) return v4(b[12], b[13], b[14], b[15]);
  if (matches(b, k6to4, 16)) return v4(b[2], b[3], b[4], b[5]);
  return std::nullopt;
}

AddressClass classify_bytes(const Bytes& b) {
  if (auto ipv4 = embedded_v4(b)) {
    for (const Special& s : kIpv4) {
      if (matches(*ipv4, s.bytes, s.prefix)) return s.kind;
    }
    return AddressClass::public_address;
  }
  for (const Special& s : kIpv6) {
    if (matches(b, s.bytes, s.prefix)) return s.kind;
  }
  // Only 2000::/3 is allocated as global unicast; the rest is reserved (100::/64 discard,
  // ::/96 IPv4-compatible, 5f00::/16 SRv6, ...).
  return matches(b, kGlobalUnicast, 3) ? AddressClass::public_address : AddressClass::reserved;
}

}  // namespace

std::string_view to_string(AddressClass value) {
  switch (value) {
    case AddressClass::public_address:
      return "public";
    case AddressClass::unspecified:
      return "unspecified";
    case AddressClass::this_network:
      return "this-network";
    case AddressClass::loopback:
      return "loopback";
    case AddressClass::private_use:
      return "private";
    case AddressClass::shared:
      return "shared";
    case AddressClass::link_local:
      return "link-local";
    case AddressClass::unique_local:
      return "unique-local";
    case AddressClass::site_local:
      return "site-local";
    case AddressClass::multicast:
      return "multicast";
    case AddressClass::broadcast:
      return "broadcast";
    case AddressClass::documentation:
      return "documentation";
    case AddressClass::benchmark:
      return "benchmark";
    case AddressClass::nat64_local:
      return "nat64-local";
    case AddressClass::reserved:
      return "reserved";
  }
  return "reserved";
}

AddressClass classify(const asio::ip::address& address) {
  return classify_bytes(to_bytes(address));
}

std::optional<AddressRange> AddressRange::parse(std::string_view text) {
  std::string_view host = text;
  std::optional<unsigned> prefix;
  if (auto slash = text.find('/'); slash != std::string_view::npos) {
    host = text.substr(0, slash);
    std::string_view digits = text.substr(slash + 1);
    unsigned value = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (digits.empty() || digits.size() > 3 || ec != std::errc() ||
        end != digits.data() + digits.size()) {
      return std::nullopt;
    }
    prefix = value;
  }
  boost::system::error_code ec;
  auto address = asio::ip::make_address(std::string(host), ec);
  // A zone id ("fe80::1%eth0") names an interface, not a range.
  if (ec || host.find('%') != std::string_view::npos) return std::nullopt;
  AddressRange range;
  range.bytes_ = to_bytes(address);
  if (address.is_v4()) {
    if (prefix && *prefix > 32) return std::nullopt;
    range.prefix_ = 96 + prefix.value_or(32);
  } else {
    if (prefix && *prefix > 128) return std::nullopt;
    range.prefix_ = prefix.value_or(128);
  }
  // Bits past the prefix must be zero: "10.0.0.5/8" is more likely a mistake than a range.
  Bytes masked{};
  for (unsigned bit = 0; bit < range.prefix_; ++bit) {
    masked[bit / 8] |= range.bytes_[bit / 8] & (0x80 >> (bit % 8));
  }
  if (masked != range.bytes_) return std::nullopt;
  return range;
}

bool AddressRange::contains(const asio::ip::address& address) const {
  return matches(to_bytes(address), bytes_, prefix_);
}

std::string AddressRange::to_string() const {
  if (prefix_ >= 96 && matches(bytes_, kMapped, 96)) {
    asio::ip::address_v4 ipv4({bytes_[12], bytes_[13], bytes_[14], bytes_[15]});
    return ipv4.to_string() + "/" + std::to_string(prefix_ - 96);
  }
  return asio::ip::address_v6(bytes_).to_string() + "/" + std::to_string(prefix_);
}

AddressPolicy AddressPolicy::from_strings(const std::vector<std::string>& ranges,
                                          bool allow_plain_http) {
  std::vector<AddressRange> allow;
  for (const auto& text : ranges) {
    if (auto range = AddressRange::parse(text)) allow.push_back(*range);
  }
  return AddressPolicy(std::move(allow), allow_plain_http);
}

bool AddressPolicy::in_allowed_range(const asio::ip::address& address) const {
  const Bytes bytes = to_bytes(address);
  const std::optional<Bytes> ipv4 = embedded_v4(bytes);
  for (const AddressRange& range : allow_) {
    if (range.contains(address)) return true;
    if (ipv4 && range.contains(asio::ip::address_v6(*ipv4))) return true;
  }
  return false;
}

std::string AddressPolicy::refusal(const asio::ip::address& address, bool plain_http) const {
  const bool in_range = in_allowed_range(address);
  const AddressClass kind = classify(address);
  if (kind != AddressClass::public_address && !in_range) return std::string(to_string(kind));
  if (plain_http && !allow_plain_http_ && !in_range) return "plain-http";
  return {};
}

std::string refusal_error(std::string_view reason) {
  if (reason == "plain-http") return "refused: plain http";
  return "refused: " + std::string(reason) + " address";
}

}  // namespace weft::http
