// Builds weft.ping events (ping.h).
#include "daemon/admin/ping.h"

#include <openssl/rand.h>

#include <algorithm>
#include <atomic>

#include "daemon/admin/views.h"
#include "providers/core/crypto.h"

namespace weft::admin {

const config::Connection* ping_connection(const config::Config& config,
                                          const config::Subscriber& subscriber) {
  for (const auto& id : subscriber.connections) {
    if (const auto* c = config.find_connection(id)) return c;
  }
  return config.connections.empty() ? nullptr : &config.connections.front();
}

UnifiedEvent make_ping(const config::Connection& connection, int64_t now_unix_ms) {
  unsigned char nonce[12];
  if (RAND_bytes(nonce, sizeof nonce) != 1) {
    // Unique enough for a test event: the time and a counter.
    static std::atomic<uint64_t> counter{0};
    std::string fallback = std::to_string(now_unix_ms) + "-" + std::to_string(++counter);
    std::copy_n(sha256(fallback).data(), sizeof nonce, reinterpret_cast<char*>(nonce));
  }
  const std::string remote_id =
      to_hex(std::string_view(reinterpret_cast<const char*>(nonce), sizeof nonce));
  const std::string sent_at = timestamp_ms(now_unix_ms);

  Normalized normalized;
  normalized.vendor_event_type = "weft.ping";
  normalized.vendor_event_id = "ping_" + remote_id;
  EventDraft draft =
      make_draft("weft.ping", SubjectRef{"ping", remote_id, "", ""}, sent_at, DataMode::full);
  auto& alloc = draft.data.GetAllocator();
  json::set(draft.data, "message", json::string("a test delivery from weft", alloc), alloc);
  json::set(draft.data, "sent_at", json::string(sent_at, alloc), alloc);
  normalized.events.push_back(std::move(draft));
  // A synthetic event: source.kind "sandbox", nothing from a vendor to verify.
  SealInput input{connection.info, sent_at, "", "sandbox", true};
  auto events = seal(normalized, input);
  return std::move(events.front());
}

}  // namespace weft::admin
