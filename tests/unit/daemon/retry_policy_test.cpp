// Delivery retry policy: outcome classes, the schedule with jitter, Retry-After in both forms,
// and dead letters at the end of the schedule or past the maximum age.
#include <doctest/doctest.h>

#include <algorithm>
#include <ctime>

#include "daemon/deliver/retry_policy.h"

using namespace weft::deliver;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

AttemptOutcome response(int status) {
  return AttemptOutcome{AttemptOutcome::Kind::response, status, std::nullopt};
}

RetryOptions without_jitter() {
  RetryOptions options;
  options.jitter = 0;
  return options;
}

// A fixed wall-clock instant: 2026-03-01 12:00:00 UTC.
std::chrono::system_clock::time_point wall_noon() {
  std::tm tm{};
  tm.tm_year = 2026 - 1900;
  tm.tm_mon = 2;
  tm.tm_mday = 1;
  tm.tm_hour = 12;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

}  // namespace

TEST_CASE("retry_policy classify: every status class") {
  for (int status : {200, 201, 202, 204, 299}) {
    CHECK(classify(response(status)) == Verdict::delivered);
  }
  for (int status : {408, 429, 500, 502, 503, 504, 599}) {
    CHECK(classify(response(status)) == Verdict::retry);
  }
  CHECK(classify(response(410)) == Verdict::gone);
  for (int status : {100, 301, 302, 304, 400, 401, 403, 404, 405, 409, 413, 422, 451}) {
    CHECK(classify(response(status)) == Verdict::final_failure);
  }
  CHECK(classify({AttemptOutcome::Kind::connection_error, 0, std::nullopt}) == Verdict::retry);
  CHECK(classify({AttemptOutcome::Kind::timeout, 0, std::nullopt}) == Verdict::retry);
  CHECK(to_string(Verdict::gone) == "gone");
  CHECK(to_string(Verdict::final_failure) == "final_failure");
}

TEST_CASE("retry_policy schedule: the default schedule without jitter, then a dead letter") {
  RetryPolicy policy(without_jitter(), 1);
  const Millis expected[] = {5s, 5min, 30min, 2h, 5h, 10h, 10h};
  auto first = Clock::time_point{} + 1000h;
  auto now = first;
  for (unsigned attempt = 1; attempt <= 7; ++attempt) {
    auto decision = policy.next_attempt(attempt, first, now);
    REQUIRE_FALSE(decision.dead_letter);
    CHECK(decision.delay == expected[attempt - 1]);
    CHECK(decision.retry_at == now + expected[attempt - 1]);
    now = decision.retry_at;
  }
  // 27 h 35 min 5 s after the first receipt: inside the default 36 h, but the schedule is
  // used up.
  CHECK(now - first == 27h + 35min + 5s);
  CHECK(policy.next_attempt(8, first, now).dead_letter);
}

TEST_CASE("retry_policy schedule: a configured schedule replaces the default") {
  RetryOptions options = without_jitter();
  options.schedule = {1s, 2s};
  RetryPolicy policy(options, 1);
  auto t0 = Clock::time_point{} + 1h;
  CHECK(policy.next_attempt(1, t0, t0).delay == 1s);
  CHECK(policy.next_attempt(2, t0, t0 + 1s).delay == 2s);
  CHECK(policy.next_attempt(3, t0, t0 + 3s).dead_letter);

  options.schedule.clear();
  RetryPolicy none(options, 1);
  CHECK(none.next_attempt(1, t0, t0).dead_letter);
}

TEST_CASE("retry_policy jitter: a fixed seed gives an exact, repeatable schedule") {
  // The C++ standard fixes mt19937_64's 10000th output for the default seed 5489:
  // 9981545732273789042. Its top 53 bits as a fraction are 0.54110067838..., so a 1000 s step
  // with 20 % jitter becomes 1000 s * (1 + 0.2 * (2 * 0.5411... - 1)) = 1016440 ms.
  RetryPolicy policy(RetryOptions{}, 5489);
  for (int i = 0; i < 9999; ++i) policy.jittered(1000s);
  CHECK(policy.jittered(1000s) == Millis(1016440));

  // Same seed, same schedule; another seed, another one.
  RetryPolicy a(RetryOptions{}, 42), b(RetryOptions{}, 42), c(RetryOptions{}, 43);
  auto t0 = Clock::time_point{} + 1h;
  bool all_same_as_c = true;
  for (unsigned attempt = 1; attempt <= 7; ++attempt) {
    auto da = a.next_attempt(attempt, t0, t0);
    auto db = b.next_attempt(attempt, t0, t0);
    auto dc = c.next_attempt(attempt, t0, t0);
    CHECK(da.delay == db.delay);
    all_same_as_c = all_same_as_c && da.delay == dc.delay;
  }
  CHECK_FALSE(all_same_as_c);
}

TEST_CASE("retry_policy jitter: every draw within +-20 %, spread over the whole range") {
  RetryPolicy policy(RetryOptions{}, 7);
  const Millis step = 100s;
  Millis lowest = step * 2, highest{0};
  double sum = 0;
  const int draws = 20'000;
  for (int i = 0; i < draws; ++i) {
    Millis d = policy.jittered(step);
    CHECK(d >= 80s);
    CHECK(d <= 120s);
    lowest = std::min(lowest, d);
    highest = std::max(highest, d);
    sum += static_cast<double>(d.count());
  }
  CHECK(lowest < 81s);
  CHECK(highest > 119s);
  CHECK(sum / draws == doctest::Approx(100'000.0).epsilon(0.01));

  // Jitter is clamped to [0, 1]: 5 behaves as 1 (never a negative wait).
  RetryOptions wild;
  wild.jitter = 5;
  RetryPolicy clamped(wild, 7);
  for (int i = 0; i < 1000; ++i) {
    Millis d = clamped.jittered(10s);
    CHECK(d >= 0s);
    CHECK(d <= 20s);
  }
}

TEST_CASE("retry_policy Retry-After: seconds and HTTP dates, past and absurdly far") {
  auto wall = wall_noon();
  CHECK(retry_after_delay("120", wall) == Millis(120s));
  CHECK(retry_after_delay(" 0 ", wall) == Millis(0));
  CHECK(retry_after_delay("Sun, 01 Mar 2026 12:01:30 GMT", wall) == Millis(90s));
  CHECK(retry_after_delay("Sunday, 01-Mar-26 12:00:10 GMT", wall) == Millis(10s));
  CHECK(retry_after_delay("Sun Mar  1 12:00:05 2026", wall) == Millis(5s));
  // In the past: no wait.
  CHECK(retry_after_delay("Sat, 28 Feb 2026 12:00:00 GMT", wall) == Millis(0));
  // Absurdly far: capped at one hour.
  CHECK(retry_after_delay("999999999999", wall) == Millis(1h));
  CHECK(retry_after_delay("Fri, 31 Dec 2100 23:59:59 GMT", wall) == Millis(1h));
  // Unreadable: ignored.
  CHECK(retry_after_delay("soon", wall) == std::nullopt);
  CHECK(retry_after_delay("-5", wall) == std::nullopt);
  CHECK(retry_after_delay("", wall) == std::nullopt);
}

TEST_CASE("retry_policy Retry-After: never earlier than asked, never shortens the schedule") {
  RetryPolicy policy(RetryOptions{}, 3);
  auto t0 = Clock::time_point{} + 1h;
  // 5 s step, the subscriber asks for 2 min: exactly 2 min, jitter does not go below it.
  for (int i = 0; i < 100; ++i) {
    CHECK(policy.next_attempt(1, t0, t0, Millis(120s)).delay == 120s);
  }
  // 30 min step, the subscriber asks for 10 s: the jittered schedule still applies.
  for (int i = 0; i < 100; ++i) {
    auto delay = policy.next_attempt(3, t0, t0, Millis(10s)).delay;
    CHECK(delay >= 24min);
    CHECK(delay <= 36min);
  }
  // The capped far Retry-After: an hour, not a century.
  auto far = retry_after_delay("999999999999", std::chrono::system_clock::now());
  auto decision = policy.next_attempt(1, t0, t0, far);
  CHECK_FALSE(decision.dead_letter);
  CHECK(decision.delay == 1h);
}

TEST_CASE("retry_policy dead letter: at the maximum age") {
  RetryOptions options = without_jitter();
  options.max_age = 35min + 5s;  // exactly the third retry's time
  RetryPolicy policy(options, 1);
  auto first = Clock::time_point{} + 10h;
  auto d1 = policy.next_attempt(1, first, first);
  REQUIRE_FALSE(d1.dead_letter);
  auto d2 = policy.next_attempt(2, first, d1.retry_at);
  REQUIRE_FALSE(d2.dead_letter);
  auto d3 = policy.next_attempt(3, first, d2.retry_at);
  REQUIRE_FALSE(d3.dead_letter);
  CHECK(d3.retry_at == first + options.max_age);                  // at the limit is still allowed
  CHECK(policy.next_attempt(4, first, d3.retry_at).dead_letter);  // +2 h is past it

  // One millisecond later than the limit is a dead letter.
  CHECK(policy.next_attempt(3, first, d2.retry_at + 1ms).dead_letter);
  // A Retry-After that reaches past the maximum age makes a dead letter too.
  CHECK(policy.next_attempt(1, first, first + 30min, Millis(10min)).dead_letter);
  CHECK_FALSE(policy.next_attempt(1, first, first + 30min, Millis(5min)).dead_letter);
}
