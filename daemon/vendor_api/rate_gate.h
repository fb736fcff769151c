// The request budget of one connection: a token bucket (rate_per_second, burst) kept as a
// schedule of send times (GCRA), plus holds the vendor asked for (Retry-After, X-RateLimit
// reset). Pure and single-threaded: the ApiClient uses it on its strand.
#pragma once

#include <chrono>
#include <optional>

namespace weft::vendor_api {

class RateGate {
 public:
  using Clock = std::chrono::steady_clock;

  // rate_per_second <= 0: no budget (only vendor holds apply). burst >= 1.
  RateGate(double rate_per_second, unsigned burst);

  // Reserves the earliest send time at or after now for one request: immediately while the
  // burst lasts, then one every 1/rate seconds, never inside a vendor hold. When that time
  // would be after latest, nothing is reserved and nullopt is returned: waiting is useless.
  std::optional<Clock::time_point> reserve(Clock::time_point now, Clock::time_point latest);

  // The vendor asked us to send nothing before until (kept if a later hold already exists).
  void hold_until(Clock::time_point until);
  // The end of the current vendor hold (time_point{} when none was ever set).
  Clock::time_point held_until() const { return hold_; }

 private:
  Clock::duration interval_{0};      // 1/rate
  Clock::duration tolerance_{0};     // (burst - 1) * interval: how far ahead the burst may run
  Clock::time_point theoretical_{};  // when the bucket would be empty again (GCRA TAT)
  Clock::time_point hold_{};
};

}  // namespace weft::vendor_api
