// The per-subscriber circuit breaker; see circuit_breaker.h.
#include "daemon/deliver/circuit_breaker.h"

#include <algorithm>
#include <cmath>

namespace weft::deliver {

std::string_view to_string(BreakerState state) {
  switch (state) {
    case BreakerState::closed:
      return "closed";
    case BreakerState::open:
      return "open";
    case BreakerState::half_open:
      return "half_open";
  }
  return "unknown";
}

CircuitBreaker::CircuitBreaker(BreakerOptions options) : options_(options) {
  options_.failure_threshold = std::max(options_.failure_threshold, 1u);
  if (!std::isfinite(options_.growth) || options_.growth < 1.0) options_.growth = 1.0;
  options_.cool_down = std::max(options_.cool_down, std::chrono::milliseconds(0));
  options_.max_cool_down = std::max(options_.max_cool_down, options_.cool_down);
}

CircuitBreaker::Admission CircuitBreaker::allow(Clock::time_point now) {
  Admission admission;
  switch (state_) {
    case BreakerState::closed:
      admission.allowed = true;
      break;
    case BreakerState::open:
      if (now < open_until_) {
        admission.retry_at = open_until_;
        break;
      }
      state_ = BreakerState::half_open;
      probe_out_ = true;
      admission.allowed = true;
      admission.transition =
          BreakerTransition{BreakerState::open, BreakerState::half_open, consecutive_failures_, {}};
      break;
    case BreakerState::half_open:
      if (probe_out_) {
        admission.retry_at = Clock::time_point::max();
        break;
      }
      probe_out_ = true;
      admission.allowed = true;
      break;
  }
  return admission;
}

std::optional<BreakerTransition> CircuitBreaker::record_success(Clock::time_point now) {
  unsigned failures = consecutive_failures_;
  consecutive_failures_ = 0;
  probe_out_ = false;
  if (state_ == BreakerState::closed) return std::nullopt;
  // A success while open comes from an attempt allowed before it opened: the subscriber
  // answers, so close as well.
  BreakerTransition transition{state_, BreakerState::closed, failures, {}};
  state_ = BreakerState::closed;
  times_opened_ = 0;
  return transition;
}

std::optional<BreakerTransition> CircuitBreaker::record_failure(Clock::time_point now) {
  ++consecutive_failures_;
  switch (state_) {
    case BreakerState::closed:
      if (consecutive_failures_ < options_.failure_threshold) return std::nullopt;
      return open(now);
    case BreakerState::half_open:
      probe_out_ = false;
      return open(now);
    case BreakerState::open:
      // A late result of an attempt allowed before it opened: already open.
      return std::nullopt;
  }
  return std::nullopt;
}

BreakerTransition CircuitBreaker::open(Clock::time_point now) {
  double scale = std::pow(options_.growth, static_cast<double>(std::min(times_opened_, 64u)));
  double ms = std::min(static_cast<double>(options_.cool_down.count()) * scale,
                       static_cast<double>(options_.max_cool_down.count()));
  std::chrono::milliseconds cool_down(static_cast<int64_t>(ms));
  BreakerTransition transition{state_, BreakerState::open, consecutive_failures_, cool_down};
  state_ = BreakerState::open;
  ++times_opened_;
  open_until_ = now + cool_down;
  return transition;
}

}  // namespace weft::deliver
