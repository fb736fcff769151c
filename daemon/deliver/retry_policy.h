// What a delivery attempt's outcome means for the event (delivered, retry, final failure,
// subscriber gone) and when the next attempt is due: a schedule with jitter, never earlier
// than the subscriber's Retry-After, and a maximum age after which the event is a dead
// letter. Pure: time is passed in and randomness comes from a seeded generator.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <string_view>
#include <vector>

namespace weft::deliver {

using Millis = std::chrono::milliseconds;

// What one attempt to deliver one event to one subscriber ended with.
struct AttemptOutcome {
  enum class Kind { response, connection_error, timeout };
  Kind kind = Kind::response;
  int status = 0;                     // when kind == response
  std::optional<Millis> retry_after;  // from the response's Retry-After (retry_after_delay)
};

enum class Verdict {
  delivered,      // 2xx
  retry,          // connection error, timeout, 408, 429, 5xx
  final_failure,  // any other status (3xx, 4xx but 408/429/410, 1xx): asking again won't help
  gone,           // 410: the subscriber's endpoint is gone; disable the subscriber
};
Verdict classify(const AttemptOutcome& outcome);
std::string_view to_string(Verdict verdict);

// Retry-After: delta-seconds or an HTTP date, read against the wall clock now. A date in
// the past is a zero wait; values are capped at vendor_api::kMaxVendorHold (1 h) so a garbled
// header cannot park a subscriber's events for days. nullopt when unreadable.
std::optional<Millis> retry_after_delay(std::string_view header,
                                        std::chrono::system_clock::time_point wall_now);

// The subscriber's retry settings (config: subscribers[].retry).
struct RetryOptions {
  // The wait before each retry: schedule[0] after the first failed attempt, and so on. When
  // the schedule is used up, the event is a dead letter.
  std::vector<Millis> schedule = default_schedule();
  // No attempt later than this after the event was first received: beyond it, dead letter.
  // Default: covers the whole default schedule (about 27.6 h, 33 h with full jitter) and
  // stays well inside the spool's default 72 h retention.
  Millis max_age = std::chrono::hours(36);
  // Each wait is scaled by a uniform factor in [1 - jitter, 1 + jitter].
  double jitter = 0.2;

  static std::vector<Millis> default_schedule();
};

// When to try again, or that the event is a dead letter.
struct RetryDecision {
  bool dead_letter = false;
  std::chrono::steady_clock::time_point retry_at{};  // when !dead_letter
  Millis delay{0};                                   // retry_at - now
};

class RetryPolicy {
 public:
  using Clock = std::chrono::steady_clock;

  // seed: fixed in tests for exact schedules; from std::random_device in the daemon. Not
  // thread-safe (it draws from its generator): one per subscriber queue, on its strand.
  RetryPolicy(RetryOptions options, uint64_t seed);

  // After `failed_attempts` attempts (0 counts as 1) failed with a retryable outcome: the time of
  // the next one, max(jittered schedule[failed_attempts - 1], retry_after) from now, or a dead
  // letter when the schedule is used up or that time is past first_received + max_age.
  RetryDecision next_attempt(unsigned failed_attempts, Clock::time_point first_received,
                             Clock::time_point now,
                             std::optional<Millis> retry_after = std::nullopt);

  // step scaled by a factor drawn uniformly from [1 - jitter, 1 + jitter] (one draw).
  Millis jittered(Millis step);

  const RetryOptions& options() const { return options_; }

 private:
  RetryOptions options_;
  std::mt19937_64 random_;
};

}  // namespace weft::deliver
