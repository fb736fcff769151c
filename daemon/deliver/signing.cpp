#include "daemon/deliver/signing.h"

#include <charconv>

#include "providers/core/crypto.h"

namespace weft::deliver {

namespace {

constexpr std::string_view kSecretPrefix = "whsec_";
constexpr std::string_view kVersion = "v1";

std::string signed_content(std::string_view msg_id, int64_t timestamp, std::string_view body) {
  std::string ts = std::to_string(timestamp);
  std::string content;
  content.reserve(msg_id.size() + ts.size() + body.size() + 2);
  content.append(msg_id).append(".").append(ts).append(".").append(body);
  return content;
}

// Digits only: no sign, no spaces, no leading '+', so one timestamp has one spelling.
std::optional<int64_t> parse_timestamp(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.front() == '-') {
    return std::nullopt;
  }
  return value;
}

struct Entry {
  std::string_view version;
  std::string_view signature;
};

// Splits "v1,abc v1,def" into entries; nullopt when any entry is not "version,signature".
std::optional<std::vector<Entry>> parse_signatures(std::string_view header) {
  std::vector<Entry> entries;
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(' ', pos);
    if (end == std::string_view::npos) end = header.size();
    std::string_view token = header.substr(pos, end - pos);
    pos = end + 1;
    if (token.empty()) continue;  // tolerate doubled spaces
    size_t comma = token.find(',');
    if (comma == std::string_view::npos || comma == 0 || comma + 1 == token.size()) {
      return std::nullopt;
    }
    entries.push_back({token.substr(0, comma), token.substr(comma + 1)});
  }
  if (entries.empty()) return std::nullopt;
  return entries;
}

}  // namespace

std::optional<std::string> decode_secret(std::string_view whsec) {
  if (!whsec.starts_with(kSecretPrefix)) return std::nullopt;
  auto key = base64_decode(whsec.substr(kSecretPrefix.size()));
  if (!key || key->empty()) return std::nullopt;
  return key;
}

std::string sign(std::string_view key, std::string_view msg_id, int64_t timestamp,
                 std::string_view body) {
  std::string mac = hmac_sha256(key, signed_content(msg_id, timestamp, body));
  return std::string(kVersion) + "," + base64_encode(mac);
}

std::string signature_header(const std::vector<std::string>& keys, std::string_view msg_id,
                             int64_t timestamp, std::string_view body) {
  // The content is built once; only the MAC differs per key.
  std::string content = signed_content(msg_id, timestamp, body);
  std::string header;
  for (const auto& key : keys) {
    if (!header.empty()) header.push_back(' ');
    header.append(kVersion).append(",").append(base64_encode(hmac_sha256(key, content)));
  }
  return header;
}

VerifyOutcome verify(const std::vector<std::string>& whsec_secrets, std::string_view msg_id,
                     std::string_view timestamp, std::string_view signature_header,
                     std::string_view body, int64_t now, int64_t tolerance_seconds) {
  if (msg_id.empty()) return {false, "missing webhook-id"};
  if (timestamp.empty()) return {false, "missing webhook-timestamp"};
  if (signature_header.empty()) return {false, "missing webhook-signature"};
  auto ts = parse_timestamp(timestamp);
  if (!ts) return {false, "invalid webhook-timestamp"};
  auto entries = parse_signatures(signature_header);
  if (!entries) return {false, "malformed webhook-signature"};
  if (now - *ts > tolerance_seconds) return {false, "timestamp too old"};
  if (*ts - now > tolerance_seconds) return {false, "timestamp too new"};

  std::vector<std::string> keys;
  for (const auto& secret : whsec_secrets) {
    auto key = decode_secret(secret);
    // A broken secret is a configuration error; saying so beats a vague mismatch.
    if (!key) return {false, "malformed secret"};
    keys.push_back(std::move(*key));
  }
  if (keys.empty()) return {false, "no secret"};

  std::string content = signed_content(msg_id, *ts, body);
  bool matched = false;
  for (const auto& key : keys) {
    std::string expected = base64_encode(hmac_sha256(key, content));
    for (const auto& entry : *entries) {
      // No early exit: the work done does not depend on which entry matches.
      if (entry.version == kVersion && constant_time_equal(entry.signature, expected)) {
        matched = true;
      }
    }
  }
  if (!matched) return {false, "no matching signature"};
  return {true, ""};
}

}  // namespace weft::deliver
