#include "daemon/runtime/clock.h"

#include "providers/core/timestamps.h"

namespace weft {

std::string format_rfc3339(std::chrono::system_clock::time_point t) {
  return format_timestamp(std::chrono::floor<std::chrono::seconds>(t.time_since_epoch()).count());
}

std::string now_rfc3339() {
  return format_rfc3339(std::chrono::system_clock::now());
}

int64_t now_unix_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace weft
