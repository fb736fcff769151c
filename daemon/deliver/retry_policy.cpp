// Delivery outcome classes and the retry schedule; see retry_policy.h.
#include "daemon/deliver/retry_policy.h"

#include <algorithm>
#include <cmath>

#include "daemon/vendor_api/rate_signals.h"
#include "daemon/vendor_api/retry.h"

namespace weft::deliver {

Verdict classify(const AttemptOutcome& outcome) {
  if (outcome.kind != AttemptOutcome::Kind::response) return Verdict::retry;
  if (outcome.status == 410) return Verdict::gone;
  switch (vendor_api::classify_status(outcome.status)) {
    case vendor_api::StatusClass::success:
      return Verdict::delivered;
    case vendor_api::StatusClass::retry:
      return Verdict::retry;
    case vendor_api::StatusClass::final:
      break;
  }
  return Verdict::final_failure;
}

std::string_view to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::delivered:
      return "delivered";
    case Verdict::retry:
      return "retry";
    case Verdict::final_failure:
      return "final_failure";
    case Verdict::gone:
      return "gone";
  }
  return "unknown";
}

std::optional<Millis> retry_after_delay(std::string_view header,
                                        std::chrono::system_clock::time_point wall_now) {
  return vendor_api::parse_retry_after(header, wall_now);
}

std::vector<Millis> RetryOptions::default_schedule() {
  using namespace std::chrono;
  return {seconds(5), minutes(5), minutes(30), hours(2), hours(5), hours(10), hours(10)};
}

RetryPolicy::RetryPolicy(RetryOptions options, uint64_t seed)
    : options_(std::move(options)), random_(seed) {
  options_.jitter = std::isfinite(options_.jitter) ? std::clamp(options_.jitter, 0.0, 1.0) : 0.0;
}

Millis RetryPolicy::jittered(Millis step) {
  // 53 random bits -> a uniform fraction in [0, 1), the same on every standard library
  // (std::uniform_real_distribution's algorithm is left to the implementation).
  double unit = static_cast<double>(random_() >> 11) * 0x1.0p-53;
  double factor = 1.0 + options_.jitter * (2.0 * unit - 1.0);
  return Millis(std::llround(static_cast<double>(step.count()) * factor));
}

RetryDecision RetryPolicy::next_attempt(unsigned failed_attempts, Clock::time_point first_received,
                                        Clock::time_point now, std::optional<Millis> retry_after) {
  RetryDecision decision;
  std::size_t index = failed_attempts == 0 ? 0 : failed_attempts - 1;
  if (index >= options_.schedule.size()) {
    decision.dead_letter = true;
    return decision;
  }
  Millis delay = jittered(options_.schedule[index]);
  if (retry_after) delay = std::max(delay, *retry_after);
  delay = std::max(delay, Millis(0));
  auto at = now + delay;
  if (at > first_received + options_.max_age) {
    decision.dead_letter = true;
    return decision;
  }
  decision.retry_at = at;
  decision.delay = delay;
  return decision;
}

}  // namespace weft::deliver
