// Reading weftd's /metrics (the admin listener) in integration tests.
#pragma once

#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "integration/common.h"

namespace weft::it {

// GET /metrics on the admin listener: the Prometheus text, or "" when it did not answer 200.
inline std::string metrics_text(Weftd& weftd) {
  HttpClient admin(weftd.admin_port());
  Response res = admin.get("/metrics");
  CHECK_MESSAGE(res.status == 200, res.status << " " << res.error);
  return res.status == 200 ? res.body : std::string();
}

// The value of one sample line ("name{labels} value"), or -1 when absent.
inline double metric_value(const std::string& text, const std::string& series) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(series + " ", 0) == 0) return std::stod(line.substr(series.size() + 1));
  }
  return -1;
}

}  // namespace weft::it
