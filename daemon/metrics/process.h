// Process metrics: weft_build_info{version} (always 1) and the process start time.
#pragma once

#include <string_view>

#include "daemon/metrics/text.h"

namespace weft::metrics {

void add_process_metrics(Text& text);

}  // namespace weft::metrics
