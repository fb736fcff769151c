// The Teamtailor company-webhooks adapter: `TT-Signature` v2 (base64 of "t=<unix>,v2=<hex>",
// HMAC-SHA256 of t + "." + the signed bytes, replay window on t), bodies
// {"payload":{"event_name","data":{id,type,attributes}},"signature"} mapped per resource.
// Teamtailor does not retry a failed delivery: the daemon must accept and spool, never bounce.
#include "providers/teamtailor/teamtailor.h"

#include <array>

#include "providers/core/crypto.h"
#include "providers/core/printable.h"
#include "providers/core/signature.h"
#include "providers/teamtailor/raw_member.h"
#include "providers/teamtailor/resources.h"

namespace weft {
namespace {

using teamtailor::Mapper;

const SignatureScheme kScheme{"TT-Signature",
                              "",
                              DigestEncoding::hex,
                              SignedMessage::timestamp_dot_body,
                              SignatureCarrier::teamtailor_v2,
                              "",
                              true};

struct ResourceKind {
  std::string_view event_prefix;  // "job_application" in "job_application.update"
  std::string_view json_type;     // payload.data.type
  Mapper map;
};

const std::array<ResourceKind, 3> kResources = {{
    {"candidate", "candidates", teamtailor::map_candidate},
    {"job", "jobs", teamtailor::map_job},
    {"job_application", "job-applications", teamtailor::map_job_application},
}};

// The legacy v1 header is base64 of a bare hex HMAC of the record id only: the body is not
// covered, so it is refused rather than trusted.
bool is_v1_signature(const VendorRequest& request) {
  auto header = request.headers.find("TT-Signature");
  if (!header) return false;
  auto inner = base64_decode(*header);
  if (!inner || inner->size() != 64) return false;
  return from_hex(*inner).has_value();
}

Verification verify(const VendorRequest& request, const ConnectionInfo& connection) {
  if (is_v1_signature(request)) {
    return Verification::fail(
        "TT-Signature is a v1 signature (it signs only the record id): "
        "set the webhook to signature version v2");
  }
  Verification whole = verify_signature(request, connection, kScheme);
  if (whole.ok || whole.reason != "TT-Signature does not match") return whole;
  // The docs say the raw body is signed, yet the body also carries the signature; their
  // earlier examples signed the `payload` member alone. Either exact byte range is accepted.
  auto payload = teamtailor::raw_member(request.body, "payload");
  if (!payload) return whole;
  VendorRequest inner{request.headers, *payload, request.query, request.now};
  return verify_signature(inner, connection, kScheme);
}

Normalized normalize(const VendorRequest& request, const NormalizeContext& ctx) {
  json::Document body;
  if (auto error = json::parse_object(request.body, body, ctx.json_limits, "teamtailor body");
      !error.empty()) {
    return Normalized::rejected(error);
  }
  const json::Value* payload = json::find(body, "payload");
  if (!payload || !payload->IsObject()) return Normalized::rejected("missing payload object");
  const json::Value* name = json::find(*payload, "event_name");
  if (!name || !name->IsString() || name->GetStringLength() == 0) {
    return Normalized::rejected("missing payload.event_name");
  }
  auto event_name = json::text(name);

  Normalized n;
  n.vendor_event_type = *event_name;
  // Teamtailor documents no delivery id; one is used when the payload carries it. Only the
  // payload: where a signature covers the payload member alone, nothing beside it is trusted.
  n.vendor_event_id = json::text(*payload, "event_id").value_or("");

  auto dot = event_name->rfind('.');
  std::string_view prefix =
      dot == std::string::npos ? "" : std::string_view(*event_name).substr(0, dot);
  std::string_view action =
      dot == std::string::npos ? "" : std::string_view(*event_name).substr(dot + 1);
  const ResourceKind* kind = nullptr;
  for (const auto& k : kResources) {
    if (k.event_prefix == prefix) kind = &k;
  }
  if (!kind || (action != "create" && action != "update" && action != "destroy")) {
    return Normalized::rejected("unknown teamtailor event '" + printable(*event_name) + "'");
  }

  const json::Value* data = json::find(*payload, "data");
  if (!data || !data->IsObject())
    return Normalized::rejected(*event_name + ": missing payload.data");
  auto id = json::text(*data, "id");
  if (!id || id->empty()) return Normalized::rejected(*event_name + ": missing payload.data.id");
  if (auto type = json::text(*data, "type"); type && *type != kind->json_type) {
    return Normalized::rejected(*event_name + ": payload.data.type is '" + printable(*type) +
                                "', not '" + std::string(kind->json_type) + "'");
  }
  const json::Value* attributes = json::find(*data, "attributes");
  if (attributes && !attributes->IsObject() && !attributes->IsNull()) {
    return Normalized::rejected(*event_name + ": payload.data.attributes is not an object");
  }
  static const json::Value kNoAttributes(rapidjson::kObjectType);
  teamtailor::Resource resource{*data, *id,
                                attributes && attributes->IsObject() ? *attributes : kNoAttributes};
  if (auto error = kind->map(resource, action, ctx, n.events); !error.empty()) {
    return Normalized::rejected(*event_name + ": " + error);
  }
  return n;
}

}  // namespace

// Teamtailor does not retry a failed webhook.
const Provider teamtailor_provider{"teamtailor", nullptr, verify, normalize, 200, nullptr, false};

}  // namespace weft
