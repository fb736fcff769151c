// Which vendor API failures are worth another attempt, and how long to wait before it:
// exponential backoff with jitter. Pure.
#pragma once

#include <chrono>
#include <random>

namespace weft::vendor_api {

// What to do with an HTTP status from the API.
enum class StatusClass {
  success,  // 2xx
  retry,    // 408, 429, 5xx: may pass
  final,    // other 3xx/4xx: asking again will not help
};
StatusClass classify_status(int status);

// The wait before attempt `next_attempt` (2 for the first retry): base * 2^(next_attempt - 2),
// capped, then a uniform pick in [half, all] of it so that clients that failed together do
// not retry together.
std::chrono::milliseconds backoff_delay(unsigned next_attempt, std::minstd_rand& random);

inline constexpr std::chrono::milliseconds kBackoffBase{200};
inline constexpr std::chrono::milliseconds kBackoffCap{10'000};

}  // namespace weft::vendor_api
