// The `network:` block: the SSRF guard's explicit exceptions. allow_private lists the CIDR
// ranges outbound HTTP may reach besides public addresses (the demo and tests need loopback);
// allow_plain_http: false refuses http:// to any address outside those ranges.
#include <string>

#include "daemon/config/fields.h"
#include "daemon/config/sections.h"
#include "daemon/http/address_policy.h"

namespace weft::config {

namespace {

constexpr std::size_t kMaxRanges = 64;

bool read_bool(const Value& value) {
  const std::string text = value.is_scalar() ? value.node().Scalar() : std::string();
  if (text == "true") return true;
  if (text == "false") return false;
  value.fail("must be true or false");
}

}  // namespace

Network read_network(const Value& value) {
  Mapping map(value, {"allow_private", "allow_plain_http"});
  Network network;
  if (auto v = map.find("allow_private")) {
    for (const Value& item : read_list(*v, 0, kMaxRanges, "CIDR ranges")) {
      const std::string text = read_text(item, "a CIDR range like 10.0.0.0/8 or \"::1/128\"");
      auto range = http::AddressRange::parse(text);
      if (!range) {
        item.fail(
            "must be a CIDR range like 10.0.0.0/8 or \"::1/128\" (no bits set past the "
            "prefix)");
      }
      network.allow_private.push_back(range->to_string());
    }
  }
  if (auto v = map.find("allow_plain_http")) network.allow_plain_http = read_bool(*v);
  return network;
}

}  // namespace weft::config
