#include "integration/expect.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdlib>

#include "daemon/deliver/signing.h"
#include "integration/harness.h"
#include "providers/core/crypto.h"
#include "providers/core/json.h"
#include "support/schema.h"

namespace weft::it {

std::string whsec(const std::string& seed) {
  return "whsec_" + weft::base64_encode(weft::sha256("weft-it-" + seed));
}

namespace {

std::string text_at(const json::Value& doc, std::initializer_list<std::string_view> path) {
  return json::text(json::find_path(doc, path)).value_or("");
}

int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Delivered check_delivery(const Recorded& r, const std::vector<std::string>& secrets) {
  Delivered d;
  d.webhook_id = r.header("webhook-id");
  const std::string timestamp = r.header("webhook-timestamp");
  const std::string signature = r.header("webhook-signature");
  INFO("delivery webhook-id=" << d.webhook_id << " target=" << r.target);

  CHECK(r.method == "POST");
  CHECK(r.header("content-type").starts_with("application/json"));
  CHECK_FALSE(d.webhook_id.empty());

  int64_t ts = 0;
  auto [end, ec] = std::from_chars(timestamp.data(), timestamp.data() + timestamp.size(), ts);
  CHECK_MESSAGE((ec == std::errc() && end == timestamp.data() + timestamp.size()),
                "webhook-timestamp is not integer seconds: '" << timestamp << "'");
  CHECK(std::abs(unix_now() - ts) <= 300);

  // One signature per secret, and each verifies both ways.
  std::size_t signatures = std::count(signature.begin(), signature.end(), ',');
  CHECK_MESSAGE(signatures == secrets.size(), "webhook-signature: " << signature);
  for (const auto& secret : secrets) {
    auto outcome =
        weft::deliver::verify({secret}, d.webhook_id, timestamp, signature, r.body, unix_now());
    CHECK_MESSAGE(outcome.ok, "deliver::verify: " << outcome.reason);
    CHECK_MESSAGE(standard_signature_matches(secret, d.webhook_id, timestamp, r.body, signature),
                  "independent HMAC does not match webhook-signature: " << signature);
  }
  // A secret the subscriber does not hold must not verify.
  CHECK_FALSE(standard_signature_matches(whsec("not-this-subscriber"), d.webhook_id, timestamp,
                                         r.body, signature));

  const std::string errors = weft::test::schema_errors(r.body);
  CHECK_MESSAGE(errors.empty(), "schema: " << errors);

  json::Document doc;
  const std::string parse_error = json::parse(r.body, doc);
  REQUIRE_MESSAGE(parse_error.empty(), "delivery body is not JSON: " << parse_error);
  REQUIRE(doc.IsObject());
  d.id = text_at(doc, {"id"});
  d.type = text_at(doc, {"type"});
  d.connection_id = text_at(doc, {"connection_id"});
  d.tenant_id = text_at(doc, {"tenant_id"});
  d.provider = text_at(doc, {"provider"});
  d.environment = text_at(doc, {"environment"});
  d.subject_entity = text_at(doc, {"subject", "entity"});
  d.vendor_event_id = text_at(doc, {"source", "vendor_event_id"});
  d.vendor_event_type = text_at(doc, {"source", "vendor_event_type"});
  const auto* verified = json::find_path(doc, {"source", "signature_verified"});
  d.signature_verified = verified && verified->IsBool() && verified->GetBool();
  CHECK(d.id == d.webhook_id);
  CHECK(d.id.starts_with("evt_"));
  CHECK(d.type.starts_with("ats."));
  return d;
}

std::vector<Delivered> check_deliveries(const Sink& sink, const std::vector<std::string>& secrets) {
  std::vector<Delivered> all;
  for (const auto& r : sink.requests()) all.push_back(check_delivery(r, secrets));
  return all;
}

std::vector<std::string> webhook_ids(const Sink& sink) {
  std::vector<std::string> ids;
  for (const auto& r : sink.requests()) {
    std::string id = r.header("webhook-id");
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
  return ids;
}

}  // namespace weft::it
