// The per-subscriber rate limit over simulated time: the burst, then the rate; idle time
// refills only up to the burst; a subscriber's Retry-After holds everything.
#include <doctest/doctest.h>

#include "daemon/deliver/rate_limiter.h"

using namespace weft::deliver;
using namespace std::chrono_literals;
using Clock = RateLimiter::Clock;

TEST_CASE("rate_limiter: burst then one slot per interval") {
  RateLimiter limiter(10, 3);  // 100 ms apart after a burst of 3
  auto t0 = Clock::time_point{} + 1h;
  for (int i = 0; i < 3; ++i) {
    auto permit = limiter.acquire(t0);
    CHECK(permit.now);
    CHECK(permit.at == t0);
  }
  auto wait = limiter.acquire(t0);
  CHECK_FALSE(wait.now);
  CHECK(wait.at == t0 + 100ms);
  CHECK(limiter.acquire(t0).at == t0 + 200ms);
  // Those slots are reserved: nothing is free at once until after them.
  CHECK_FALSE(limiter.try_acquire_now(t0 + 150ms));
  CHECK(limiter.try_acquire_now(t0 + 300ms));
}

TEST_CASE("rate_limiter: sends over ten simulated seconds match rate and burst") {
  for (auto [rate, burst] : {std::pair{10.0, 3u}, std::pair{50.0, 1u}, std::pair{2.5, 5u}}) {
    CAPTURE(rate);
    CAPTURE(burst);
    RateLimiter limiter(rate, burst);
    auto t0 = Clock::time_point{} + 1h;
    int sent = 0;
    for (auto now = t0; now < t0 + 10s; now += 1ms) {
      while (limiter.try_acquire_now(now)) ++sent;
    }
    // The burst at once, then one per interval after the first slot: burst - 1 + rate * 10.
    CHECK(sent == static_cast<int>(burst) - 1 + static_cast<int>(rate * 10));
  }
}

TEST_CASE("rate_limiter: idle time refills only up to the burst") {
  RateLimiter limiter(1, 2);
  auto t0 = Clock::time_point{} + 1h;
  CHECK(limiter.acquire(t0).now);
  CHECK(limiter.acquire(t0).now);
  CHECK(limiter.acquire(t0).at == t0 + 1s);
  auto later = t0 + 1h;
  CHECK(limiter.try_acquire_now(later));
  CHECK(limiter.try_acquire_now(later));
  CHECK_FALSE(limiter.try_acquire_now(later));
  CHECK(limiter.acquire(later).at == later + 1s);
}

TEST_CASE("rate_limiter: unlimited, and holds from Retry-After") {
  RateLimiter unlimited(0, 1);
  auto t0 = Clock::time_point{} + 1h;
  for (int i = 0; i < 1000; ++i) REQUIRE(unlimited.acquire(t0).now);

  unlimited.hold_until(t0 + 30s);
  unlimited.hold_until(t0 + 10s);  // an earlier hold does not shorten the later one
  CHECK(unlimited.held_until() == t0 + 30s);
  CHECK_FALSE(unlimited.try_acquire_now(t0 + 29s));
  auto permit = unlimited.acquire(t0 + 1s);
  CHECK_FALSE(permit.now);
  CHECK(permit.at == t0 + 30s);
  CHECK(unlimited.try_acquire_now(t0 + 30s));

  RateLimiter limited(10, 1);
  limited.hold_until(t0 + 5s);
  CHECK(limited.acquire(t0).at == t0 + 5s);
  CHECK(limited.acquire(t0).at == t0 + 5s + 100ms);
}
