// A per-subscriber circuit breaker: after enough consecutive failed attempts it opens and
// lets nothing through for a cool-down that grows each time it reopens; then it lets one
// probe through (half-open); the probe's success closes it, its failure reopens it. Pure and
// single-threaded: time is passed in; states and transitions come back as values for logs
// and metrics.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace weft::deliver {

struct BreakerOptions {
  unsigned failure_threshold = 5;  // consecutive failures that open it
  std::chrono::milliseconds cool_down{std::chrono::seconds(30)};  // first time open
  double growth = 2.0;  // each reopen multiplies the cool-down
  std::chrono::milliseconds max_cool_down{std::chrono::minutes(10)};
};

enum class BreakerState { closed, open, half_open };
std::string_view to_string(BreakerState state);

struct BreakerTransition {
  BreakerState from;
  BreakerState to;
  unsigned consecutive_failures;           // at the time of the transition
  std::chrono::milliseconds cool_down{0};  // when to == open: how long it stays open
};

class CircuitBreaker {
 public:
  using Clock = std::chrono::steady_clock;

  explicit CircuitBreaker(BreakerOptions options = {});

  struct Admission {
    bool allowed = false;
    // When not allowed: the earliest time worth asking again (the end of the cool-down; for
    // a half-open breaker whose probe is still out, time_point::max(): wait for its result).
    Clock::time_point retry_at{};
    std::optional<BreakerTransition> transition;  // open -> half_open when the probe starts
  };

  // May an attempt go now? Closed: yes. Open: no until the cool-down ends; then it turns
  // half-open and this attempt is the probe. Half-open: no while the probe is out.
  // Every allowed attempt must be followed by record_success or record_failure.
  Admission allow(Clock::time_point now);

  // Failures are retryable outcomes only (connection errors, timeouts, 408, 429, 5xx): a
  // final 4xx means the subscriber is up and answering.
  std::optional<BreakerTransition> record_success(Clock::time_point now);
  std::optional<BreakerTransition> record_failure(Clock::time_point now);

  BreakerState state() const { return state_; }
  unsigned consecutive_failures() const { return consecutive_failures_; }
  Clock::time_point open_until() const { return open_until_; }  // meaningful when open

 private:
  BreakerTransition open(Clock::time_point now);

  BreakerOptions options_;
  BreakerState state_ = BreakerState::closed;
  unsigned consecutive_failures_ = 0;
  unsigned times_opened_ = 0;  // since it last closed: grows the cool-down
  bool probe_out_ = false;
  Clock::time_point open_until_{};
};

}  // namespace weft::deliver
