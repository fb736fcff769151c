// Fuzz target: the Standard Webhooks verifier (deliver::verify) and secret decoding, HMAC
// (whsec_, v1) and Ed25519 (whsk_/whpk_, v1a). Any
// input must get an answer without a crash, and whatever verify accepts must be what the
// signer produces: for every decodable secret, the header signature_header() makes for the
// same id, timestamp and body must verify, and a changed body must not.
//
// Input: lines "secrets (space-separated)", "webhook-id", "webhook-timestamp",
// "webhook-signature", then the body (the rest, newlines included).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "daemon/deliver/signing.h"
#include "fuzz/input.h"

namespace {

std::string_view take_line(std::string_view& text) {
  auto end = text.find('\n');
  std::string_view line = text.substr(0, end);
  text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  return line;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace weft::deliver;
  constexpr int64_t kNow = 1775121303;
  std::string_view text = weft::fuzz::as_text(data, size);
  std::string_view secret_line = take_line(text);
  std::string_view msg_id = take_line(text);
  std::string_view timestamp = take_line(text);
  std::string_view signature = take_line(text);
  std::string_view body = text;

  std::vector<std::string> secrets;
  for (std::string_view rest = secret_line; !rest.empty();) {
    auto space = rest.find(' ');
    if (space != 0) secrets.emplace_back(rest.substr(0, space));
    rest.remove_prefix(space == std::string_view::npos ? rest.size() : space + 1);
  }

  VerifyOutcome outcome = verify(secrets, msg_id, timestamp, signature, body, kNow);
  if (outcome.ok != outcome.reason.empty()) std::abort();
  if (outcome.reason.find('\n') != std::string::npos) std::abort();

  // Round trip: what we sign (v1 for whsec_, v1a for whsk_), we verify; a different body
  // fails.
  std::vector<SigningKey> keys;
  for (const auto& secret : secrets) {
    auto key = decode_signing_key(secret);
    if (!key) return 0;  // verify refuses the whole set over one broken secret
    if (key->bytes.empty()) std::abort();
    keys.push_back(std::move(*key));
  }
  if (keys.empty() || msg_id.empty()) return 0;
  std::string header = signature_header(keys, msg_id, kNow, body);
  if (!verify(secrets, msg_id, std::to_string(kNow), header, body, kNow).ok) std::abort();
  std::string other(body);
  other.push_back('x');
  if (verify(secrets, msg_id, std::to_string(kNow), header, other, kNow).ok) std::abort();
  return 0;
}
