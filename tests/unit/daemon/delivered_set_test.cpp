#include <doctest/doctest.h>

#include "daemon/deliver/delivered_set.h"

using weft::deliver::DeliveredSet;

TEST_CASE("delivered set remembers (event, subscriber) pairs, not events alone") {
  DeliveredSet set(10);
  set.insert("evt_1", "a");
  CHECK(set.contains("evt_1", "a"));
  CHECK_FALSE(set.contains("evt_1", "b"));
  CHECK_FALSE(set.contains("evt_2", "a"));
  // The separator keeps ("evt_1a", "") and ("evt_1", "a") apart.
  CHECK_FALSE(set.contains("evt_1a", ""));
}

TEST_CASE("delivered set is bounded and forgets the oldest first") {
  DeliveredSet set(3);
  set.insert("e1", "s");
  set.insert("e2", "s");
  set.insert("e3", "s");
  set.insert("e2", "s");  // already there: no new slot
  CHECK(set.size() == 3);
  set.insert("e4", "s");
  CHECK(set.size() == 3);
  CHECK_FALSE(set.contains("e1", "s"));
  CHECK(set.contains("e2", "s"));
  CHECK(set.contains("e4", "s"));
}
