// The per-connection inbound budget (connections[].rate_limit, burst): a token bucket per
// connection id, asked before the signature is checked so that a flood costs a map lookup,
// not an HMAC and a JSON parse. Over budget: 429 with Retry-After. Buckets follow reloads: a
// changed rate or burst starts a fresh bucket. Thread-safe.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "daemon/config/config.h"
#include "daemon/vendor_api/rate_gate.h"

namespace weft::ingest {

class InboundLimit {
 public:
  using Clock = std::chrono::steady_clock;

  struct Verdict {
    std::optional<int> retry_after;  // nullopt: admitted; else whole seconds, at least 1
    // Refusals are logged at most once a second per connection, with their count, so that a
    // flood does not become a flood of log lines: non-zero when this one should log.
    uint64_t refused_to_log = 0;
  };
  Verdict admit(const config::Connection& connection, Clock::time_point now);

 private:
  struct Bucket {
    double rate = 0;
    unsigned burst = 1;
    vendor_api::RateGate gate;
    uint64_t refused = 0;  // since the last log line
    Clock::time_point logged{};
  };
  std::mutex mutex_;
  std::map<std::string, Bucket, std::less<>> buckets_;
};

}  // namespace weft::ingest
