// The sandbox provider: reads the wire format of Weft's built-in test ATS (wire.h).
#include "providers/sandbox/sandbox.h"

#include <array>

#include "providers/core/printable.h"
#include "providers/core/signature.h"
#include "providers/core/timestamps.h"
#include "providers/sandbox/records.h"
#include "providers/sandbox/wire.h"

namespace weft {
namespace {

// One wire event: the entity it is about and the unified events it becomes (the second,
// when set, is the domain event emitted beside the first with the same data).
struct Route {
  std::string_view event;
  std::string_view entity;
  std::string_view type;
  std::string_view domain_type;
};

constexpr std::array<Route, 11> kRoutes = {{
    {"job.created", "job", "ats.job.created", "ats.job.opened"},
    {"candidate.created", "candidate", "ats.candidate.created", ""},
    {"candidate.updated", "candidate", "ats.candidate.updated", ""},
    {"application.created", "application", "ats.application.created", ""},
    {"application.stage_changed", "application", "ats.application.updated",
     "ats.application.stage_changed"},
    {"application.rejected", "application", "ats.application.updated", "ats.application.rejected"},
    {"application.hired", "application", "ats.application.updated", "ats.application.hired"},
    {"interview.scheduled", "interview", "ats.interview.created", "ats.interview.scheduled"},
    {"offer.created", "offer", "ats.offer.created", ""},
    {"offer.accepted", "offer", "ats.offer.updated", "ats.offer.accepted"},
    {"eeo.submitted", "eeo", "ats.eeo.created", ""},
}};

const Route* find_route(std::string_view event) {
  for (const auto& r : kRoutes) {
    if (r.event == event) return &r;
  }
  return nullptr;
}

// The vendor ids an event's subject is known by, for the envelope's subject.
SubjectRef subject_of(std::string_view entity, const json::Value& record, const json::Value& data) {
  SubjectRef s;
  s.entity = std::string(entity);
  s.remote_id = json::text(record, "id").value_or("");
  if (entity == "candidate") {
    s.candidate_remote_id = s.remote_id;
  } else if (entity == "job") {
    s.job_remote_id = s.remote_id;
  } else if (entity == "eeo") {
    s.candidate_remote_id = json::text(record, "candidate_id").value_or("");
  } else {
    const json::Value* app = entity == "application" ? &record : json::find(data, "application");
    if (app) {
      s.candidate_remote_id = json::text(*app, "candidate_id").value_or("");
      s.job_remote_id = json::text(*app, "job_id").value_or("");
    }
  }
  return s;
}

Verification verify(const VendorRequest& request, const ConnectionInfo& connection) {
  return verify_body_hmac_hex(request, connection, sandbox::kSignatureHeader,
                              sandbox::kSignaturePrefix);
}

Normalized normalize(const VendorRequest& request, const NormalizeContext& ctx) {
  json::Document body;
  if (auto error = json::parse_object(request.body, body, ctx.json_limits, "sandbox body");
      !error.empty()) {
    return Normalized::rejected(error);
  }
  auto event = json::text(body, "event");
  if (!event) return Normalized::rejected("sandbox body lacks 'event'");

  Normalized out;
  out.vendor_event_type = *event;
  out.vendor_event_id = json::text(body, "event_id").value_or("");
  if (*event == "ping") {
    out.reply = Reply{200, {{"Content-Type", "application/json"}}, R"({"ok":true})"};
    return out;
  }
  const Route* route = find_route(*event);
  if (!route) return Normalized::rejected("unknown sandbox event '" + printable(*event) + "'");

  const json::Value* data = json::find(body, "data");
  const json::Value* record = data ? json::find(*data, route->entity) : nullptr;
  if (!record || !record->IsObject()) {
    return Normalized::rejected("sandbox " + *event + " lacks data." + std::string(route->entity));
  }
  SubjectRef subject = subject_of(route->entity, *record, *data);
  if (subject.remote_id.empty()) {
    return Normalized::rejected("sandbox " + *event + " lacks data." + std::string(route->entity) +
                                ".id");
  }

  // A malformed vendor time is not worth a 400: the envelope falls back to received_at.
  auto vendor_time = json::text(body, "occurred_at");
  std::string occurred_at = vendor_time ? utc_timestamp(*vendor_time).value_or("") : "";

  json::Document unified = sandbox::unified_record(route->entity, *record, ctx);
  sandbox::Changes changes =
      sandbox::changes(route->entity, *record, json::find(*data, "previous_attributes"), ctx);

  std::vector<std::string_view> types = {route->type};
  // A job is "opened" only when it arrives open; a draft is merely created.
  bool domain = !route->domain_type.empty() &&
                (route->entity != "job" || json::text(*record, "status") == "open");
  if (domain) types.push_back(route->domain_type);

  for (std::string_view type : types) {
    EventDraft draft;
    draft.type = std::string(type);
    draft.subject = subject;
    draft.occurred_at = occurred_at;
    draft.data.CopyFrom(unified, draft.data.GetAllocator());
    if (!changes.previous.IsNull()) {
      draft.previous.CopyFrom(changes.previous, draft.previous.GetAllocator());
    }
    draft.changed_fields = changes.changed_fields;
    out.events.push_back(std::move(draft));
  }
  return out;
}

}  // namespace

const Provider sandbox_provider{"sandbox", nullptr, verify, normalize, 200};

}  // namespace weft
