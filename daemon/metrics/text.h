// The Prometheus text exposition format (version 0.0.4): one # HELP and # TYPE line per
// family, then its samples (histograms as _bucket/_sum/_count). Label values are escaped (\\, \",
// \n). Families are written in the order they are started; each family's samples must be added
// before the next begins.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace weft::metrics {

using Label = std::pair<std::string_view, std::string_view>;

class Text {
 public:
  // type: "counter", "gauge" or "histogram". Counter names end in _total by convention.
  void family(std::string_view name, std::string_view type, std::string_view help);
  void sample(std::string_view name, std::initializer_list<Label> labels, double value);
  void sample(std::string_view name, std::span<const Label> labels, double value);
  void sample(std::string_view name, double value) {
    sample(name, std::span<const Label>{}, value);
  }
  // A histogram's samples (family type "histogram"): name_bucket{...,le="b"} for each upper
  // bound (cumulative) and +Inf, then name_sum and name_count. counts holds bounds.size() + 1
  // non-cumulative bucket counts, the last for values above every bound.
  void histogram(std::string_view name, std::span<const Label> labels,
                 std::span<const double> bounds, std::span<const uint64_t> counts, double sum);

  const std::string& str() const { return out_; }

 private:
  std::string out_;
};

// The Content-Type of the format.
inline constexpr std::string_view kContentType = "text/plain; version=0.0.4; charset=utf-8";

}  // namespace weft::metrics
