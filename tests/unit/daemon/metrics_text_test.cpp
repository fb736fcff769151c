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
