#include "providers/core/signature.h"

#include <charconv>
#include <optional>
#include <string>
#include <vector>

#include "providers/core/crypto.h"
#include "providers/core/json.h"

namespace weft {

namespace {

// What a scheme pulls out of a request before any HMAC is computed.
struct Parts {
  std::vector<std::string> digests;  // raw digest bytes of each candidate signature
  std::string timestamp;             // the signed timestamp, when the scheme has one
  std::string message;               // the bytes the HMAC covers
};

std::string name_of(const SignatureScheme& scheme) {
  return scheme.carrier == SignatureCarrier::body_field ? "signature field"
                                                        : std::string(scheme.header);
}

// Decodes one digest as the scheme says; nullopt when it is neither.
std::optional<std::string> decode(std::string_view text, DigestEncoding encoding) {
  if (encoding != DigestEncoding::base64) {
    if (auto raw = from_hex(text); raw && raw->size() == 32) return raw;
  }
  if (encoding != DigestEncoding::hex) {
    if (auto raw = base64_decode(text); raw && raw->size() == 32) return raw;
  }
  return std::nullopt;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Splits "k=v<sep>k=v" and calls f(key, value) for each item.
template <class F>
void each_pair(std::string_view text, char separator, F&& f) {
  while (!text.empty()) {
    std::size_t end = text.find(separator);
    std::string_view item = trim(text.substr(0, end));
    if (std::size_t eq = item.find('='); eq != std::string_view::npos) {
      f(trim(item.substr(0, eq)), trim(item.substr(eq + 1)));
    }
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
}

std::string header_or_empty(const VendorRequest& request, std::string_view name) {
  auto v = request.headers.find(name);
  return v ? std::string(*v) : std::string();
}

// Fills parts from the request, or returns the reason it cannot.
std::string extract(const VendorRequest& request, const SignatureScheme& scheme, Parts& parts) {
  const std::string name = name_of(scheme);
  std::string carried;  // the signature text as carried
  std::string lever_token, lever_triggered;
  if (scheme.carrier == SignatureCarrier::body_field) {
    json::Document doc;
    if (!json::parse(request.body, doc, 64).empty() || !doc.IsObject()) {
      return "body is not a JSON object, so it carries no signature";
    }
    auto signature = json::text(doc, "signature");
    if (!signature || signature->empty()) return "missing signature field";
    carried = *signature;
    lever_token = json::text(doc, "token").value_or("");
    lever_triggered = json::text(doc, "triggeredAt").value_or("");
    if (lever_token.empty() || lever_triggered.empty()) {
      return "missing token or triggeredAt field";
    }
  } else {
    auto value = request.headers.find(scheme.header);
    if (!value || trim(*value).empty()) return "missing " + name + " header";
    carried = std::string(trim(*value));
  }

  switch (scheme.carrier) {
    case SignatureCarrier::header:
    case SignatureCarrier::body_field: {
      std::string_view given = carried;
      if (given.substr(0, scheme.prefix.size()) != scheme.prefix) {
        return name + " lacks the '" + std::string(scheme.prefix) + "' prefix";
      }
      given.remove_prefix(scheme.prefix.size());
      if (auto raw = decode(given, scheme.encoding)) parts.digests.push_back(std::move(*raw));
      break;
    }
    case SignatureCarrier::teamtailor_v2: {
      auto inner = base64_decode(carried);
      if (!inner) return name + " is malformed";
      each_pair(*inner, ',', [&](std::string_view k, std::string_view v) {
        if (k == "t") parts.timestamp = std::string(v);
        if (k == "v2") {
          if (auto raw = decode(v, DigestEncoding::hex)) parts.digests.push_back(std::move(*raw));
        }
      });
      if (parts.timestamp.empty()) return "missing signed timestamp";
      break;
    }
    case SignatureCarrier::v1_list: {
      each_pair(carried, ';', [&](std::string_view k, std::string_view v) {
        if (k != "v1" || parts.digests.size() >= 32) return;
        if (auto raw = decode(v, DigestEncoding::hex)) parts.digests.push_back(std::move(*raw));
      });
      break;
    }
  }
  if (parts.digests.empty()) return name + " is malformed";

  if (!scheme.timestamp_header.empty()) {
    parts.timestamp = std::string(trim(header_or_empty(request, scheme.timestamp_header)));
    if (parts.timestamp.empty())
      return "missing " + std::string(scheme.timestamp_header) + " header";
  }

  switch (scheme.message) {
    case SignedMessage::body:
      parts.message = std::string(request.body);
      break;
    case SignedMessage::body_then_timestamp:
      parts.message = std::string(request.body) + parts.timestamp;
      break;
    case SignedMessage::timestamp_dot_body:
      parts.message = parts.timestamp + "." + std::string(request.body);
      break;
    case SignedMessage::smartrecruiters:
      parts.message =
          parts.timestamp + "." + std::string(request.body) + "." +
          header_or_empty(request, "event-id") + "." + header_or_empty(request, "event-name") +
          "." + header_or_empty(request, "event-version") + "." + header_or_empty(request, "link");
      break;
    case SignedMessage::lever_fields:
      parts.message = lever_token + lever_triggered;
      break;
  }
  return {};
}

// Seconds since the epoch, or nullopt for anything but a plain decimal number.
std::optional<int64_t> unix_seconds(std::string_view text) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

}  // namespace

Verification verify_signature(const VendorRequest& request, const ConnectionInfo& connection,
                              const SignatureScheme& scheme) {
  Parts parts;
  if (std::string reason = extract(request, scheme, parts); !reason.empty()) {
    return Verification::fail(reason);
  }
  bool matched = false;
  for (const auto& secret : connection.secrets) {
    const std::string expected = hmac_sha256(secret, parts.message);
    for (const auto& digest : parts.digests) matched |= constant_time_equal(expected, digest);
  }
  if (!matched) return Verification::fail(name_of(scheme) + " does not match");
  // Checked after the HMAC, so a forged timestamp is reported as a forgery.
  if (scheme.replay_window && request.now != 0) {
    auto t = unix_seconds(parts.timestamp);
    if (!t) return Verification::fail("signed timestamp is malformed");
    int64_t age = request.now - *t;
    if (age > connection.replay_window_seconds || -age > connection.replay_window_seconds) {
      return Verification::fail("signed timestamp is outside the replay window");
    }
  }
  return Verification::pass();
}

Verification verify_body_hmac_hex(const VendorRequest& request, const ConnectionInfo& connection,
                                  std::string_view header, std::string_view prefix) {
  SignatureScheme scheme;
  scheme.header = header;
  scheme.prefix = prefix;
  return verify_signature(request, connection, scheme);
}

}  // namespace weft
