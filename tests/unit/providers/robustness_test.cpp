// Every registered vendor against payloads of unexpected shapes: each value of one
// representative fixture (the vendor's largest) replaced in turn by null, a number, an array,
// an object and a string. Verification aside, normalize must not crash, and must reject the
// delivery with a one-line reason or emit events that pass the schema. The sandbox too: its
// payloads come from its own generator, but it is reachable over HTTP like any vendor.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "providers/core/offline.h"
#include "providers/core/provider.h"
#include "support/golden.h"
#include "support/provider_checks.h"

namespace weft {
namespace {

// The fixture of vendor with the longest body: the one with the most values to mutate.
std::string largest_fixture(const std::string& vendor) {
  std::string best;
  size_t best_size = 0;
  for (const auto& name : test::fixture_names(vendor)) {
    size_t size = test::fixture_body(vendor, name).size();
    if (size > best_size) {
      best = name;
      best_size = size;
    }
  }
  return best;
}

}  // namespace

TEST_CASE("providers: every vendor survives every value of a fixture mutated") {
  std::vector<std::string> names;
  for (auto name : provider_names()) names.emplace_back(name);
  for (const char* vendor : {"greenhouse", "ashby", "lever", "smartrecruiters", "pinpoint",
                             "workable", "teamtailor", "recruitee", "jazzhr", "breezy"}) {
    CAPTURE(vendor);
    CHECK(std::find(names.begin(), names.end(), vendor) != names.end());
  }
  for (const auto& vendor : names) {
    CAPTURE(vendor);
    const Provider* provider = find_provider(vendor);
    REQUIRE(provider != nullptr);
    std::string fixture = largest_fixture(vendor);
    REQUIRE_FALSE(fixture.empty());
    CAPTURE(fixture);
    // The unmutated fixture normalizes (the golden tests check its events).
    const auto connection = test::fixture_connection(vendor);
    const auto headers = test::fixture_headers(vendor, fixture);
    const auto query = test::fixture_query(vendor, fixture);
    const auto api = test::fixture_api(vendor);
    auto normalize = [&](std::string_view body) {
      return normalize_offline(*provider, connection, headers, body, test::kGoldenReceivedAt, query,
                               api);
    };
    REQUIRE(normalize(test::fixture_body(vendor, fixture)).error.empty());
    test::check_every_node_mutated(test::fixture_body(vendor, fixture), normalize);
  }
}

}  // namespace weft
