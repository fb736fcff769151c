// Recruitee: `X-Recruitee-Signature: <hex>` (HMAC-SHA256 of the raw body), a `{"test":true}`
// delivery that must be answered exactly 200, and `{"id","attempt_count","created_at",
// "event_type","event_subtype","payload"}` bodies mapped by event type (records.h).
#include "providers/recruitee/recruitee.h"

#include <array>

#include "providers/core/printable.h"
#include "providers/core/signature.h"
#include "providers/recruitee/records.h"

namespace weft {

namespace {

using namespace recruitee;

struct Event {
  std::string_view type;
  std::string_view subtype;  // empty: any (candidate_created says how the candidate came)
  Mapper map;
};

// offer_* names follow Recruitee's "job published / unpublished / updated" events; the
// candidate events are the documented ones.
constexpr std::array<Event, 9> kEvents = {{
    {"candidate_created", {}, map_candidate_created},
    {"candidate_assigned", {}, map_candidate_assigned},
    {"candidate_moved", "stage_changed", map_candidate_moved},
    {"candidate_moved", "disqualified", map_candidate_moved},
    {"candidate_moved", "requalified", map_candidate_moved},
    {"candidate_deleted", {}, map_candidate_deleted},
    {"offer_published", {}, map_offer_event},
    {"offer_unpublished", {}, map_offer_event},
    {"offer_updated", {}, map_offer_event},
}};

// The Test button's request: {"test":true}, possibly with an example event beside it.
bool is_test(const json::Value& body) {
  auto test = json::boolean(body, "test");
  return test && *test;
}

// Recruitee sends the test when a webhook is created, before its secret can be configured here,
// and needs 200 to save the webhook: answered unsigned. It carries no event and yields none.
std::optional<Reply> answer_test(const VendorRequest& request, const ConnectionInfo&) {
  if (request.body.find("\"test\"") == std::string_view::npos) return std::nullopt;
  json::Document doc;
  if (!json::parse_object(request.body, doc, 64, "recruitee body").empty()) return std::nullopt;
  if (!is_test(doc)) return std::nullopt;
  return Reply{200, {}, {}};
}

Verification verify(const VendorRequest& request, const ConnectionInfo& connection) {
  return verify_body_hmac_hex(request, connection, "X-Recruitee-Signature", "");
}

Normalized normalize(const VendorRequest& request, const NormalizeContext& ctx) {
  json::Document doc;
  if (auto error = json::parse_object(request.body, doc, ctx.json_limits, "recruitee body");
      !error.empty()) {
    return Normalized::rejected(error);
  }
  if (is_test(doc)) {
    Normalized n;
    n.vendor_event_type = "test";
    n.reply = Reply{200, {}, {}};
    return n;
  }
  auto type = string_of(doc, "event_type");
  if (!type || type->empty())
    return Normalized::rejected("recruitee body lacks an 'event_type' string");
  auto subtype = string_of(doc, "event_subtype").value_or("");

  Normalized n;
  n.vendor_event_type = subtype.empty() ? *type : *type + "." + printable(subtype);
  // The delivery's id: the same on every retry (attempt_count counts them).
  n.vendor_event_id = id_of(doc, "id").value_or("");

  const Event* found = nullptr;
  bool known_type = false;
  for (const auto& e : kEvents) {
    if (e.type != *type) continue;
    known_type = true;
    if (e.subtype.empty() || e.subtype == subtype) found = &e;
  }
  if (!known_type)
    return Normalized::rejected("unknown recruitee event_type '" + printable(*type) + "'");
  if (!found) {
    return Normalized::rejected("unknown recruitee " + *type + " subtype '" + printable(subtype) +
                                "'");
  }
  if (n.vendor_event_id.empty())
    return Normalized::rejected("recruitee " + *type + " lacks an 'id'");
  const json::Value* payload = object_of(doc, "payload");
  if (!payload) return Normalized::rejected("recruitee " + *type + " lacks a payload object");
  Delivery d{*type, subtype, time_of(doc, "created_at").value_or(""), *payload, ctx, n.events};
  if (auto error = found->map(d); !error.empty()) return Normalized::rejected(error);
  return n;
}

}  // namespace

namespace recruitee {
std::vector<std::string> event_names() {
  std::vector<std::string> names;
  for (const auto& e : kEvents) {
    names.push_back(e.subtype.empty() ? std::string(e.type)
                                      : std::string(e.type) + "." + std::string(e.subtype));
  }
  return names;
}
}  // namespace recruitee

const Provider recruitee_provider{"recruitee", answer_test, verify, normalize, 200};

}  // namespace weft
