// The per-subscriber rate limit; see rate_limiter.h.
#include "daemon/deliver/rate_limiter.h"

namespace weft::deliver {

RateLimiter::Permit RateLimiter::acquire(Clock::time_point now) {
  // No latest time, so a slot is always reserved: the queue waits as long as its budget says.
  Clock::time_point at = gate_.reserve(now, Clock::time_point::max()).value_or(now);
  return Permit{at <= now, at};
}

bool RateLimiter::try_acquire_now(Clock::time_point now) {
  return gate_.reserve(now, now).has_value();
}

}  // namespace weft::deliver
