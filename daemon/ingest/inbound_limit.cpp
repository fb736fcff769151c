#include "daemon/ingest/inbound_limit.h"

#include <cmath>

namespace weft::ingest {

InboundLimit::Verdict InboundLimit::admit(const config::Connection& connection,
                                          Clock::time_point now) {
  if (connection.rate_per_second <= 0) return {};
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(connection.info.id);
  if (it == buckets_.end() || it->second.rate != connection.rate_per_second ||
      it->second.burst != connection.burst) {
    Bucket fresh{connection.rate_per_second,
                 connection.burst,
                 vendor_api::RateGate(connection.rate_per_second, connection.burst),
                 0,
                 {}};
    it = buckets_.insert_or_assign(connection.info.id, std::move(fresh)).first;
  }
  Bucket& bucket = it->second;
  if (bucket.gate.reserve(now, now)) return {};
  Verdict verdict;
  // The next slot is at most one interval away.
  verdict.retry_after = std::max(1, static_cast<int>(std::ceil(1.0 / connection.rate_per_second)));
  bucket.refused += 1;
  if (now - bucket.logged >= std::chrono::seconds(1)) {
    verdict.refused_to_log = bucket.refused;
    bucket.refused = 0;
    bucket.logged = now;
  }
  return verdict;
}

}  // namespace weft::ingest
