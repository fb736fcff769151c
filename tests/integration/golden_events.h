// Comparing what the real weftd delivered with the golden files of the provider tests: the
// same fixture must give the same events live as offline.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "integration/sink.h"

namespace weft::it {

// An event without what differs between an offline run and a live one (received_at, and
// occurred_at where it falls back to it; source.signature_verified), serialized.
std::string comparable(std::string_view event_json);
// The golden events of tests/fixtures/<vendor>/<name>.expected.jsonl, by event id.
std::map<std::string, std::string> golden_events(const std::string& vendor,
                                                 const std::string& name);
// What a sink received, by webhook-id, comparable with golden_events.
std::map<std::string, std::string> delivered_events(const Sink& sink);
// The raw body of a fixture.
std::string fixture_body(const std::string& vendor, const std::string& name);
// The canned API response the fixtures hold for a path and query; nullopt when none.
std::optional<std::string> canned(const std::string& vendor, const std::string& target);

}  // namespace weft::it
