// Retry classification and backoff; see retry.h.
#include "daemon/vendor_api/retry.h"

#include <algorithm>

namespace weft::vendor_api {

StatusClass classify_status(int status) {
  if (status >= 200 && status < 300) return StatusClass::success;
  if (status == 408 || status == 429 || status >= 500) return StatusClass::retry;
  return StatusClass::final;
}

std::chrono::milliseconds backoff_delay(unsigned next_attempt, std::minstd_rand& random) {
  unsigned doublings = std::min(next_attempt < 2 ? 0u : next_attempt - 2, 16u);
  std::chrono::milliseconds full =
      std::min<std::chrono::milliseconds>(kBackoffCap, kBackoffBase * (int64_t{1} << doublings));
  std::uniform_int_distribution<int64_t> pick(full.count() / 2, full.count());
  return std::chrono::milliseconds(pick(random));
}

}  // namespace weft::vendor_api
