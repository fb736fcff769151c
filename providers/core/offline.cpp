#include "providers/core/offline.h"

namespace weft {

OfflineResult normalize_offline(const Provider& provider, const ConnectionInfo& connection,
                                const Headers& headers, std::string_view body,
                                std::string_view received_at) {
  VendorRequest request{headers, body, {}};
  NormalizeContext context{connection, received_at};
  Normalized normalized = provider.normalize(request, context);
  OfflineResult result;
  result.error = normalized.error;
  result.reply = normalized.reply;
  if (!result.error.empty() || result.reply) return result;
  SealInput input{connection, received_at, body, "webhook", false};
  result.events = seal(normalized, input);
  return result;
}

}  // namespace weft
