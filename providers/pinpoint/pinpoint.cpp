// Pinpoint: PINPOINT-HMAC-SHA256 = base64(HMAC-SHA256(signing secret, raw body)); bodies are
// {"event","triggeredAt","data":{"application":{"id"}}}, so normalize asks for the application
// (with its candidate, job and stage) and enrich turns it into unified events.
#include "providers/pinpoint/pinpoint.h"

#include "providers/core/printable.h"
#include "providers/core/signature.h"
#include "providers/core/timestamps.h"
#include "providers/pinpoint/records.h"

namespace weft {

namespace {

using json::Value;

constexpr SignatureScheme kScheme{
    .header = "PINPOINT-HMAC-SHA256",
    .prefix = {},
    .encoding = DigestEncoding::base64,
    .message = SignedMessage::body,
    .carrier = SignatureCarrier::header,
    .timestamp_header = {},
    .replay_window = false,  // no signed timestamp
};

struct Event {
  std::string_view name;
  std::string_view type;    // the event about the application
  std::string_view domain;  // beside it, if any
  std::string_view status;  // what the event says of the status, when the record does not
};

// The application events Pinpoint's webhook settings offer (see the report for what is
// unverified).
constexpr Event kEvents[] = {
    {"application_created", "ats.application.created", {}, "active"},
    {"application_stage_changed", "ats.application.updated", "ats.application.stage_changed", {}},
    {"application_hired", "ats.application.updated", "ats.application.hired", "hired"},
    {"application_rejected", "ats.application.updated", "ats.application.rejected", "rejected"},
};

constexpr std::string_view kApplication = "application";

struct Webhook {
  json::Document doc;
  const Event* event = nullptr;
  std::string application_id, job_id;
  std::string occurred_at;
};

bool digits_only(std::string_view id) {
  if (id.empty() || id.size() > 20) return false;
  for (char c : id) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// triggeredAt: an RFC 3339 time, or a number of seconds (milliseconds when that large).
std::string occurred_at(const Value& doc) {
  const Value* t = json::find(doc, "triggeredAt");
  if (t && t->IsString()) return utc_timestamp(t->GetString()).value_or("");
  if (t && t->IsNumber() && t->GetDouble() > 0 && t->GetDouble() < 253402300799000.0) {
    double v = t->GetDouble();
    return format_timestamp(static_cast<int64_t>(v > 1e11 ? v / 1000 : v));
  }
  return {};
}

std::string parse(std::string_view body, const json::Limits& limits, Webhook& out) {
  if (auto error = json::parse_object(body, out.doc, limits, "pinpoint body"); !error.empty()) {
    return error;
  }
  const Value* name = json::find(out.doc, "event");
  if (!name || !name->IsString() || name->GetStringLength() == 0) {
    return "pinpoint body lacks an 'event' string";
  }
  std::string_view event(name->GetString(), name->GetStringLength());
  for (const auto& e : kEvents) {
    if (e.name == event) out.event = &e;
  }
  if (!out.event) return "unknown pinpoint event '" + printable(event) + "'";
  const Value* data = json::find(out.doc, "data");
  if (!data || !data->IsObject()) return "pinpoint " + std::string(event) + " lacks a data object";
  auto id = pinpoint::id_text(json::find_path(*data, {"application", "id"}));
  if (!id) return "pinpoint " + std::string(event) + " lacks data.application.id";
  // Pinpoint ids are numbers; anything else must not reach an API path.
  if (!digits_only(*id))
    return "pinpoint " + std::string(event) + " has a malformed application id";
  out.application_id = *id;
  auto job = pinpoint::id_text(json::find_path(*data, {"job", "id"}));
  if (job && digits_only(*job)) out.job_id = *job;
  out.occurred_at = occurred_at(out.doc);
  return {};
}

Verification verify(const VendorRequest& request, const ConnectionInfo& connection) {
  return verify_signature(request, connection, kScheme);
}

Normalized normalize(const VendorRequest& request, const NormalizeContext& ctx) {
  Webhook hook;
  if (auto error = parse(request.body, ctx.json_limits, hook); !error.empty()) {
    return Normalized::rejected(error);
  }
  Normalized n;
  n.vendor_event_type = std::string(hook.event->name);  // no delivery id: the body is digested
  Fetch& f = n.fetches.emplace_back();
  f.key = std::string(kApplication);
  f.target = "/api/v1/applications/" + hook.application_id + "?include=candidate,job,stage";
  f.optional = true;  // deleted since: reported in reference mode
  return n;
}

// The application is gone: ids only, under the event the webhook reports.
Normalized reference_events(const Webhook& hook, const NormalizeContext& ctx) {
  Normalized n;
  n.vendor_event_type = std::string(hook.event->name);
  EventDraft& d = n.events.emplace_back(make_draft(
      std::string(hook.event->type), {"application", hook.application_id, {}, hook.job_id},
      hook.occurred_at, DataMode::reference));
  auto& a = d.data.GetAllocator();
  json::set(d.data, "id", Value(), a);  // placeholders: sealed id-first
  json::set(d.data, "remote_id", Value(), a);
  if (!hook.job_id.empty()) {
    json::set(d.data, "job_id", json::string(ctx.unified_id("job", hook.job_id), a), a);
  }
  return n;
}

Normalized enrich(const VendorRequest& request, const NormalizeContext& ctx,
                  const std::vector<FetchResult>& results) {
  Webhook hook;
  if (auto error = parse(request.body, ctx.json_limits, hook); !error.empty()) {
    return Normalized::rejected(error);
  }
  const FetchResult* r = nullptr;
  for (const auto& result : results) {
    if (result.key == kApplication) r = &result;
  }
  if (!r) return Normalized::rejected("pinpoint enrichment lacks the application read");
  if (r->status == 404) return reference_events(hook, ctx);
  json::Document doc;
  if (auto error = json::parse(r->body, doc, ctx.json_limits); !error.empty()) {
    return Normalized::rejected("pinpoint API answer for application: " + error);
  }
  pinpoint::ApplicationView app;
  if (!pinpoint::read_application(doc, app)) {
    return Normalized::rejected("pinpoint application answer lacks a data object");
  }
  if (app.job_id.empty()) app.job_id = hook.job_id;

  Normalized n;
  n.vendor_event_type = std::string(hook.event->name);
  const std::string& id = hook.application_id;
  // A new application may be a known person's: the candidate goes out as `updated`, first.
  if (hook.event->name == "application_created" && !app.candidate_id.empty()) {
    EventDraft& c = n.events.emplace_back(
        make_draft("ats.candidate.updated", {"candidate", app.candidate_id, app.candidate_id, {}},
                   hook.occurred_at, DataMode::full));
    c.changed_fields = {"application_ids"};
    pinpoint::candidate_record(c.data, app, id, ctx);
  }
  std::string_view status = pinpoint::application_status(app, hook.event->status);
  EventDraft& d = n.events.emplace_back(
      make_draft(std::string(hook.event->type), {"application", id, app.candidate_id, app.job_id},
                 hook.occurred_at, DataMode::full));
  if (hook.event->domain == "ats.application.stage_changed") {
    d.changed_fields = {"current_stage", "stage_category"};
  } else if (hook.event->status == "hired") {
    d.changed_fields = {"status", "hired_at"};
  } else if (hook.event->status == "rejected") {
    d.changed_fields = {"status", "rejected_at", "rejection"};
  }
  pinpoint::application_record(d.data, app, status, ctx);
  if (!hook.event->domain.empty()) {
    n.events.push_back(same_record(n.events.back(), std::string(hook.event->domain)));
  }
  return n;
}

}  // namespace

const Provider pinpoint_provider{"pinpoint", nullptr, verify, normalize, 200, enrich};

}  // namespace weft
