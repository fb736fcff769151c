// Workable: `X-Workable-Signature` HMAC-SHA256 of the raw body (hex or base64: the docs do
// not say), fat candidate payloads acknowledged with exactly 200. Each subscription is for one
// event and the payload may not name it, so the event comes from the body's `event_type` when
// there is one, else from the webhook URL's `?event=` query parameter.
#include "providers/workable/workable.h"

#include "providers/core/printable.h"
#include "providers/core/signature.h"
#include "providers/core/timestamps.h"
#include "providers/workable/records.h"

namespace weft {

namespace {

using json::Value;

constexpr SignatureScheme kScheme{"X-Workable-Signature",
                                  "",
                                  DigestEncoding::hex_or_base64,
                                  SignedMessage::body,
                                  SignatureCarrier::header,
                                  "",
                                  false};

// Workable's employee and time-off events (workable.readme.io): HR, not ATS.
constexpr std::string_view kHrEvents[] = {"employee_created", "employee_updated",
                                          "employee_published", "onboarding_completed",
                                          "timeoff_updated"};

Verification verify(const VendorRequest& request, const ConnectionInfo& connection) {
  return verify_signature(request, connection, kScheme);
}

// The value of one query parameter (no percent-decoding: event names are plain), or empty.
std::string query_value(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    if (auto eq = pair.find('='); eq != std::string_view::npos && pair.substr(0, eq) == name) {
      return std::string(pair.substr(eq + 1));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return {};
}

std::optional<std::string> text_of(const Value& o, std::string_view key) {
  const Value* v = json::find(o, key);
  if (!v || !v->IsString() || v->GetStringLength() == 0) return std::nullopt;
  return std::string(v->GetString(), v->GetStringLength());
}

Normalized normalize(const VendorRequest& request, const NormalizeContext& ctx) {
  json::Document body;
  if (auto error = json::parse_object(request.body, body, ctx.json_limits, "workable body");
      !error.empty()) {
    return Normalized::rejected(error);
  }
  // Wrapped {"event_type","fired_at","id","data": candidate} or the candidate object itself.
  const Value* data = json::find(body, "data");
  bool wrapped = data && data->IsObject();
  const Value& candidate = wrapped ? *data : static_cast<const Value&>(body);

  std::string event = text_of(body, "event_type").value_or("");
  if (event.empty()) event = query_value(request.query, "event");
  if (event.empty()) {
    return Normalized::rejected("workable event unknown: no event_type and no ?event= in the URL");
  }
  Normalized n;
  n.vendor_event_type = event;
  // Only an envelope's id names the delivery; a bare candidate's id is the candidate's.
  if (wrapped) n.vendor_event_id = text_of(body, "id").value_or("");
  for (auto hr : kHrEvents) {
    if (event == hr) {
      return Normalized::rejected("workable " + event + " is an HR event, not an ATS one");
    }
  }
  if (event != "candidate_created" && event != "candidate_moved") {
    return Normalized::rejected("unknown workable event '" + printable(event) + "'");
  }
  auto id = text_of(candidate, "id");
  if (!id) return Normalized::rejected("workable " + event + ": candidate lacks an id");
  auto job = workable::job_of(candidate);

  // The payload is the state when sent, not when the event fired: fired_at is the event's
  // time where the envelope has one.
  std::optional<std::string> when;
  if (wrapped) {
    if (auto fired = text_of(body, "fired_at")) when = utc_timestamp(*fired);
  }
  if (!when) {
    auto own = text_of(candidate, event == "candidate_created" ? "created_at" : "updated_at");
    if (own) when = utc_timestamp(*own);
  }
  SubjectRef person{"candidate", *id, *id, job.value_or("")};
  SubjectRef candidacy{"application", *id, *id, job.value_or("")};

  if (event == "candidate_created") {
    auto& c = n.events.emplace_back(
        make_draft("ats.candidate.created", person, when.value_or(""), DataMode::full));
    workable::write_candidate(c.data, candidate, ctx);
    auto& a = n.events.emplace_back(
        make_draft("ats.application.created", candidacy, when.value_or(""), DataMode::full));
    workable::write_application(a.data, candidate, ctx);
    return n;
  }

  // candidate_moved: where the candidacy now stands says which domain event it is.
  workable::Standing s = workable::standing_of(candidate);
  std::string domain = "ats.application.stage_changed";
  std::vector<std::string> changed = {"current_stage", "stage_category"};
  if (s.status == "rejected" || s.status == "withdrawn") {
    domain = "ats.application." + s.status;
    changed.insert(changed.end(), {"status", "rejected_at", "rejection"});
  } else if (s.status == "hired") {
    domain = "ats.application.hired";
    changed.insert(changed.end(), {"status", "hired_at"});
  }
  auto& u = n.events.emplace_back(
      make_draft("ats.application.updated", candidacy, when.value_or(""), DataMode::full));
  u.changed_fields = changed;
  workable::write_application(u.data, candidate, ctx);
  n.events.push_back(same_record(n.events.back(), domain));
  return n;
}

}  // namespace

const Provider workable_provider{"workable", nullptr, verify, normalize, 200};

}  // namespace weft
