// JazzHR: `X-JazzHR-Signature: <hex>` (HMAC-SHA256 of the raw body), the event in
// `X-JazzHR-Event`: VERIFY (answered 200) or CANDIDATE-EXPORT ({"candidate": <HR-Open
// candidate>}), deduplicated on `X-JazzHR-UUID`. No timestamp is signed: no replay window.
#include "providers/jazzhr/jazzhr.h"

#include "providers/core/printable.h"
#include "providers/core/signature.h"
#include "providers/jazzhr/records.h"

namespace weft {

namespace {

using namespace jazzhr;

bool is_verify(const VendorRequest& request) {
  auto event = request.headers.find("X-JazzHR-Event");
  return event && *event == "VERIFY";
}

// JazzHR sends VERIFY when the integration is saved and saves it only on a 2xx. The secret is
// optional on JazzHR's side, so the event may come unsigned: answered as it is, emitting nothing.
std::optional<Reply> answer_verify(const VendorRequest& request, const ConnectionInfo&) {
  if (!is_verify(request)) return std::nullopt;
  return Reply{200, {}, {}};
}

Verification verify(const VendorRequest& request, const ConnectionInfo& connection) {
  return verify_body_hmac_hex(request, connection, "X-JazzHR-Signature", "");
}

// A CANDIDATE-EXPORT is sent when a user exports the candidate or a workflow step does: it
// carries the candidate's state, not what changed, so the events are `updated` records (no
// domain events, changed_fields empty): the candidate, then each application and attachment.
std::string map_export(const VendorRequest& request, const json::Value& body,
                       const NormalizeContext& ctx, std::vector<EventDraft>& events) {
  const json::Value* candidate = json::find(body, "candidate");
  if (!candidate || !candidate->IsObject()) return "CANDIDATE-EXPORT lacks a candidate object";
  const json::Value* person = json::find(*candidate, "person");
  if (!person || !person->IsObject()) return "CANDIDATE-EXPORT lacks candidate.person";
  auto candidate_id = id_value(json::find(*person, "id"));
  if (!candidate_id) return "CANDIDATE-EXPORT lacks candidate.person.id.value";
  for (const json::Value* profile : objects_of(*candidate, "profiles")) {
    if (!id_value(json::find(*profile, "profileId"))) {
      return "CANDIDATE-EXPORT lacks candidate.profiles[].profileId.value";
    }
  }

  // Link: the candidate's profile URL, bare or as an RFC 8288 "<url>; rel=..." entry.
  std::optional<std::string> link;
  if (auto header = request.headers.find("Link")) {
    std::string_view v = *header;
    if (v.starts_with('<') && v.find('>') != std::string_view::npos)
      v = v.substr(1, v.find('>') - 1);
    link = std::string(v);
  }
  auto& c = events.emplace_back(make_draft("ats.candidate.updated",
                                           {"candidate", *candidate_id, *candidate_id, {}}, {},
                                           DataMode::full));
  candidate_record(*candidate, link, ctx, c.data);

  for (const json::Value* profile : objects_of(*candidate, "profiles")) {
    auto id = *id_value(json::find(*profile, "profileId"));
    auto openings = objects_of(*profile, "associatedPositionOpenings");
    auto job_id =
        openings.empty() ? std::nullopt : id_value(json::find(*openings[0], "positionOpeningId"));
    const json::Value* status =
        openings.empty() ? nullptr : json::find(*openings[0], "candidateStatus");
    auto moved_at = status && status->IsObject()
                        ? utc_time(string_of(*status, "transitionDateTime"))
                        : std::nullopt;
    auto& app = events.emplace_back(make_draft(
        "ats.application.updated", {"application", id, *candidate_id, job_id.value_or("")},
        moved_at.value_or(""), DataMode::full));
    application_record(*person, *profile, ctx, app.data);
    for (const json::Value* attachment : objects_of(*profile, "attachments")) {
      auto attachment_id = id_value(json::find(*attachment, "id"));
      if (!attachment_id) continue;
      auto& att = events.emplace_back(make_draft(
          "ats.attachment.updated",
          {"attachment", *attachment_id, *candidate_id, job_id.value_or("")}, {}, DataMode::full));
      attachment_record(*attachment, *candidate_id, id, ctx, att.data);
    }
  }
  return {};
}

Normalized normalize(const VendorRequest& request, const NormalizeContext& ctx) {
  auto event = request.headers.find("X-JazzHR-Event");
  if (!event || event->empty()) return Normalized::rejected("missing X-JazzHR-Event header");
  Normalized n;
  n.vendor_event_type = printable(*event);
  // Unique per delivery; a redelivery of the same export repeats it.
  if (auto uuid = request.headers.find("X-JazzHR-UUID")) n.vendor_event_id = std::string(*uuid);
  if (*event == "VERIFY") {
    n.reply = Reply{200, {}, {}};
    return n;
  }
  if (*event != "CANDIDATE-EXPORT") {
    return Normalized::rejected("unknown jazzhr event '" + printable(*event) + "'");
  }
  json::Document body;
  if (auto error = json::parse_object(request.body, body, ctx.json_limits, "jazzhr body");
      !error.empty()) {
    return Normalized::rejected(error);
  }
  if (auto error = map_export(request, body, ctx, n.events); !error.empty()) {
    return Normalized::rejected("jazzhr " + error);
  }
  return n;
}

}  // namespace

const Provider jazzhr_provider{"jazzhr", answer_verify, verify, normalize, 200};

}  // namespace weft
