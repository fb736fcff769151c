// The ingest stage: one vendor request through connection lookup, handshake, signature
// check, normalization and delivery, and the acknowledgement the vendor gets:
//   404 unknown connection · 429 + Retry-After over the connection's rate_limit (checked
//   before the signature) · 401 signature missing or wrong · 400 malformed or unknown event
//   200 (or the vendor's own accepted status) once every matching subscriber accepted, refused
//       for good (4xx: dead letter), or (spool mode) the undelivered pairs are fsynced
//   503 + Retry-After when one did not within the ack budget and there is no spool (the
//       vendor's retry carries it), when the spool is full,
//       or when a thin webhook's records could not be fetched from the vendor API yet
//   502 when the vendor API refused for good (credentials, 4xx) or its records are unusable
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "daemon/deliver/dispatcher.h"
#include "daemon/ingest/enrich.h"
#include "daemon/ingest/inbound_limit.h"
#include "daemon/runtime/config_holder.h"
#include "providers/core/headers.h"
#include "providers/core/provider.h"

namespace weft::ingest {

// What the vendor is answered; Reply's body is JSON.
using Answer = std::function<void(Reply)>;

// Seconds a vendor is asked to wait before retrying after a 503.
inline constexpr int kRetryAfterSeconds = 30;

class Ingest {
 public:
  Ingest(const ConfigHolder& config, deliver::Dispatcher& dispatcher, Enricher& enricher)
      : config_(config), dispatcher_(dispatcher), enricher_(enricher) {}

  // source_kind is "webhook" for vendor requests and "sandbox" for the sandbox driver.
  void receive(std::string_view connection_id, const Headers& headers, std::string_view body,
               std::string_view query, Answer answer, std::string_view source_kind = "webhook");

 private:
  struct Accepted;
  // A thin webhook's API reads ended: deliver its events, or tell the vendor why not.
  void enriched(const std::shared_ptr<Accepted>& accepted, EnrichOutcome outcome);
  // Seals the events of a verified request and delivers them; answers the vendor.
  void deliver(const std::shared_ptr<Accepted>& accepted, Normalized normalized);

  const ConfigHolder& config_;
  deliver::Dispatcher& dispatcher_;
  Enricher& enricher_;
  InboundLimit inbound_limit_;
};

Reply error_reply(int status, std::string_view reason);

}  // namespace weft::ingest
