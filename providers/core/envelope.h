// Seals provider drafts into the unified envelope that subscribers receive (EVENTS.md).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "providers/core/provider.h"

namespace weft {

struct UnifiedEvent {
  std::string id;          // "evt_…": deterministic, equals webhook-id
  std::string type;        // "ats.application.stage_changed"
  std::string subject_id;  // unified id of the subject record: the per-subject order key
  std::string connection_id;
  std::string body;  // the envelope JSON, exactly as delivered
};

struct SealInput {
  const ConnectionInfo& connection;
  std::string_view received_at;              // RFC 3339 UTC
  std::string_view raw_body;                 // digested for the event id when the vendor gives none
  std::string_view source_kind = "webhook";  // webhook | poll | sandbox
  bool signature_verified = true;
};

// Deterministic: the same vendor webhook (vendor event id, or body when there is none)
// always gives the same event ids, whatever received_at is.
std::vector<UnifiedEvent> seal(Normalized& normalized, const SealInput& input);

// The event id for one draft; exposed for tests.
std::string event_id(std::string_view connection_id, std::string_view vendor_key,
                     std::string_view type, const SubjectRef& subject);

}  // namespace weft
