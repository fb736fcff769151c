#include "integration/harness.h"

#include <cstdlib>
#include <sstream>

#include "providers/core/crypto.h"
#include "providers/core/json.h"

namespace weft::it {

std::string hex_hmac(std::string_view secret, std::string_view body) {
  return weft::to_hex(weft::hmac_sha256(secret, body));
}

std::vector<Header> greenhouse_headers(std::string_view body, std::string_view secret,
                                       std::string_view event_id) {
  return {{"Signature", "sha256 " + hex_hmac(secret, body)},
          {"Greenhouse-Event-ID", std::string(event_id)},
          {"User-Agent", "Greenhouse Harvest Webhook"}};
}

std::vector<Header> ashby_headers(std::string_view body, std::string_view secret) {
  return {{"Ashby-Signature", "sha256=" + hex_hmac(secret, body)}};
}

std::string standard_signature(std::string_view whsec_secret, std::string_view id,
                               std::string_view timestamp, std::string_view body) {
  std::string_view encoded = whsec_secret;
  if (encoded.starts_with("whsec_")) encoded.remove_prefix(6);
  auto key = weft::base64_decode(encoded);
  if (!key) return {};
  std::string message = std::string(id) + "." + std::string(timestamp) + "." + std::string(body);
  return "v1," + weft::base64_encode(weft::hmac_sha256(*key, message));
}

bool standard_signature_matches(std::string_view whsec_secret, std::string_view id,
                                std::string_view timestamp, std::string_view body,
                                std::string_view signature_header) {
  const std::string expected = standard_signature(whsec_secret, id, timestamp, body);
  if (expected.empty()) return false;
  std::istringstream list{std::string(signature_header)};
  std::string one;
  while (list >> one) {
    if (one == expected) return true;
  }
  return false;
}

std::optional<std::string> error_reason(std::string_view body) {
  json::Document doc;
  if (!json::parse(body, doc).empty() || !doc.IsObject()) return std::nullopt;
  const auto* error = json::find(doc, "error");
  if (!error || !error->IsString()) return std::nullopt;
  return std::string(error->GetString(), error->GetStringLength());
}

namespace {

std::string yaml_quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string flow_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    out += yaml_quoted(items[i]);
  }
  return out + "]";
}

}  // namespace

std::string config_yaml(const ServerSpec& server, const std::vector<ConnectionSpec>& connections,
                        const std::vector<SubscriberSpec>& subscribers) {
  std::ostringstream y;
  y << "server:\n"
    << "  listen: 127.0.0.1:0\n"
    << "  ack_budget: " << server.ack_budget << "\n"
    << "  drain_timeout: " << server.drain_timeout << "\n";
  if (!server.threads.empty()) y << "  threads: " << server.threads << "\n";
  if (!server.max_body.empty() || !server.limits.empty()) y << "  limits:\n";
  if (!server.max_body.empty()) y << "    max_body: " << server.max_body << "\n";
  for (const auto& line : server.limits) y << "    " << line << "\n";
  if (server.admin) {
    // weftd inherits the test process's environment.
    ::setenv("WEFT_TEST_ADMIN_TOKEN", kTestAdminToken, 1);
    y << "admin:\n  listen: 127.0.0.1:0\n  token: ${env:WEFT_TEST_ADMIN_TOKEN}\n";
  }
  if (!server.spool_path.empty()) {
    y << "spool:\n"
      << "  path: " << server.spool_path << "\n"
      << "  key: ${env:WEFT_TEST_SPOOL_KEY}\n";
    if (!server.spool_retention.empty()) y << "  retention: " << server.spool_retention << "\n";
    if (!server.spool_max_size.empty()) y << "  max_size: " << server.spool_max_size << "\n";
  }
  // The SSRF guard refuses loopback by default; every test endpoint is on loopback.
  y << "network:\n  allow_private: [\"127.0.0.0/8\", \"::1/128\"]\n";
  y << "connections:\n";
  for (const auto& c : connections) {
    y << "  - id: " << c.id << "\n"
      << "    tenant: " << c.tenant << "\n"
      << "    provider: " << c.provider << "\n"
      << "    environment: " << c.environment << "\n"
      << "    secrets: " << flow_list(c.secrets) << "\n";
    if (!c.sandbox_interval.empty()) y << "    sandbox: {interval: " << c.sandbox_interval << "}\n";
    if (!c.api.empty()) y << "    api: " << c.api << "\n";
    for (const auto& line : c.extra) y << "    " << line << "\n";
  }
  y << (subscribers.empty() ? "subscribers: []\n" : "subscribers:\n");
  for (const auto& s : subscribers) {
    y << "  - id: " << s.id << "\n"
      << "    url: " << s.url << "\n"
      << "    secrets: " << flow_list(s.secrets) << "\n"
      << "    events: " << flow_list(s.events) << "\n";
    if (!s.connections.empty()) y << "    connections: " << flow_list(s.connections) << "\n";
    y << "    timeout: " << s.timeout << "\n";
    for (const auto& line : s.extra) y << "    " << line << "\n";
  }
  return y.str();
}

}  // namespace weft::it
