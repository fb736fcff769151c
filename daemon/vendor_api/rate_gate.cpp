// The connection's token bucket and vendor holds; see rate_gate.h.
#include "daemon/vendor_api/rate_gate.h"

#include <algorithm>
#include <cmath>

namespace weft::vendor_api {

RateGate::RateGate(double rate_per_second, unsigned burst) {
  if (rate_per_second > 0 && std::isfinite(rate_per_second)) {
    interval_ = std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(1.0 / rate_per_second));
    tolerance_ = interval_ * (std::max(burst, 1u) - 1);
  }
}

std::optional<RateGate::Clock::time_point> RateGate::reserve(Clock::time_point now,
                                                             Clock::time_point latest) {
  auto slot = std::max({now, hold_, theoretical_ - tolerance_});
  if (slot > latest) return std::nullopt;
  theoretical_ = std::max(theoretical_, slot) + interval_;
  return slot;
}

void RateGate::hold_until(Clock::time_point until) {
  hold_ = std::max(hold_, until);
}

}  // namespace weft::vendor_api
