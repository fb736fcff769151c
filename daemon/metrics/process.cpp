// Process metrics (process.h). The start time is taken when the binary's statics are set up.
#include "daemon/metrics/process.h"

#include <chrono>

#include "version.h"

namespace weft::metrics {

namespace {

const double kStartSeconds =
    std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();

}  // namespace

void add_process_metrics(Text& text) {
  text.family("weft_build_info", "gauge", "Always 1; the version label names the weftd build.");
  text.sample("weft_build_info", {{"version", kVersion}}, 1);
  text.family("weft_process_start_time_seconds", "gauge",
              "Start time of the weftd process, in seconds since the Unix epoch.");
  text.sample("weft_process_start_time_seconds", kStartSeconds);
}

}  // namespace weft::metrics
