// `subscribers:`: the endpoints events are delivered to, what each receives, and how its
// deliveries are paced (max_in_flight, rate_limit, max_queue) and retried (retry), and which
// fields they may see (scope).
#include <algorithm>
#include <optional>
#include <string>

#include "daemon/config/checks.h"
#include "daemon/config/fields.h"
#include "daemon/config/patterns.h"
#include "daemon/config/sections.h"
#include "daemon/config/units.h"
#include "daemon/deliver/field_classes.h"
#include "daemon/deliver/signing.h"

namespace weft::config {

namespace {

constexpr std::size_t kMaxSubscribers = 10'000;
constexpr std::size_t kMaxConnectionRefs = 10'000;
constexpr Duration kMaxRetryStep = std::chrono::hours(7 * 24);
constexpr Duration kMaxRetryAge = std::chrono::hours(90 * 24);

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

bool plain_name(std::string_view text) {
  return !text.empty() && text.size() <= 64 && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// A custom field's key as the vendor spells it: printable, one line, no quote or backslash
// (it is matched as a JSON object key).
bool custom_key(std::string_view key) {
  return !key.empty() && key.size() <= 128 && std::all_of(key.begin(), key.end(), [](char c) {
    return static_cast<unsigned char>(c) >= 0x20 && c != '"' && c != '\\' && c != 0x7f;
  });
}

// A `deny` entry: "<entity>.<field>", a top-level field of that entity's data (schema/)
// other than the ids every record keeps, or "<entity>.custom_fields.<key>", one custom field.
void check_deny_path(const Value& item, const std::string& path) {
  auto dot = path.find('.');
  std::string_view entity = std::string_view(path).substr(0, dot);
  std::string_view field = dot == std::string::npos ? "" : std::string_view(path).substr(dot + 1);
  constexpr std::string_view kCustom = "custom_fields.";
  if (field.starts_with(kCustom)) {
    if (!custom_key(field.substr(kCustom.size()))) {
      item.fail("a custom field key must be 1..128 printable characters without quotes");
    }
    field = "custom_fields";
  }
  if (dot == std::string::npos || !plain_name(entity) || !plain_name(field)) {
    item.fail(
        "must be a field path like \"candidate.phone_numbers\" (<entity>.<field>) or "
        "\"offer.custom_fields.<key>\"");
  }
  if (!deliver::known_record_entity(entity)) {
    std::string known;
    for (auto name : deliver::record_entities())
      known += (known.empty() ? "" : ", ") + std::string(name);
    item.fail("unknown entity '" + std::string(entity) + "' (known: " + known + ")");
  }
  if (field == "id" || field == "remote_id") item.fail("id and remote_id cannot be withheld");
  if (!deliver::known_record_field(entity, field)) {
    item.fail("unknown field '" + std::string(field) + "' of " + std::string(entity) +
              " records (see schema/" + std::string(entity) + ".json)");
  }
}

// `scope: {sensitive: [groups], deny: [field paths]}`.
Scope read_scope(const Value& value) {
  Mapping map(value, {"sensitive", "deny"});
  Scope scope;
  if (auto v = map.find("sensitive")) {
    for (const Value& item : read_list(*v, 0, 16, "sensitive groups")) {
      std::string group = read_text(item, "a sensitive group");
      if (!deliver::known_sensitive_group(group)) {
        std::string shown = plain_name(group) ? " '" + group + "'" : "";
        item.fail("unknown sensitive group" + shown +
                  " (known: " + deliver::sensitive_groups_text() + ")");
      }
      if (std::find(scope.sensitive.begin(), scope.sensitive.end(), group) ==
          scope.sensitive.end()) {
        scope.sensitive.push_back(std::move(group));
      }
    }
  }
  if (auto v = map.find("deny")) {
    for (const Value& item : read_list(*v, 0, 256, "field paths")) {
      std::string path = read_text(item, "a field path like \"candidate.phone_numbers\"");
      check_deny_path(item, path);
      if (std::find(scope.deny.begin(), scope.deny.end(), path) == scope.deny.end()) {
        scope.deny.push_back(std::move(path));
      }
    }
  }
  return scope;
}

struct RetryBlock {
  Retry retry;
  std::optional<Value> max_age;  // where retry.max_age is written, when it is
};

RetryBlock read_retry(const Value& value) {
  Mapping map(value, {"schedule", "max_age", "jitter"});
  RetryBlock block;
  if (auto v = map.find("schedule")) {
    block.retry.schedule.clear();
    for (const Value& item : read_list(*v, 1, 20, "durations")) {
      block.retry.schedule.push_back(
          read_duration(item, std::chrono::milliseconds(100), kMaxRetryStep));
    }
  }
  if (auto v = map.find("max_age")) {
    block.retry.max_age = read_duration(*v, std::chrono::seconds(1), kMaxRetryAge);
    block.max_age = v;
  }
  if (auto v = map.find("jitter")) block.retry.jitter = read_number(*v, 0, 1);
  return block;
}

// A spooled record must stay readable for as long as it may still be retried.
void check_max_age(const Mapping& subscriber, const RetryBlock& block, const Spool& spool) {
  if (!spool.enabled || block.retry.max_age <= spool.retention) return;
  const std::string limit = "spool.retention (" + format_duration(spool.retention) + ")";
  if (block.max_age) block.max_age->fail("must not exceed " + limit);
  // Not written: the default is what does not fit. Point at the retry block or the entry.
  auto retry = subscriber.find("retry");
  const Value& where = retry ? *retry : subscriber.value();
  fail(where.file(), where.line(), join_path(subscriber.value().path(), "retry.max_age"),
       "the default " + format_duration(block.retry.max_age) + " must not exceed " + limit);
}

Subscriber read_subscriber(const Value& value, const std::vector<Connection>& connections,
                           const Spool& spool, SeenIds& ids) {
  Mapping map(value, {"id", "url", "secrets", "connections", "events", "timeout", "max_connections",
                      "max_in_flight", "rate_limit", "burst", "max_queue", "retry", "scope"});
  Subscriber subscriber;
  Value id = map.require("id");
  subscriber.id = read_id(id);
  ids.add(subscriber.id, id);
  Value url = map.require("url");
  subscriber.url = read_text(url, "an http:// or https:// URL");
  if (auto problem = url_problem(subscriber.url); !problem.empty()) url.fail(problem);
  // whsec_ (HMAC, "v1") and whsk_ (Ed25519, "v1a") mixed in any order, so that a subscriber
  // can rotate within and between the two schemes.
  subscriber.secrets = read_secrets(map.require("secrets"), deliver::signing_secret_problem);
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
  if (auto v = map.find("max_in_flight")) {
    subscriber.max_in_flight = static_cast<unsigned>(read_integer(*v, 1, 1024));
  }
  if (auto v = map.find("rate_limit")) subscriber.rate_per_second = read_rate_limit(*v);
  if (auto v = map.find("burst")) {
    // Without a rate there is no bucket for the burst to size.
    if (subscriber.rate_per_second == 0) v->fail_at_key("only allowed with rate_limit");
    subscriber.burst = static_cast<unsigned>(read_integer(*v, 1, 1000));
  }
  if (auto v = map.find("max_queue")) {
    subscriber.max_queue = static_cast<std::size_t>(read_integer(*v, 1, 10'000'000));
  }
  if (auto v = map.find("scope")) subscriber.scope = read_scope(*v);
  RetryBlock retry;
  if (auto v = map.find("retry")) retry = read_retry(*v);
  check_max_age(map, retry, spool);
  subscriber.retry = std::move(retry.retry);
  return subscriber;
}

}  // namespace

std::vector<Subscriber> read_subscribers(const Value& value,
                                         const std::vector<Connection>& connections,
                                         const Spool& spool) {
  std::vector<Subscriber> subscribers;
  SeenIds ids;
  for (const Value& item : read_list(value, 0, kMaxSubscribers, "subscribers")) {
    subscribers.push_back(read_subscriber(item, connections, spool, ids));
  }
  return subscribers;
}

}  // namespace weft::config
