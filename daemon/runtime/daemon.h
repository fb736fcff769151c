// The weftd process: the io_context and its threads, the public listener, the stages, and
// the signals. SIGHUP reloads connections and subscribers; SIGTERM (or SIGINT) drains:
// not ready, stop accepting, finish in-flight requests, exit under server.drain_timeout.
// A second SIGTERM exits at once.
#pragma once

#include <string>

#include "daemon/config/config.h"

namespace weft {

// Runs until drained; returns the process exit code.
int run_daemon(const std::string& config_path, config::Snapshot initial);

}  // namespace weft
