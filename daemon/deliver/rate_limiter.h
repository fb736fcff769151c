// The optional per-subscriber rate limit (config: subscribers[].rate_limit, e.g. 50/s): a
// token bucket (rate, burst) that says "send now" or "wait until", plus a hold for a
// subscriber's own Retry-After on 429/503 that pauses all of its deliveries. Built on the
// vendor API's token bucket (vendor_api::RateGate) so both budgets behave alike. Pure and
// single-threaded: use it on the subscriber queue's strand.
#pragma once

#include <chrono>

#include "daemon/vendor_api/rate_gate.h"

namespace weft::deliver {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  // rate_per_second <= 0: unlimited (only holds apply). burst: sends allowed at once
  // (at least 1).
  RateLimiter(double rate_per_second, unsigned burst) : gate_(rate_per_second, burst) {}

  struct Permit {
    bool now;              // send at once
    Clock::time_point at;  // when !now: the slot reserved for this send; wait until it
  };

  // Takes the earliest slot at or after now for one send. The slot is reserved: the caller
  // sends at `at` (arming a timer when !now) rather than asking again.
  Permit acquire(Clock::time_point now);

  // Takes a slot only if one is free at once; otherwise reserves nothing and returns false.
  bool try_acquire_now(Clock::time_point now);

  // Nothing goes before until (a subscriber's Retry-After); a later hold wins.
  void hold_until(Clock::time_point until) { gate_.hold_until(until); }
  Clock::time_point held_until() const { return gate_.held_until(); }

 private:
  vendor_api::RateGate gate_;
};

}  // namespace weft::deliver
