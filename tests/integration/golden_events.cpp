#include "integration/golden_events.h"

#include <doctest/doctest.h>

#include <sstream>

#include "providers/core/json.h"
#include "support/golden.h"

namespace weft::it {

std::string comparable(std::string_view event_json) {
  json::Document doc;
  REQUIRE(json::parse(event_json, doc).empty());
  // A vendor that gives no time of its own: occurred_at falls back to received_at.
  auto occurred = json::text(doc, "occurred_at");
  if (occurred && occurred == json::text(doc, "received_at")) {
    json::set(doc, "occurred_at", json::string("(received_at)", doc.GetAllocator()),
              doc.GetAllocator());
  }
  doc.RemoveMember("received_at");
  if (auto* source = const_cast<json::Value*>(json::find(doc, "source"))) {
    source->RemoveMember("signature_verified");
  }
  return json::serialize(doc);
}

std::map<std::string, std::string> golden_events(const std::string& vendor,
                                                 const std::string& name) {
  std::map<std::string, std::string> events;
  std::istringstream in(
      test::read_file(test::fixture_dir(vendor) + "/" + name + ".expected.jsonl"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    json::Document doc;
    REQUIRE(json::parse(line, doc).empty());
    events[json::text(doc, "id").value()] = comparable(line);
  }
  return events;
}

std::map<std::string, std::string> delivered_events(const Sink& sink) {
  std::map<std::string, std::string> events;
  for (const auto& r : sink.requests()) events[r.header("webhook-id")] = comparable(r.body);
  return events;
}

std::string fixture_body(const std::string& vendor, const std::string& name) {
  return test::read_file(test::fixture_dir(vendor) + "/" + name + ".json");
}

std::optional<std::string> canned(const std::string& vendor, const std::string& target) {
  Fetch fetch;
  fetch.target = target;
  auto answer = test::fixture_api(vendor)(fetch);
  return answer ? std::optional(answer->body) : std::nullopt;
}

}  // namespace weft::it
