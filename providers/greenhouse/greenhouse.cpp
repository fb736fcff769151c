// Greenhouse: `Signature: sha256 <hex>` over the raw body, a ping when a webhook is created, and
// `{"action","payload"}` bodies mapped by action (mapping.h).
#include "providers/greenhouse/greenhouse.h"

#include <array>

#include "providers/core/printable.h"
#include "providers/core/signature.h"
#include "providers/greenhouse/mapping.h"

namespace weft {

namespace greenhouse {

std::string lacks(const Input& in, std::string_view path) {
  return "greenhouse " + std::string(in.action) + " lacks payload." + std::string(path);
}

}  // namespace greenhouse

namespace {

using namespace greenhouse;

struct Action {
  std::string_view name;
  Mapper map;
};

constexpr std::array<Action, 29> kActions = {{
    {"new_candidate_application", map_application},
    {"new_prospect_application", map_application},
    {"application_updated", map_application},
    {"delete_application", map_application_deleted},
    {"candidate_stage_change", map_application},
    {"reject_candidate", map_application},
    {"unreject_candidate", map_application},
    {"hire_candidate", map_application},
    {"unhire_candidate", map_application},
    {"update_candidate", map_candidate_updated},
    {"delete_candidate", map_candidate_deleted},
    {"merge_candidate", map_candidate_merged},
    {"candidate_anonymized", map_candidate_anonymized},
    {"offer_created", map_offer},
    {"offer_approved", map_offer},
    {"offer_updated", map_offer},
    {"offer_deleted", map_offer_deleted},
    {"interview_deleted", map_interview_deleted},
    {"scorecard_deleted", map_scorecard_deleted},
    {"job_created", map_job},
    {"job_updated", map_job},
    {"job_approved", map_job},
    {"job_deleted", map_job_deleted},
    {"job_post_created", map_job_post},
    {"job_post_updated", map_job_post},
    {"job_post_deleted", map_job_post_deleted},
    {"job_interview_stage_deleted", map_stage_deleted},
    {"department_deleted", map_department_deleted},
    {"office_deleted", map_office_deleted},
}};

Verification verify(const VendorRequest& request, const ConnectionInfo& connection) {
  return verify_body_hmac_hex(request, connection, "Signature", "sha256 ");
}

Normalized normalize(const VendorRequest& request, const NormalizeContext& ctx) {
  json::Document doc;
  if (auto error = json::parse_object(request.body, doc, ctx.json_limits, "greenhouse body");
      !error.empty()) {
    return Normalized::rejected(error);
  }
  const json::Value* action = json::find(doc, "action");
  if (!action || !action->IsString()) {
    return Normalized::rejected("greenhouse body lacks an 'action' string");
  }
  std::string_view name(action->GetString(), action->GetStringLength());

  Normalized n;
  n.vendor_event_type = std::string(name);
  // Absent: the envelope digests the body instead, which still dedups a retry of the same bytes.
  if (auto id = request.headers.find("Greenhouse-Event-ID")) n.vendor_event_id = std::string(*id);

  // Sent when a webhook is created or updated; if it fails, Greenhouse disables the webhook.
  if (name == "ping") {
    n.reply = Reply{200, {}, {}};
    return n;
  }

  const Action* found = nullptr;
  for (const auto& a : kActions) {
    if (a.name == name) found = &a;
  }
  if (!found) {
    return Normalized::rejected("unknown greenhouse action '" + printable(name) + "'");
  }
  const json::Value* payload = json::find(doc, "payload");
  if (!payload || !payload->IsObject()) {
    return Normalized::rejected("greenhouse " + n.vendor_event_type + " lacks a payload object");
  }
  Input in{name, *payload, ctx, n.events};
  if (auto error = found->map(in); !error.empty()) return Normalized::rejected(error);
  return n;
}

}  // namespace

const Provider greenhouse_provider{"greenhouse", nullptr, verify, normalize, 200};

}  // namespace weft
