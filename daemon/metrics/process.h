// Process metrics: weft_build_info{version} (always 1) and the process start time.
#pragma once

#include <string_view>

#include "daemon/metrics/text.h"

namespace weft::metrics {

// The version weft_build_info reports; the same as `weftd --version` (daemon/main.cpp) and
// the project version in CMakeLists.txt.
inline constexpr std::string_view kBuildVersion = "0.1.0";

void add_process_metrics(Text& text);

}  // namespace weft::metrics
