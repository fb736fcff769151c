// Small helpers shared by the outbox's source files (outbox*.cpp); not for other users.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "daemon/deliver/circuit_breaker.h"
#include "daemon/log/log.h"

namespace weft::deliver::detail {

inline int64_t unix_ms_now() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// One log line per breaker transition: subscriber id, states, counts.
inline void log_breaker(const std::string& subscriber, const std::optional<BreakerTransition>& t) {
  if (!t) return;
  log::write(t->to == BreakerState::closed ? log::Level::info : log::Level::warn, "deliver",
             "circuit breaker",
             {{"subscriber", subscriber},
              {"from", std::string(to_string(t->from))},
              {"to", std::string(to_string(t->to))},
              {"consecutive_failures", std::to_string(t->consecutive_failures)},
              {"cool_down_ms", std::to_string(t->cool_down.count())}});
}

}  // namespace weft::deliver::detail
