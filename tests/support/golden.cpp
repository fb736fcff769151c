#include "support/golden.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "daemon/cli/canned_api.h"
#include "support/schema.h"

namespace weft::test {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string fixture_dir(const std::string& vendor) {
  return std::string(WEFT_SOURCE_DIR) + "/tests/fixtures/" + vendor;
}

std::vector<std::string> fixture_names(const std::string& vendor) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(fixture_dir(vendor))) {
    auto file = entry.path().filename().string();
    const std::string ext = ".json";
    if (file.size() > ext.size() && file.ends_with(ext) && !file.ends_with(".expected.json")) {
      names.push_back(file.substr(0, file.size() - ext.size()));
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

Headers fixture_headers(const std::string& vendor, const std::string& name) {
  Headers headers;
  std::istringstream in(read_file(fixture_dir(vendor) + "/" + name + ".headers"));
  std::string line;
  while (std::getline(in, line)) {
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    auto value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    headers.add(line.substr(0, colon), value);
  }
  return headers;
}

ConnectionInfo fixture_connection(const std::string& vendor) {
  return ConnectionInfo{"acme-" + vendor, "acme", vendor, "production", {"test-secret"}};
}

FetchAnswer fixture_api(const std::string& vendor) {
  return cli::answer_from_dir(fixture_dir(vendor) + "/api");
}

OfflineResult normalize_fixture(const std::string& vendor, const std::string& name) {
  const Provider* provider = find_provider(vendor);
  REQUIRE(provider != nullptr);
  auto dir = fixture_dir(vendor) + "/" + name;
  auto body = read_file(dir + ".json");
  std::string query;
  if (std::filesystem::exists(dir + ".query")) {
    query = read_file(dir + ".query");
    while (!query.empty() && (query.back() == '\n' || query.back() == '\r')) query.pop_back();
  }
  return normalize_offline(*provider, fixture_connection(vendor), fixture_headers(vendor, name),
                           body, kGoldenReceivedAt, query, fixture_api(vendor));
}

void check_golden(const std::string& vendor, const std::string& name) {
  CAPTURE(vendor);
  CAPTURE(name);
  auto result = normalize_fixture(vendor, name);
  REQUIRE_MESSAGE(result.error.empty(), result.error);
  std::string actual;
  for (const auto& ev : result.events) {
    CHECK_MESSAGE(schema_errors(ev.body).empty(), ev.type, ": ", schema_errors(ev.body));
    actual += ev.body + "\n";
  }
  auto golden_path = fixture_dir(vendor) + "/" + name + ".expected.jsonl";
  if (const char* update = std::getenv("WEFT_UPDATE_GOLDEN"); update && *update == '1') {
    std::ofstream(golden_path, std::ios::binary) << actual;
    return;
  }
  REQUIRE_MESSAGE(std::filesystem::exists(golden_path), "no golden file ", golden_path);
  CHECK(actual == read_file(golden_path));
}

}  // namespace weft::test
