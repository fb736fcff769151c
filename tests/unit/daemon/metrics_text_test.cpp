// The Prometheus text format writer: HELP/TYPE lines, label escaping, number formatting.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "daemon/metrics/text.h"

using weft::metrics::Text;

TEST_CASE("metrics text writes families, labels and values in the exposition format") {
  Text text;
  text.family("weft_deliveries_total", "counter", "Events accepted.\nSecond line \\ done.");
  text.sample("weft_deliveries_total", {{"subscriber", "crm"}}, 42);
  text.sample("weft_deliveries_total", {{"subscriber", "a\"b\\c\nd"}, {"type", "x"}}, 1.5);
  text.family("weft_spool_records", "gauge", "Records.");
  text.sample("weft_spool_records", 0);
  text.sample("weft_spool_records", std::numeric_limits<double>::infinity());
  text.sample("weft_spool_records", std::nan(""));
  CHECK(text.str() ==
        "# HELP weft_deliveries_total Events accepted.\\nSecond line \\\\ done.\n"
        "# TYPE weft_deliveries_total counter\n"
        "weft_deliveries_total{subscriber=\"crm\"} 42\n"
        "weft_deliveries_total{subscriber=\"a\\\"b\\\\c\\nd\",type=\"x\"} 1.5\n"
        "# HELP weft_spool_records Records.\n"
        "# TYPE weft_spool_records gauge\n"
        "weft_spool_records 0\n"
        "weft_spool_records +Inf\n"
        "weft_spool_records NaN\n");
}

TEST_CASE("metrics text writes a histogram as cumulative buckets, +Inf, sum and count") {
  Text text;
  text.family("weft_delivery_latency_seconds", "histogram", "Latency.");
  const weft::metrics::Label labels[] = {{"subscriber", "crm"}};
  const double bounds[] = {0.005, 0.1, 2.5};
  const uint64_t counts[] = {3, 0, 2, 1};  // per bucket; the last is above 2.5
  text.histogram("weft_delivery_latency_seconds", labels, bounds, counts, 7.25);
  CHECK(text.str() ==
        "# HELP weft_delivery_latency_seconds Latency.\n"
        "# TYPE weft_delivery_latency_seconds histogram\n"
        "weft_delivery_latency_seconds_bucket{subscriber=\"crm\",le=\"0.005\"} 3\n"
        "weft_delivery_latency_seconds_bucket{subscriber=\"crm\",le=\"0.1\"} 3\n"
        "weft_delivery_latency_seconds_bucket{subscriber=\"crm\",le=\"2.5\"} 5\n"
        "weft_delivery_latency_seconds_bucket{subscriber=\"crm\",le=\"+Inf\"} 6\n"
        "weft_delivery_latency_seconds_sum{subscriber=\"crm\"} 7.25\n"
        "weft_delivery_latency_seconds_count{subscriber=\"crm\"} 6\n");
}

TEST_CASE("metrics text writes the shortest decimal that reads back as the same value") {
  Text text;
  text.sample("a", 0.005);
  text.sample("b", 0.1 + 0.2);  // not exactly 0.3: needs all 17 digits
  text.sample("c", 1234.5);
  CHECK(text.str() == "a 0.005\nb 0.30000000000000004\nc 1234.5\n");
}
