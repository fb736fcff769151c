// The one RFC 3339 parser and formatter the providers and the daemon's clock share.
#include <doctest/doctest.h>

#include "providers/core/timestamps.h"

using namespace weft;

TEST_CASE("timestamps: round trip through seconds since the epoch") {
  CHECK(format_timestamp(0) == "1970-01-01T00:00:00Z");
  CHECK(format_timestamp(-1) == "1969-12-31T23:59:59Z");
  CHECK(parse_timestamp("2026-04-02T09:15:00Z") == 1775121300);
  CHECK(format_timestamp(1775121300) == "2026-04-02T09:15:00Z");
  CHECK(parse_timestamp("2024-02-29T23:59:59.123Z") == 1709251199);
  CHECK(format_date(1709251199) == "2024-02-29");
  CHECK(format_date(-1) == "1969-12-31");
}

TEST_CASE("timestamps: vendor times become RFC 3339 UTC seconds") {
  CHECK(utc_timestamp("2013-03-22T00:00:00Z") == "2013-03-22T00:00:00Z");
  CHECK(utc_timestamp("2022-08-05T18:47:39Z") == "2022-08-05T18:47:39Z");
  CHECK(utc_timestamp("2022-08-05t18:47:39z") == "2022-08-05T18:47:39Z");
  // RFC 3339 (5.6, note) lets a space stand for the T.
  CHECK(utc_timestamp("2022-08-05 18:47:39Z") == "2022-08-05T18:47:39Z");
}

TEST_CASE("timestamps: the fraction is dropped, not rounded") {
  CHECK(utc_timestamp("2017-10-12T15:06:32.691Z") == "2017-10-12T15:06:32Z");
  CHECK(utc_timestamp("2022-08-05T18:47:39.999999999Z") == "2022-08-05T18:47:39Z");
  CHECK(utc_timestamp("2026-04-07T10:00:00.000+02:00") == "2026-04-07T08:00:00Z");
  CHECK_FALSE(utc_timestamp("2022-08-05T18:47:39.Z").has_value());
  CHECK_FALSE(utc_timestamp("2022-08-05T18:47:39,5Z").has_value());
}

TEST_CASE("timestamps: offsets are converted to UTC") {
  CHECK(utc_timestamp("2026-03-31T10:05:00+00:00") == "2026-03-31T10:05:00Z");
  CHECK(utc_timestamp("2026-03-31T10:05:00-00:00") == "2026-03-31T10:05:00Z");
  CHECK(utc_timestamp("2026-04-02T15:00:00+05:30") == "2026-04-02T09:30:00Z");
  CHECK(utc_timestamp("2026-04-02T15:00:00+0530") == "2026-04-02T09:30:00Z");
  CHECK(utc_timestamp("2026-04-02T01:15:00-08:00") == "2026-04-02T09:15:00Z");
  CHECK(parse_timestamp("2026-04-02T11:15:00+02:00") == 1775121300);
  // Across a day, a month and a year.
  CHECK(utc_timestamp("2026-03-31T23:30:00-05:00") == "2026-04-01T04:30:00Z");
  CHECK(utc_timestamp("2024-03-01T00:30:00+01:00") == "2024-02-29T23:30:00Z");
  CHECK(utc_timestamp("2025-12-31T23:30:00-01:00") == "2026-01-01T00:30:00Z");
  CHECK_FALSE(utc_timestamp("2026-04-02T15:00:00+24:00").has_value());
  CHECK_FALSE(utc_timestamp("2026-04-02T15:00:00+05:60").has_value());
  CHECK_FALSE(utc_timestamp("2026-04-02T15:00:00+5:30").has_value());
  CHECK_FALSE(utc_timestamp("2026-04-02T15:00:00+05:30:00").has_value());
}

TEST_CASE("timestamps: month lengths and leap years are checked") {
  CHECK(utc_timestamp("2024-02-29T00:00:00Z") == "2024-02-29T00:00:00Z");
  CHECK(utc_timestamp("2000-02-29T12:00:00Z") == "2000-02-29T12:00:00Z");
  CHECK_FALSE(utc_timestamp("2023-02-29T00:00:00Z").has_value());
  CHECK_FALSE(utc_timestamp("1900-02-29T00:00:00Z").has_value());
  CHECK_FALSE(utc_timestamp("2013-02-30T00:00:00Z").has_value());
  CHECK_FALSE(utc_timestamp("2026-04-31T00:00:00Z").has_value());
  CHECK_FALSE(utc_timestamp("2026-13-01T00:00:00Z").has_value());
  CHECK_FALSE(utc_timestamp("2026-00-10T00:00:00Z").has_value());
  CHECK_FALSE(utc_timestamp("2026-01-00T00:00:00Z").has_value());
  CHECK_FALSE(utc_timestamp("2013-03-22T25:00:00Z").has_value());
  CHECK_FALSE(utc_timestamp("2013-03-22T24:00:00Z").has_value());
  CHECK_FALSE(utc_timestamp("2013-03-22T10:60:00Z").has_value());
}

TEST_CASE("timestamps: a leap second counts as the minute's last second") {
  CHECK(utc_timestamp("2016-12-31T23:59:60Z") == "2016-12-31T23:59:59Z");
  CHECK(utc_timestamp("2016-12-31T23:59:60.5Z") == "2016-12-31T23:59:59Z");
  CHECK_FALSE(utc_timestamp("2016-12-31T23:59:61Z").has_value());
}

TEST_CASE("timestamps: garbage and zone-less times are refused") {
  CHECK_FALSE(utc_timestamp("").has_value());
  CHECK_FALSE(utc_timestamp("yesterday").has_value());
  CHECK_FALSE(utc_timestamp("2022-08-05").has_value());  // a date, not a time
  CHECK_FALSE(utc_timestamp("2022-08-05T18:47:39").has_value());
  CHECK_FALSE(utc_timestamp("2022-08-05 18:47:39").has_value());
  CHECK_FALSE(utc_timestamp("2013-03-22T10:00:00 UTC").has_value());
  CHECK_FALSE(utc_timestamp("2022-08-05T18:47:39Zjunk").has_value());
  CHECK_FALSE(utc_timestamp("2022-08-05X18:47:39Z").has_value());
  CHECK_FALSE(utc_timestamp("2022-8-05T18:47:39Z").has_value());
  CHECK_FALSE(utc_timestamp("2022/08/05T18:47:39Z").has_value());
  CHECK_FALSE(utc_timestamp("2022-08-05T18:47Z").has_value());
  CHECK_FALSE(utc_timestamp("+2022-08-05T18:47:39Z").has_value());
  CHECK_FALSE(utc_timestamp("2022-08-05T18:47:39Z\n").has_value());
}

TEST_CASE("timestamps: UTC results stay within four-digit years") {
  CHECK(utc_timestamp("0000-01-01T00:00:00Z") == "0000-01-01T00:00:00Z");
  CHECK(utc_timestamp("9999-12-31T23:59:59Z") == "9999-12-31T23:59:59Z");
  CHECK_FALSE(utc_timestamp("0000-01-01T00:30:00+01:00").has_value());
  CHECK_FALSE(utc_timestamp("9999-12-31T23:30:00-01:00").has_value());
}

TEST_CASE("timestamps: bare dates") {
  CHECK(parse_date("2024-02-29") == 1709164800);
  CHECK(format_date(*parse_date("2015-01-23")) == "2015-01-23");
  CHECK(parse_date("1970-01-01") == 0);
  CHECK_FALSE(parse_date("2023-02-29").has_value());
  CHECK_FALSE(parse_date("2024-02-29T00:00:00Z").has_value());
  CHECK_FALSE(parse_date("04/15/2013").has_value());
  CHECK_FALSE(parse_date("2024-2-29").has_value());
  CHECK_FALSE(parse_date("").has_value());
}
