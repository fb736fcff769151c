// Wall-clock helpers. Tests that need fixed times call the pure formatters directly.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace weft {

// "YYYY-MM-DDTHH:MM:SSZ"
std::string format_rfc3339(std::chrono::system_clock::time_point t);
std::string now_rfc3339();
int64_t now_unix_seconds();

}  // namespace weft
