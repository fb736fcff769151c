// Helpers shared by the provider unit tests: fixture bodies, JSON lookups in emitted events,
// signatures, calls into a provider, and the mutation check (every value of a payload
// replaced in turn by another JSON type: rejected with a reason or schema-valid events).
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "providers/core/json.h"
#include "providers/core/offline.h"
#include "providers/core/provider.h"

namespace weft::test {

// tests/fixtures/<vendor>/<name>.json as it is.
std::string fixture_body(const std::string& vendor, const std::string& name);
// The webhook URL's query string of a fixture (<name>.query, line end trimmed); empty if none.
std::string fixture_query(const std::string& vendor, const std::string& name);

// The parsed document; the test fails when text is not JSON.
json::Document parsed(const std::string& text);
// The string (or number text) at path; "<absent>" when missing or of another type.
std::string text_at(const json::Value& v, std::initializer_list<std::string_view> path);
// True when path holds an explicit null.
bool null_at(const json::Value& v, std::initializer_list<std::string_view> path);
// As text_at, but "<absent>", "<null>", "true"/"false" and "<other>" tell the cases apart.
std::string value_at(const json::Value& v, std::initializer_list<std::string_view> path);
// The unified event types of a result, in order.
std::vector<std::string> types_of(const OfflineResult& result);
// text with the first occurrence of from replaced by to; the test fails when from is absent.
std::string replaced(std::string text, const std::string& from, const std::string& to);

// HMAC-SHA256 of message, hex (lower case) or base64.
std::string hex_hmac(std::string_view secret, std::string_view message);
std::string base64_hmac(std::string_view secret, std::string_view message);

// provider.verify / provider.normalize of one request (no query).
Verification verify_with(const Provider& provider, const Headers& headers, std::string_view body,
                         const ConnectionInfo& connection, int64_t now = 0);
Normalized normalize_with(const Provider& provider, const Headers& headers, std::string_view body,
                          const ConnectionInfo& connection);
// normalize_offline at the golden received_at, API reads answered from the vendor's fixtures.
OfflineResult offline_with_api(const Provider& provider, const ConnectionInfo& connection,
                               std::string_view body, const Headers& headers = {});

// Every value below the root of body, in turn, replaced by null, a number, an array, an
// object and a string: normalize rejects it with a one-line reason and no events, or its
// events pass the schema.
void check_every_node_mutated(const std::string& body,
                              const std::function<OfflineResult(std::string_view)>& normalize);

}  // namespace weft::test
