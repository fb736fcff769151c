// The `spool:` block: `none`, or where the encrypted spool lives, its master key (always a
// ${file:...} or ${env:...} reference) and how long its records stay readable. Only reads:
// the directory is created by the daemon at start, so --check-config works on any machine.
#include <openssl/crypto.h>

#include <algorithm>
#include <string>
#include <string_view>

#include "daemon/config/fields.h"
#include "daemon/config/sections.h"
#include "daemon/config/units.h"
#include "providers/core/crypto.h"

namespace weft::config {

namespace {

using std::chrono::hours;
using std::chrono::seconds;

constexpr Duration kMaxRetention = hours(90 * 24);
constexpr std::size_t kMinSize = std::size_t{1} << 20;
constexpr std::size_t kMaxSize = std::size_t{1} << 40;
constexpr std::size_t kMaxPath = 4096;

// Overwrites a string that held key material when it goes out of scope, thrown past or not.
class Wiped {
 public:
  explicit Wiped(std::string& text) : text_(text) {}
  ~Wiped() { OPENSSL_cleanse(text_.data(), text_.size()); }
  Wiped(const Wiped&) = delete;
  Wiped& operator=(const Wiped&) = delete;

 private:
  std::string& text_;
};

std::string_view trimmed(std::string_view text) {
  constexpr std::string_view space = " \t\r\n\f\v";
  auto first = text.find_first_not_of(space);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(space) - first + 1);
}

// 64 hex characters (either case) or padded standard base64 of exactly 32 bytes.
bool decode_key(std::string_view text, std::array<uint8_t, 32>& key) {
  std::optional<std::string> bytes =
      text.size() == 64 ? from_hex(text) : std::optional<std::string>();
  if (!bytes) bytes = base64_decode(text);
  if (!bytes) return false;
  Wiped wipe_bytes(*bytes);
  if (bytes->size() != key.size()) return false;
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<uint8_t>((*bytes)[i]);
  return true;
}

std::array<uint8_t, 32> read_key(const Value& value) {
  // A key written into the config file would sit beside the data it protects.
  std::string secret = read_secret_reference(value);
  Wiped wipe_secret(secret);
  std::array<uint8_t, 32> key{};
  if (!decode_key(trimmed(secret), key)) {
    value.fail("must be 64 hex characters or base64 of 32 bytes (openssl rand -hex 32)");
  }
  return key;
}

std::string read_path(const Value& value) {
  const std::string_view expected = "an absolute path";
  std::string path = read_text(value, expected);
  bool printable = true;
  for (char c : path) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) printable = false;
  }
  if (!path.starts_with('/') || !printable || path.size() > kMaxPath) {
    value.fail("must be " + std::string(expected));
  }
  return path;
}

}  // namespace

Spool read_spool(const Value& value) {
  Spool spool;
  if (value.is_scalar() && value.node().Scalar() == "none") return spool;
  if (!value.is_map()) value.fail("must be none or a mapping with path and key");
  Mapping map(value, {"path", "key", "retention", "rotation", "max_size"});
  spool.enabled = true;
  spool.path = read_path(map.require("path"));
  spool.key = read_key(map.require("key"));
  if (auto v = map.find("retention")) {
    spool.retention = read_duration(*v, seconds(1), kMaxRetention);
  }
  // A record is readable for up to rotation + retention: a rotation longer than the retention
  // would more than double the window the operator asked for. Omitted, it shrinks to fit.
  spool.rotation = std::min(spool.rotation, spool.retention);
  if (auto v = map.find("rotation")) {
    spool.rotation = read_duration(*v, seconds(1), kMaxRetention);
    if (spool.rotation > spool.retention) {
      v->fail("must not exceed retention (" + format_duration(spool.retention) + ")");
    }
  }
  if (auto v = map.find("max_size")) spool.max_size = read_size(*v, kMinSize, kMaxSize);
  return spool;
}

}  // namespace weft::config
