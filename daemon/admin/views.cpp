// The admin API's JSON bodies, written with RapidJSON's writer (views.h).
#include "daemon/admin/views.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <map>

#include "daemon/deliver/circuit_breaker.h"
#include "daemon/route/route.h"
#include "providers/core/timestamps.h"

namespace weft::admin {

namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void key(Writer& w, std::string_view k) {
  w.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()));
}
void put(Writer& w, std::string_view k, std::string_view v) {
  key(w, k);
  w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
}
void put(Writer& w, std::string_view k, uint64_t v) {
  key(w, k);
  w.Uint64(v);
}
void put_bool(Writer& w, std::string_view k, bool v) {
  key(w, k);
  w.Bool(v);
}
// A time, or null when 0 (never).
void put_time(Writer& w, std::string_view k, int64_t unix_ms) {
  key(w, k);
  if (unix_ms <= 0) {
    w.Null();
  } else {
    std::string t = timestamp_ms(unix_ms);
    w.String(t.data(), static_cast<rapidjson::SizeType>(t.size()));
  }
}
void put_list(Writer& w, std::string_view k, const std::vector<std::string>& values) {
  key(w, k);
  w.StartArray();
  for (const auto& v : values) w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
  w.EndArray();
}
void put_cursor(Writer& w, const std::string& cursor) {
  key(w, "next_cursor");
  if (cursor.empty()) {
    w.Null();
  } else {
    w.String(cursor.data(), static_cast<rapidjson::SizeType>(cursor.size()));
  }
}
std::string text(const rapidjson::StringBuffer& buf) {
  return std::string(buf.GetString(), buf.GetSize());
}

// One word for a subscriber's state: what an operator looks at first.
std::string health(const deliver::OutboxStats& s, bool configured) {
  if (!configured) return "parked";
  if (s.disabled) return "disabled";
  if (s.paused) return "paused";
  if (s.breaker == deliver::BreakerState::open) return "breaker_open";
  if (s.breaker == deliver::BreakerState::half_open) return "recovering";
  if (s.last_failure_ms > s.last_success_ms) return "failing";
  return "ok";
}

void subscriber_object(Writer& w, const std::string& id, const config::Subscriber* sub,
                       const deliver::OutboxStats& s) {
  w.StartObject();
  put(w, "id", id);
  put_bool(w, "configured", sub != nullptr);
  key(w, "url");
  if (sub) {
    w.String(sub->url.data(), static_cast<rapidjson::SizeType>(sub->url.size()));
  } else {
    w.Null();
  }
  put_list(w, "events", sub ? sub->events : std::vector<std::string>{});
  key(w, "connections");  // null: every connection
  if (sub && !sub->connections.empty()) {
    w.StartArray();
    for (const auto& c : sub->connections) w.String(c.data(), c.size());
    w.EndArray();
  } else {
    w.Null();
  }
  put(w, "health", health(s, sub != nullptr));
  put(w, "breaker", deliver::to_string(s.breaker));
  put_bool(w, "disabled", s.disabled);
  put_bool(w, "paused", s.paused);
  put(w, "queued", s.queued);
  put(w, "in_flight", s.in_flight);
  put(w, "attempts", s.attempts);
  put(w, "delivered", s.delivered);
  put(w, "retries", s.retries);
  put(w, "dead_letters", s.dead_letters);
  put_time(w, "last_success_at", s.last_success_ms);
  put_time(w, "last_failure_at", s.last_failure_ms);
  key(w, "last_failure");
  if (s.last_failure_ms > 0) {
    w.String(s.last_failure.data(), static_cast<rapidjson::SizeType>(s.last_failure.size()));
  } else {
    w.Null();
  }
  w.EndObject();
}

}  // namespace

std::string timestamp_ms(int64_t unix_ms) {
  std::string t = format_timestamp(unix_ms / 1000);  // "...:03Z"
  std::string ms = std::to_string(1000 + unix_ms % 1000).substr(1);
  if (!t.empty() && t.back() == 'Z') t.insert(t.size() - 1, "." + ms);
  return t;
}

std::string connections_json(const config::Config& config, const deliver::Dispatcher& dispatcher) {
  auto counts = dispatcher.connection_counts();
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  key(w, "connections");
  w.StartArray();
  for (const auto& c : config.connections) {
    const ConnectionInfo& info = c.info;
    w.StartObject();
    put(w, "id", info.id);
    put(w, "provider", info.provider);
    put(w, "tenant", info.tenant);
    put(w, "environment", info.environment);
    put_bool(w, "enrichment", c.api.has_value());
    auto found = counts.find(info.id);
    put(w, "events", found == counts.end() ? 0 : found->second.events);
    put_time(w, "last_event_at", found == counts.end() ? 0 : found->second.last_event_ms);
    std::vector<std::string> subscribers;
    for (const auto& s : config.subscribers) {
      if (s.connections.empty() ||
          std::find(s.connections.begin(), s.connections.end(), info.id) != s.connections.end())
        subscribers.push_back(s.id);
    }
    put_list(w, "subscribers", subscribers);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return text(buf);
}

std::string subscribers_json(const config::Config& config, const deliver::Dispatcher& dispatcher) {
  std::map<std::string, deliver::OutboxStats> stats;
  for (auto& [id, s] : dispatcher.outbox_stats()) stats.emplace(id, std::move(s));
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  key(w, "subscribers");
  w.StartArray();
  for (const auto& sub : config.subscribers) {
    auto found = stats.find(sub.id);
    subscriber_object(w, sub.id, &sub,
                      found == stats.end() ? deliver::OutboxStats{} : found->second);
    if (found != stats.end()) stats.erase(found);
  }
  // Queues of subscribers no longer configured (parked until they return or expire).
  for (const auto& [id, s] : stats) subscriber_object(w, id, nullptr, s);
  w.EndArray();
  w.EndObject();
  return text(buf);
}

std::string deliveries_json(const Page<deliver::AttemptRecord>& page) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  key(w, "deliveries");
  w.StartArray();
  for (const auto& a : page.items) {
    w.StartObject();
    put_time(w, "at", a.at_ms);
    put(w, "event_id", a.event_id);
    put(w, "type", a.type);
    put(w, "subscriber", a.subscriber);
    put(w, "attempt", a.attempt);
    key(w, "status");
    if (a.status > 0) {
      w.Int(a.status);
    } else {
      w.Null();
    }
    key(w, "latency_ms");
    w.Double(a.latency_ms);
    put(w, "verdict", a.verdict);
    key(w, "error");
    if (a.error.empty()) {
      w.Null();
    } else {
      w.String(a.error.data(), static_cast<rapidjson::SizeType>(a.error.size()));
    }
    w.EndObject();
  }
  w.EndArray();
  put_cursor(w, page.next_cursor);
  w.EndObject();
  return text(buf);
}

std::string dead_letters_json(const Page<deliver::DeadLetterRecord>& page) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  key(w, "dead_letters");
  w.StartArray();
  for (const auto& d : page.items) {
    w.StartObject();
    put_time(w, "at", d.at_ms);
    put(w, "event_id", d.event_id);
    put(w, "type", d.type);
    put(w, "subscriber", d.subscriber);
    put(w, "reason", d.reason);
    put(w, "attempts", d.attempts);
    w.EndObject();
  }
  w.EndArray();
  put_cursor(w, page.next_cursor);
  w.EndObject();
  return text(buf);
}

std::string spool_json(const Page<HeldRow>& page, const deliver::Dispatcher& dispatcher) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  key(w, "spool");
  w.StartObject();
  put_bool(w, "enabled", dispatcher.spooling());
  const spool::Stats s = dispatcher.spool_stats();
  put(w, "records", s.records);
  put(w, "live_bytes", s.live_bytes);
  put(w, "disk_bytes", s.disk_bytes);
  put(w, "segments", s.segments);
  std::size_t queued = 0;
  for (const auto& [id, stats] : dispatcher.outbox_stats()) queued += stats.queued;
  put(w, "queued", queued);
  w.EndObject();
  key(w, "pairs");
  w.StartArray();
  for (const auto& row : page.items) {
    const deliver::HeldPair& p = row.pair;
    w.StartObject();
    put(w, "event_id", p.event_id);
    put(w, "type", p.type);
    put(w, "subject", p.subject);
    put(w, "subscriber", row.subscriber);
    put(w, "attempts", p.attempts);
    put(w, "store", p.store);
    put(w, "state", p.state);
    put_time(w, "received_at", p.received_ms);
    put_time(w, "next_attempt_at", p.next_attempt_ms);
    w.EndObject();
  }
  w.EndArray();
  put_cursor(w, page.next_cursor);
  w.EndObject();
  return text(buf);
}

}  // namespace weft::admin
