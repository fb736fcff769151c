#include <algorithm>
#include <string>

#include "daemon/config/checks.h"
#include "daemon/config/fields.h"
#include "daemon/config/patterns.h"
#include "daemon/config/sections.h"

namespace weft::config {

namespace {

constexpr std::size_t kMaxSubscribers = 10'000;
constexpr std::size_t kMaxConnectionRefs = 10'000;

std::vector<std::string> read_connection_refs(const Value& value,
                                              const std::vector<Connection>& connections) {
  std::vector<std::string> refs;
  // An empty list would read as "none" to some and "all" to others: omit the key for all.
  for (const Value& item : read_list(value, 1, kMaxConnectionRefs, "connection ids")) {
    std::string id = read_text(item, "a connection id");
    bool known = std::any_of(connections.begin(), connections.end(),
                             [&](const Connection& c) { return c.info.id == id; });
    if (!known) item.fail(valid_id(id) ? "unknown connection '" + id + "'" : "unknown connection");
    refs.push_back(std::move(id));
  }
  return refs;
}

std::vector<std::string> read_patterns(const Value& value) {
  std::vector<std::string> patterns;
  for (const Value& item : read_list(value, 1, 64, "event type patterns")) {
    std::string pattern = read_text(item, "an event type pattern");
    if (!valid_pattern(pattern)) {
      item.fail(
          "must be \"*\", a prefix like \"ats.*\" or \"ats.application.*\", or a type like "
          "\"ats.application.hired\"");
    }
    patterns.push_back(std::move(pattern));
  }
  return patterns;
}

Subscriber read_subscriber(const Value& value, const std::vector<Connection>& connections,
                           SeenIds& ids) {
  Mapping map(value,
              {"id", "url", "secrets", "connections", "events", "timeout", "max_connections"});
  Subscriber subscriber;
  Value id = map.require("id");
  subscriber.id = read_id(id);
  ids.add(subscriber.id, id);
  Value url = map.require("url");
  subscriber.url = read_text(url, "an http:// or https:// URL");
  if (auto problem = url_problem(subscriber.url); !problem.empty()) url.fail(problem);
  subscriber.secrets = read_secrets(map.require("secrets"), valid_whsec,
                                    "must be whsec_ followed by base64 of 24..64 bytes");
  if (auto v = map.find("connections")) {
    subscriber.connections = read_connection_refs(*v, connections);
  }
  subscriber.events = read_patterns(map.require("events"));
  if (auto v = map.find("timeout")) {
    subscriber.timeout =
        read_duration(*v, std::chrono::milliseconds(100), std::chrono::seconds(60));
  }
  if (auto v = map.find("max_connections")) {
    subscriber.max_connections = static_cast<unsigned>(read_integer(*v, 1, 256));
  }
  return subscriber;
}

}  // namespace

std::vector<Subscriber> read_subscribers(const Value& value,
                                         const std::vector<Connection>& connections) {
  std::vector<Subscriber> subscribers;
  SeenIds ids;
  for (const Value& item : read_list(value, 0, kMaxSubscribers, "subscribers")) {
    subscribers.push_back(read_subscriber(item, connections, ids));
  }
  return subscribers;
}

}  // namespace weft::config
