// Lever: the body carries token, triggeredAt and signature = hex HMAC-SHA256(signature token,
// token + triggeredAt); the body itself is not signed. Webhooks carry ids only, so normalize
// asks for the records (webhook.cpp) and enrich turns them into events (events.cpp).
#include "providers/lever/lever.h"

#include "providers/core/signature.h"
#include "providers/lever/events.h"
#include "providers/lever/webhook.h"

namespace weft {

namespace {

constexpr SignatureScheme kScheme{
    .header = {},
    .prefix = {},
    .encoding = DigestEncoding::hex,
    .message = SignedMessage::lever_fields,
    .carrier = SignatureCarrier::body_field,
    .timestamp_header = {},
    // triggeredAt is signed, but Lever's retries resend the same body, so a window would turn
    // a late retry away: deduplication on the body digest covers replays of one delivery.
    .replay_window = false,
};

Verification verify(const VendorRequest& request, const ConnectionInfo& connection) {
  return verify_signature(request, connection, kScheme);
}

Normalized normalize(const VendorRequest& request, const NormalizeContext& ctx) {
  lever::Webhook hook;
  if (auto error = lever::parse_webhook(request.body, ctx.json_limits, hook); !error.empty()) {
    return Normalized::rejected(error);
  }
  if (hook.kind == lever::Kind::deleted || hook.kind == lever::Kind::interview_deleted) {
    return lever::deletion_events(hook, ctx);
  }
  Normalized n;
  // Lever sends no delivery id: the envelope digests the body, which a retry repeats.
  n.vendor_event_type = hook.event;
  n.fetches = lever::first_fetches(hook);
  return n;
}

Normalized enrich(const VendorRequest& request, const NormalizeContext& ctx,
                  const std::vector<FetchResult>& results) {
  lever::Webhook hook;
  if (auto error = lever::parse_webhook(request.body, ctx.json_limits, hook); !error.empty()) {
    return Normalized::rejected(error);
  }
  return lever::enriched_events(hook, results, ctx);
}

}  // namespace

const Provider lever_provider{"lever", nullptr, verify, normalize, 200, enrich};

}  // namespace weft
