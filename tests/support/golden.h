// Golden-file tests for providers: tests/fixtures/<vendor>/<name>.json is a vendor payload
// (with optional <name>.headers, one "Name: value" per line); <name>.expected.jsonl holds the
// unified events it must yield, one JSON line each. WEFT_UPDATE_GOLDEN=1 rewrites them
// (review the diff before committing). An optional <name>.query holds the webhook URL's query
// string. Thin webhooks' API reads are answered from tests/fixtures/<vendor>/api/<file>.json,
// <file> named by canned_response_file() (providers/core/offline.h); a missing file fails the
// read (an optional one: 404).
#pragma once

#include <string>
#include <vector>

#include "providers/core/offline.h"

namespace weft::test {

inline constexpr const char* kGoldenReceivedAt = "2026-04-02T09:15:03Z";

std::string read_file(const std::string& path);
std::string fixture_dir(const std::string& vendor);
// Fixture names (without .json) of one vendor, sorted.
std::vector<std::string> fixture_names(const std::string& vendor);
Headers fixture_headers(const std::string& vendor, const std::string& name);
// The connection the golden files were made with: id "acme-<vendor>", tenant "acme".
ConnectionInfo fixture_connection(const std::string& vendor);

// Answers fetches from tests/fixtures/<vendor>/api/.
FetchAnswer fixture_api(const std::string& vendor);

OfflineResult normalize_fixture(const std::string& vendor, const std::string& name);

// Checks one fixture against its golden file, and every event against schema/.
void check_golden(const std::string& vendor, const std::string& name);

}  // namespace weft::test
