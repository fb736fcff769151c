// Helpers shared by the provider unit tests (see provider_checks.h).
#include "support/provider_checks.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <utility>

#include "providers/core/crypto.h"
#include "support/golden.h"
#include "support/schema.h"

namespace weft::test {

namespace {

// Every value of the tree below root (root first), depth first, with its JSON pointer.
std::vector<std::pair<json::Value*, std::string>> nodes_of(json::Value& root) {
  std::vector<std::pair<json::Value*, std::string>> nodes;
  std::vector<std::pair<json::Value*, std::string>> stack{{&root, ""}};
  while (!stack.empty()) {
    auto [v, path] = stack.back();
    stack.pop_back();
    nodes.emplace_back(v, path);
    if (v->IsObject()) {
      for (auto& m : v->GetObject()) stack.emplace_back(&m.value, path + "/" + m.name.GetString());
    } else if (v->IsArray()) {
      size_t index = 0;
      for (auto& e : v->GetArray()) stack.emplace_back(&e, path + "/" + std::to_string(index++));
    }
  }
  return nodes;
}

}  // namespace

std::string fixture_body(const std::string& vendor, const std::string& name) {
  return read_file(fixture_dir(vendor) + "/" + name + ".json");
}

std::string fixture_query(const std::string& vendor, const std::string& name) {
  auto path = fixture_dir(vendor) + "/" + name + ".query";
  if (!std::filesystem::exists(path)) return {};
  std::string query = read_file(path);
  while (!query.empty() && (query.back() == '\n' || query.back() == '\r')) query.pop_back();
  return query;
}

json::Document parsed(const std::string& text) {
  json::Document doc;
  REQUIRE(json::parse(text, doc).empty());
  return doc;
}

std::string text_at(const json::Value& v, std::initializer_list<std::string_view> path) {
  return json::text(json::find_path(v, path)).value_or("<absent>");
}

bool null_at(const json::Value& v, std::initializer_list<std::string_view> path) {
  const auto* found = json::find_path(v, path);
  return found && found->IsNull();
}

std::string value_at(const json::Value& v, std::initializer_list<std::string_view> path) {
  const json::Value* found = json::find_path(v, path);
  if (!found) return "<absent>";
  if (found->IsNull()) return "<null>";
  if (found->IsBool()) return found->GetBool() ? "true" : "false";
  return json::text(found).value_or("<other>");
}

std::vector<std::string> types_of(const OfflineResult& result) {
  std::vector<std::string> types;
  for (const auto& ev : result.events) types.push_back(ev.type);
  return types;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  auto found = text.find(from);
  REQUIRE(found != std::string::npos);
  return text.replace(found, from.size(), to);
}

std::string hex_hmac(std::string_view secret, std::string_view message) {
  return to_hex(hmac_sha256(secret, message));
}

std::string base64_hmac(std::string_view secret, std::string_view message) {
  return base64_encode(hmac_sha256(secret, message));
}

Verification verify_with(const Provider& provider, const Headers& headers, std::string_view body,
                         const ConnectionInfo& connection, int64_t now) {
  VendorRequest request{headers, body, {}, now};
  return provider.verify(request, connection);
}

Normalized normalize_with(const Provider& provider, const Headers& headers, std::string_view body,
                          const ConnectionInfo& connection) {
  VendorRequest request{headers, body, {}};
  NormalizeContext ctx{connection, kGoldenReceivedAt};
  return provider.normalize(request, ctx);
}

OfflineResult offline_with_api(const Provider& provider, const ConnectionInfo& connection,
                               std::string_view body, const Headers& headers) {
  return normalize_offline(provider, connection, headers, body, kGoldenReceivedAt, {},
                           fixture_api(std::string(provider.name)));
}

void check_every_node_mutated(const std::string& body,
                              const std::function<OfflineResult(std::string_view)>& normalize) {
  json::Document original = parsed(body);
  size_t count = nodes_of(original).size();
  for (size_t i = 1; i < count; ++i) {
    for (int variant = 0; variant < 5; ++variant) {
      json::Document copy;
      copy.CopyFrom(original, copy.GetAllocator());
      auto [node_ptr, pointer] = nodes_of(copy)[i];
      json::Value& node = *node_ptr;
      if (variant == 0) node.SetNull();
      if (variant == 1) node.SetInt(7);
      if (variant == 2) node.SetArray();
      if (variant == 3) node.SetObject();
      if (variant == 4) node.SetString("x");
      auto result = normalize(json::serialize(copy));
      CAPTURE(pointer);
      CAPTURE(variant);
      if (!result.error.empty()) {
        CHECK(result.error.find('\n') == std::string::npos);
        CHECK(result.events.empty());
        continue;
      }
      for (const auto& ev : result.events) {
        auto errors = schema_errors(ev.body);
        CHECK_MESSAGE(errors.empty(), ev.type, ": ", errors);
      }
    }
  }
}

}  // namespace weft::test
