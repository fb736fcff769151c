// One table-driven verifier for every vendor's HMAC-SHA256 scheme. A vendor describes its
// scheme as data (where the signature is, how it is encoded, what message is signed, whether
// a timestamp is signed) and calls verify_signature. Always over the raw bytes received; any
// of the connection's secrets may match (rotation); compared in constant time; every secret
// and every candidate signature is tried, so timing does not tell which one matched.
#pragma once

#include <string_view>

#include "providers/core/provider.h"

namespace weft {

enum class DigestEncoding {
  hex,            // lowercase or uppercase hex
  base64,         // padded standard base64
  hex_or_base64,  // either (a vendor that does not say which)
};

// What the HMAC covers.
enum class SignedMessage {
  body,                 // the raw body
  body_then_timestamp,  // raw body followed by the timestamp header's value (BambooHR)
  timestamp_dot_body,   // t + "." + raw body (Teamtailor v2; t from the carrier)
  // ts.body.event-id.event-name.event-version.link, from those headers, a missing one empty
  // (SmartRecruiters)
  smartrecruiters,
  // token + triggeredAt, both fields of the JSON body; the body itself is not covered (Lever)
  lever_fields,
};

// Where the signature (and a signed timestamp) travel.
enum class SignatureCarrier {
  header,  // header = prefix + digest
  // header = base64("t=<unix>,v2=<hex>") (Teamtailor company webhooks v2)
  teamtailor_v2,
  // header = "v1=<hex>[;v1=<hex>...]", any one matching; timestamp in timestamp_header
  // (SmartRecruiters, up to 16 keys during rotation)
  v1_list,
  body_field,  // the JSON body's "signature" field (Lever)
};

struct SignatureScheme {
  std::string_view header;  // signature header (any case); body_field: unused
  std::string_view prefix;  // header carrier: text before the digest ("sha256=", "sha256 ")
  DigestEncoding encoding = DigestEncoding::hex;
  SignedMessage message = SignedMessage::body;
  SignatureCarrier carrier = SignatureCarrier::header;
  // A signed timestamp in its own header (SmartRecruiters, BambooHR); empty: none or carried.
  std::string_view timestamp_header;
  // Signed timestamps are checked against the connection's replay window (both directions).
  bool replay_window = false;
};

// Reasons (one line, no secret, no payload): "missing <Header> header", "<Header> lacks the
// '<prefix>' prefix", "<Header> is malformed", "<Header> does not match", "signed timestamp
// is outside the replay window", "missing signed timestamp".
Verification verify_signature(const VendorRequest& request, const ConnectionInfo& connection,
                              const SignatureScheme& scheme);

// The "body, hex" scheme: header value = prefix + hex(HMAC-SHA256(secret, raw body)).
Verification verify_body_hmac_hex(const VendorRequest& request, const ConnectionInfo& connection,
                                  std::string_view header, std::string_view prefix);

}  // namespace weft
