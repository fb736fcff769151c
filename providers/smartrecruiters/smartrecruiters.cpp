// SmartRecruiters: an unsigned `X-Hook-Secret` activation handshake echoed back with 200;
// notifications signed `smartrecruiters-signature: v1=<hex>[;v1=<hex>...]` over
// ts.body.event-id.event-name.event-version.link with a signed timestamp; the event named in
// headers and a thin body, so every record is read from the Customer API (enrich) before
// events are made. Deliveries are acknowledged with 202; so are the known events that carry
// nothing for the unified model (approvals, reviews, onboarding), with no events.
#include "providers/smartrecruiters/smartrecruiters.h"

#include "providers/core/signature.h"
#include "providers/smartrecruiters/delivery.h"
#include "providers/smartrecruiters/mapping.h"

namespace weft {

namespace {

using namespace smartrecruiters;

constexpr SignatureScheme kScheme{"smartrecruiters-signature",
                                  "",
                                  DigestEncoding::hex,
                                  SignedMessage::smartrecruiters,
                                  SignatureCarrier::v1_list,
                                  "smartrecruiters-timestamp",
                                  true};

// The secret is random text of SmartRecruiters' choosing; echoed only when it cannot break
// the reply's header (visible ASCII, bounded).
bool echoable(std::string_view value) {
  if (value.empty() || value.size() > 512) return false;
  for (char c : value) {
    if (c <= ' ' || c >= 127) return false;
  }
  return true;
}

std::optional<Reply> answer_handshake(const VendorRequest& request, const ConnectionInfo&) {
  auto secret = request.headers.find("X-Hook-Secret");
  if (!secret) return std::nullopt;
  if (!echoable(*secret)) return Reply{400, {}, "X-Hook-Secret is malformed"};
  return Reply{200, {{"X-Hook-Secret", std::string(*secret)}}, {}};
}

Verification verify(const VendorRequest& request, const ConnectionInfo& connection) {
  return verify_signature(request, connection, kScheme);
}

Normalized start(const VendorRequest& request, const NormalizeContext& ctx, Delivery& d) {
  Normalized n;
  if (auto name = request.headers.find("event-name")) n.vendor_event_type = std::string(*name);
  if (auto error = read_delivery(request, ctx.json_limits, d); !error.empty()) {
    n.error = error;
    return n;
  }
  n.vendor_event_id = d.event_id;
  return n;
}

const FetchResult* result_of(const std::vector<FetchResult>& results, std::string_view key) {
  const FetchResult* found = nullptr;
  for (const auto& r : results) {
    if (r.key == key) found = &r;  // the latest round's answer wins
  }
  return found;
}

Normalized normalize(const VendorRequest& request, const NormalizeContext& ctx) {
  Delivery d;
  Normalized n = start(request, ctx, d);
  if (!n.error.empty()) return n;
  // Known, but nothing to map: accepted with no events and no reads (the daemon answers 202).
  if (d.spec->change == Change::ignored) return n;
  if (d.spec->change == Change::deleted) {
    Input in{d, ctx, nullptr, nullptr, n.events};
    if (auto error = map_candidate(in); !error.empty()) n.error = error;
    return n;
  }
  n.fetches = plan_fetches(d);
  return n;
}

Normalized enrich(const VendorRequest& request, const NormalizeContext& ctx,
                  const std::vector<FetchResult>& results) {
  Delivery d;
  Normalized n = start(request, ctx, d);
  if (!n.error.empty()) return n;
  if (d.spec->change == Change::ignored) return n;
  const std::string event(d.spec->name);

  // A 404 leaves the document null: the record is gone, and a reference event says so.
  json::Document record, history;
  const FetchResult* found = result_of(results, "record");
  if (!found) return Normalized::rejected(event + ": the API record was not fetched");
  if (found->status != 404) {
    if (auto error = json::parse_object(found->body, record, ctx.json_limits, "API record");
        !error.empty()) {
      return Normalized::rejected(event + ": " + error);
    }
  }
  const std::string_view related = related_key(d);
  if (const FetchResult* h = related.empty() ? nullptr : result_of(results, related);
      h && h->status != 404) {
    // A related read that does not parse is left out: the record alone still says what it
    // can (an application's status, a job ad's posting status, the job without openings).
    if (!json::parse(h->body, history, ctx.json_limits).empty()) history.SetNull();
  }
  Input in{d, ctx, record.IsObject() ? &record : nullptr, history.IsNull() ? nullptr : &history,
           n.events};
  std::string error;
  switch (d.spec->entity) {
    case Entity::application:
      error = map_application(in);
      break;
    case Entity::candidate:
      error = map_candidate(in);
      break;
    case Entity::job:
      error = map_job(in);
      break;
    case Entity::job_posting:
      error = map_job_posting(in);
      break;
    case Entity::offer:
      error = map_offer(in);
      break;
    case Entity::interview:
      error = map_interview(in);
      break;
  }
  if (!error.empty()) return Normalized::rejected(error);
  return n;
}

}  // namespace

const Provider smartrecruiters_provider{
    "smartrecruiters", answer_handshake, verify, normalize, 202, enrich};

}  // namespace weft
