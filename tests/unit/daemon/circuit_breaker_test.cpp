// The per-subscriber circuit breaker on an injected clock: opens after N consecutive
// failures, cool-downs that grow and are capped, one probe when half-open, closes on success.
#include <doctest/doctest.h>

#include "daemon/deliver/circuit_breaker.h"

using namespace weft::deliver;
using namespace std::chrono_literals;
using Clock = CircuitBreaker::Clock;

namespace {

BreakerOptions small_options() {
  BreakerOptions options;
  options.failure_threshold = 3;
  options.cool_down = 10s;
  options.growth = 2;
  options.max_cool_down = 25s;
  return options;
}

// Checks a transition's from/to/cool-down.
void check_transition(const std::optional<BreakerTransition>& t, BreakerState from, BreakerState to,
                      std::chrono::milliseconds cool_down = 0ms) {
  REQUIRE(t.has_value());
  CHECK(t->from == from);
  CHECK(t->to == to);
  CHECK(t->cool_down == cool_down);
}

}  // namespace

TEST_CASE("circuit_breaker: a full cycle with growing, capped cool-downs") {
  CircuitBreaker breaker(small_options());
  auto t = Clock::time_point{} + 1h;
  CHECK(breaker.state() == BreakerState::closed);
  CHECK(breaker.allow(t).allowed);

  // Two failures keep it closed; the third opens it for 10 s.
  CHECK_FALSE(breaker.record_failure(t).has_value());
  CHECK_FALSE(breaker.record_failure(t).has_value());
  CHECK(breaker.allow(t).allowed);
  auto opened = breaker.record_failure(t);
  check_transition(opened, BreakerState::closed, BreakerState::open, 10s);
  CHECK(opened->consecutive_failures == 3);
  CHECK(breaker.state() == BreakerState::open);
  CHECK(breaker.open_until() == t + 10s);

  // Nothing goes through during the cool-down; it says when to ask again.
  auto refused = breaker.allow(t + 10s - 1ms);
  CHECK_FALSE(refused.allowed);
  CHECK(refused.retry_at == t + 10s);
  CHECK_FALSE(refused.transition.has_value());

  // At its end, one probe: half-open.
  auto probe = breaker.allow(t + 10s);
  CHECK(probe.allowed);
  check_transition(probe.transition, BreakerState::open, BreakerState::half_open);
  CHECK(breaker.state() == BreakerState::half_open);
  // Only one probe at a time.
  auto second = breaker.allow(t + 10s);
  CHECK_FALSE(second.allowed);
  CHECK(second.retry_at == Clock::time_point::max());

  // The probe fails: open again, for twice as long.
  t += 10s;
  check_transition(breaker.record_failure(t), BreakerState::half_open, BreakerState::open, 20s);
  CHECK_FALSE(breaker.allow(t + 19s).allowed);
  CHECK(breaker.allow(t + 20s).allowed);

  // Fails again: 40 s, capped at 25 s.
  t += 20s;
  check_transition(breaker.record_failure(t), BreakerState::half_open, BreakerState::open, 25s);
  CHECK_FALSE(breaker.allow(t + 24s).allowed);
  CHECK(breaker.allow(t + 25s).allowed);

  // The probe succeeds: closed, and the counters start over.
  t += 25s;
  check_transition(breaker.record_success(t), BreakerState::half_open, BreakerState::closed);
  CHECK(breaker.state() == BreakerState::closed);
  CHECK(breaker.consecutive_failures() == 0);
  CHECK(breaker.allow(t).allowed);
  CHECK(breaker.allow(t).allowed);

  // Opening again starts from the first cool-down.
  breaker.record_failure(t);
  breaker.record_failure(t);
  check_transition(breaker.record_failure(t), BreakerState::closed, BreakerState::open, 10s);
}

TEST_CASE("circuit_breaker: only consecutive failures count") {
  CircuitBreaker breaker(small_options());
  auto t = Clock::time_point{} + 1h;
  for (int round = 0; round < 5; ++round) {
    CHECK_FALSE(breaker.record_failure(t).has_value());
    CHECK_FALSE(breaker.record_failure(t).has_value());
    CHECK_FALSE(breaker.record_success(t).has_value());  // closed -> closed: no transition
  }
  CHECK(breaker.state() == BreakerState::closed);
  breaker.record_failure(t);
  breaker.record_failure(t);
  CHECK(breaker.record_failure(t).has_value());
  CHECK(breaker.state() == BreakerState::open);
}

TEST_CASE("circuit_breaker: late results of attempts let through before it opened") {
  CircuitBreaker breaker(small_options());
  auto t = Clock::time_point{} + 1h;
  for (int i = 0; i < 3; ++i) breaker.record_failure(t);
  REQUIRE(breaker.state() == BreakerState::open);
  // Another in-flight attempt fails late: still open, same cool-down end.
  CHECK_FALSE(breaker.record_failure(t + 1s).has_value());
  CHECK(breaker.open_until() == t + 10s);
  // One succeeds late: the subscriber answers, so it closes.
  check_transition(breaker.record_success(t + 2s), BreakerState::open, BreakerState::closed);
  CHECK(breaker.allow(t + 2s).allowed);
}

TEST_CASE("circuit_breaker: defaults and names") {
  CircuitBreaker breaker;
  auto t = Clock::time_point{} + 1h;
  for (int i = 0; i < 4; ++i) CHECK_FALSE(breaker.record_failure(t).has_value());
  check_transition(breaker.record_failure(t), BreakerState::closed, BreakerState::open, 30s);
  CHECK(to_string(BreakerState::closed) == "closed");
  CHECK(to_string(BreakerState::open) == "open");
  CHECK(to_string(BreakerState::half_open) == "half_open");
}
