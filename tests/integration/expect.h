// Checks shared by the integration tests: what a delivery must look like on the wire.
#pragma once

#include <string>
#include <vector>

#include "integration/sink.h"

namespace weft::it {

// Vendor signing secrets and Standard Webhooks subscriber secrets used by the tests.
inline const std::string kGreenhouseSecret = "gh-webhook-secret-1";
inline const std::string kAshbySecret = "ashby-secret-token-1";
inline const std::string kSandboxSecret = "sandbox-secret-1";
std::string whsec(const std::string& seed);  // "whsec_" + base64 of a 32-byte key from seed

// The fields of a delivered envelope that tests look at.
struct Delivered {
  std::string webhook_id;
  std::string id;
  std::string type;
  std::string connection_id;
  std::string tenant_id;
  std::string provider;
  std::string environment;
  std::string subject_entity;
  std::string vendor_event_id;
  std::string vendor_event_type;
  bool signature_verified = false;
};

// Checks one recorded delivery (with doctest CHECKs): POST, application/json, Standard
// Webhooks headers whose signature verifies under every one of `secrets` (both with
// weft::deliver::verify and with an HMAC computed here), a fresh timestamp, and a body
// that is an envelope valid against schema/ whose id equals webhook-id.
Delivered check_delivery(const Recorded& r, const std::vector<std::string>& secrets);

// check_delivery over every recorded request of a sink.
std::vector<Delivered> check_deliveries(const Sink& sink, const std::vector<std::string>& secrets);

// The distinct webhook-ids among a sink's requests.
std::vector<std::string> webhook_ids(const Sink& sink);

}  // namespace weft::it
