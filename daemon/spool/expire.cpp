// Spool expiry: destroys data keys past retention and forgets the records sealed under them.
#include "daemon/spool/spool.h"

#include <set>

namespace weft::spool {

std::size_t Spool::expire(int64_t now_ms) {
  std::lock_guard lock(mutex_);
  std::size_t dropped = expire_locked(now_ms);
  compact_wanted_ = true;
  wake_.notify_one();
  return dropped;
}

std::size_t Spool::expire_locked(int64_t now_ms) {
  auto destroyed =
      keys_.destroy_expired(now_ms, options_.rotation.count(), options_.retention.count());
  if (destroyed.empty()) return 0;
  std::set<uint64_t> gone(destroyed.begin(), destroyed.end());
  std::size_t dropped = 0;
  for (auto it = live_.begin(); it != live_.end();) {
    if (!gone.count(it->second.key_id)) {
      ++it;
      continue;
    }
    Segment& seg = segments_[it->second.segment];
    seg.live_bytes -= it->second.size;
    seg.live_records -= 1;
    it = live_.erase(it);
    ++dropped;
  }
  // Their frames can never be read again, so no done marker needs to outlive them.
  std::erase_if(dead_, [&](const auto& d) { return gone.count(d.second.key_id) != 0; });
  counters_.expired += dropped;
  return dropped;
}

}  // namespace weft::spool
