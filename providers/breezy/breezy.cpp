// The Breezy HR adapter: `X-Hook-Signature: <hex HMAC-SHA256>` over the raw body (the docs'
// examples hash the re-serialized compact JSON, which is the raw body when Breezy sends it
// compact), bodies {"_id","type","object","creation_date"} mapped per type, acknowledged 200.
// Team discussion notes (companyNote*) concern no unified entity: acknowledged, no events.
#include "providers/breezy/breezy.h"

#include <array>

#include "providers/breezy/events.h"
#include "providers/core/printable.h"
#include "providers/core/signature.h"
#include "providers/core/timestamps.h"

namespace weft {
namespace {

struct Type {
  std::string_view name;
  breezy::Mapper map;
};

const std::array<Type, 10> kTypes = {{
    {"candidateAdded", breezy::map_candidate_added},
    {"candidateStatusUpdated", breezy::map_candidate_status_updated},
    {"candidateDeleted", breezy::map_candidate_deleted},
    {"companyPositionAdded", breezy::map_position_added},
    {"companyPositionUpdated", breezy::map_position_updated},
    {"companyPositionStateUpdated", breezy::map_position_state_updated},
    {"companyPositionDeleted", breezy::map_position_deleted},
    {"companyNotePosted", breezy::map_note},
    {"companyNoteUpdated", breezy::map_note},
    {"companyNoteDeleted", breezy::map_note},
}};

breezy::Mapper find_type(std::string_view name) {
  for (const auto& t : kTypes) {
    if (t.name == name) return t.map;
  }
  return nullptr;
}

Verification verify(const VendorRequest& request, const ConnectionInfo& connection) {
  return verify_body_hmac_hex(request, connection, "X-Hook-Signature", "");
}

Normalized normalize(const VendorRequest& request, const NormalizeContext& ctx) {
  json::Document body;
  if (auto error = json::parse_object(request.body, body, ctx.json_limits, "breezy body");
      !error.empty()) {
    return Normalized::rejected(error);
  }
  auto type = json::text(body, "type");
  if (!type || type->empty()) return Normalized::rejected("missing type");
  breezy::Mapper map = find_type(*type);
  if (!map) return Normalized::rejected("unknown breezy event type '" + printable(*type) + "'");

  Normalized n;
  n.vendor_event_type = *type;
  // The delivery's _id, for dedup; empty (a digest of the body) when a body lacks it.
  n.vendor_event_id = json::text(body, "_id").value_or("");
  const json::Value* object = json::find(body, "object");
  if (!object || !object->IsObject()) return Normalized::rejected(*type + ": missing object");
  std::string occurred_at;
  if (auto raw = json::text(body, "creation_date")) {
    occurred_at = utc_timestamp(*raw).value_or("");
  }
  breezy::Delivery delivery{*object, occurred_at, ctx, n.events};
  if (auto error = map(delivery); !error.empty()) {
    return Normalized::rejected(*type + ": " + error);
  }
  return n;
}

}  // namespace

const Provider breezy_provider{"breezy", nullptr, verify, normalize, 200};

}  // namespace weft
