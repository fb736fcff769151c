// Reading weftd's /metrics (the admin listener) in integration tests.
#pragma once

#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "integration/common.h"
#include "integration/harness.h"

namespace weft::it {

// GET /metrics on the admin listener: the Prometheus text, or "" when it did not answer 200.
inline std::string metrics_text(Weftd& weftd) {
  HttpClient admin(weftd.admin_port());
  Response res = admin.request("GET", "/metrics", {}, {admin_auth()});
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

// The sum of the samples of one family (lines "name{...} value") whose labels contain
// `labels_part` (e.g. "connection=\"acme\""; "" for all); 0 when none.
inline double metric_sum(const std::string& text, const std::string& name,
                         const std::string& labels_part = "") {
  std::istringstream lines(text);
  double sum = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(name + "{", 0) != 0) continue;
    const std::size_t close = line.find("} ");
    if (close == std::string::npos) continue;
    if (line.substr(name.size(), close - name.size()).find(labels_part) == std::string::npos)
      continue;
    sum += std::stod(line.substr(close + 2));
  }
  return sum;
}

}  // namespace weft::it
