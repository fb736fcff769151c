// The Ashby adapter: `Ashby-Signature: sha256=<hex>` over the raw body, a `ping` action
// answered 200, and {"webhookActionId","action","data"} bodies mapped per action.
#include "providers/ashby/ashby.h"

#include <array>

#include "providers/ashby/actions.h"
#include "providers/ashby/values.h"
#include "providers/core/printable.h"
#include "providers/core/signature.h"

namespace weft {
namespace {

using ashby::ActionMapper;

// Actions that concern no unified entity: acknowledged, nothing emitted. surveySubmit
// carries survey answers (possibly EEO), which never leave in other streams.
std::string map_nothing(const json::Value&, const NormalizeContext&, std::vector<EventDraft>&) {
  return {};
}

struct Action {
  std::string_view name;
  ActionMapper map;
};

const std::array<Action, 22> kActions = {{
    {"applicationSubmit", ashby::map_application_submit},
    {"applicationUpdate", ashby::map_application_update},
    {"pushToHRIS", ashby::map_application_update},
    {"candidateStageChange", ashby::map_candidate_stage_change},
    {"candidateHire", ashby::map_candidate_hire},
    {"candidateDelete", ashby::map_candidate_delete},
    {"candidateMerge", ashby::map_candidate_merge},
    {"interviewPlanTransition", ashby::map_interview_plan_transition},
    {"interviewScheduleCreate", ashby::map_interview_schedule_create},
    {"interviewScheduleUpdate", ashby::map_interview_schedule_update},
    {"jobCreate", ashby::map_job_create},
    {"jobUpdate", ashby::map_job_update},
    {"jobPostingUpdate", ashby::map_job_posting_update},
    {"jobPostingPublish", ashby::map_job_posting_publish},
    {"jobPostingUnpublish", ashby::map_job_posting_unpublish},
    {"offerCreate", ashby::map_offer_create},
    {"offerUpdate", ashby::map_offer_update},
    {"offerDelete", ashby::map_offer_delete},
    {"openingCreate", ashby::map_opening_create},
    {"signatureRequestUpdate", ashby::map_signature_request_update},
    {"surveySubmit", map_nothing},
    {"ping", nullptr},  // answered before the table is consulted
}};

ActionMapper find_action(std::string_view name) {
  for (const auto& action : kActions) {
    if (action.name == name) return action.map;
  }
  return nullptr;
}

Verification verify(const VendorRequest& request, const ConnectionInfo& connection) {
  return verify_body_hmac_hex(request, connection, "Ashby-Signature", "sha256=");
}

Normalized normalize(const VendorRequest& request, const NormalizeContext& ctx) {
  json::Document body;
  if (auto error = json::parse_object(request.body, body, ctx.json_limits, "ashby body");
      !error.empty()) {
    return Normalized::rejected(error);
  }
  auto action = json::text(body, "action");
  if (!action || action->empty()) return Normalized::rejected("missing action");
  auto action_id = json::text(body, "webhookActionId").value_or("");

  Normalized n;
  n.vendor_event_type = *action;
  n.vendor_event_id = action_id;
  n.correlation_id = action_id;
  if (*action == "ping") {
    n.reply = Reply{200, {}, {}};
    return n;
  }
  ActionMapper map = find_action(*action);
  if (!map) {
    return Normalized::rejected("unknown ashby action '" + printable(*action) + "'");
  }
  // Ashby repeats webhookActionId on every retry: it is the only dedup key there is.
  if (action_id.empty()) return Normalized::rejected("missing webhookActionId");
  const json::Value* data = json::find(body, "data");
  if (!data || !data->IsObject()) return Normalized::rejected(*action + ": missing data");
  if (auto error = map(*data, ctx, n.events); !error.empty()) {
    return Normalized::rejected(*action + ": " + error);
  }
  return n;
}

}  // namespace

const Provider ashby_provider{"ashby", nullptr, verify, normalize, 200};

}  // namespace weft
