#include <string>

#include "daemon/config/checks.h"
#include "daemon/config/fields.h"
#include "daemon/config/sections.h"

namespace weft::config {

namespace {

constexpr std::size_t kMaxConnections = 10'000;

std::string known_providers() {
  std::string names;
  for (std::string_view name : provider_names()) {
    if (!names.empty()) names += ", ";
    names += name;
  }
  return names;
}

std::string read_provider(const Value& value) {
  std::string name = read_text(value, "a provider name");
  if (find_provider(name) == nullptr) {
    // Echo the name only when it looks like one: a value pasted in the wrong place could be
    // a secret.
    std::string shown = valid_id(name) ? " '" + name + "'" : "";
    value.fail("unknown provider" + shown + " (known: " + known_providers() + ")");
  }
  return name;
}

SandboxSettings read_sandbox(const Value& value) {
  Mapping map(value, {"interval", "seed"});
  SandboxSettings settings;
  if (auto v = map.find("interval")) {
    settings.interval = read_duration(*v, Duration{0}, std::chrono::hours(24));
  }
  if (auto v = map.find("seed")) settings.seed = read_integer(*v, 0, UINT64_MAX);
  return settings;
}

Connection read_connection(const Value& value, SeenIds& ids) {
  Mapping map(value, {"id", "tenant", "provider", "environment", "secrets", "replay_window", "api",
                      "sandbox", "rate_limit", "burst"});
  Connection connection;
  ConnectionInfo& info = connection.info;
  Value id = map.require("id");
  info.id = read_id(id);
  ids.add(info.id, id);
  info.tenant = read_id(map.require("tenant"));
  info.provider = read_provider(map.require("provider"));
  Value environment = map.require("environment");
  info.environment = read_text(environment, "production or sandbox");
  if (info.environment != "production" && info.environment != "sandbox") {
    environment.fail("must be production or sandbox");
  }
  info.secrets = read_secrets(map.require("secrets"));
  if (auto v = map.find("replay_window")) {
    auto window = read_duration(*v, std::chrono::seconds(1), std::chrono::hours(24));
    info.replay_window_seconds = std::chrono::duration_cast<std::chrono::seconds>(window).count();
  }
  if (auto v = map.find("api")) connection.api = read_api(*v);
  if (auto v = map.find("rate_limit")) connection.rate_per_second = read_rate_limit(*v);
  if (auto v = map.find("burst")) {
    if (connection.rate_per_second <= 0) v->fail_at_key("only allowed with rate_limit");
    connection.burst = static_cast<unsigned>(read_integer(*v, 1, 100'000));
  }
  // A thin-webhook vendor sends ids only: without its API there is nothing to deliver.
  if (!connection.api && find_provider(info.provider)->enrich != nullptr) {
    map.value().fail("provider " + info.provider +
                     " sends ids only: api (base_url and auth) is required to fetch the records");
  }
  if (auto v = map.find("sandbox")) {
    if (info.provider != "sandbox") v->fail_at_key("only allowed when provider is sandbox");
    connection.sandbox = read_sandbox(*v);
  }
  return connection;
}

}  // namespace

std::vector<Connection> read_connections(const Value& value) {
  std::vector<Connection> connections;
  SeenIds ids;
  for (const Value& item : read_list(value, 0, kMaxConnections, "connections")) {
    connections.push_back(read_connection(item, ids));
  }
  return connections;
}

}  // namespace weft::config
