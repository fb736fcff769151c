// The admin API's routes (routes.h): path and method dispatch, paging, and the subscriber
// actions. Every answer is JSON; every error is {"error": reason} with ids only.
#include "daemon/admin/routes.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <charconv>

#include "daemon/admin/ping.h"
#include "daemon/admin/query.h"
#include "daemon/admin/views.h"
#include "daemon/deliver/outbox_detail.h"
#include "daemon/log/log.h"

namespace weft::admin {

namespace bhttp = boost::beast::http;

namespace {

constexpr std::string_view kPrefix = "/v1/admin/";

// A ring cursor: the decimal sequence number of the last record of the previous page.
std::optional<uint64_t> ring_cursor(const std::string& cursor) {
  if (cursor.empty()) return 0;
  uint64_t seq = 0;
  auto [end, ec] = std::from_chars(cursor.data(), cursor.data() + cursor.size(), seq);
  if (ec != std::errc() || end != cursor.data() + cursor.size() || seq == 0) return std::nullopt;
  return seq;
}

template <typename Record>
Page<Record> ring_page(const deliver::Ring<Record>& ring, uint64_t before, const Paging& paging) {
  Page<Record> page;
  bool more = false;
  std::function<bool(const Record&)> keep;
  if (!paging.subscriber.empty()) {
    keep = [&](const Record& r) { return r.subscriber == paging.subscriber; };
  }
  page.items = ring.page(before, paging.limit, keep, more);
  if (more && !page.items.empty()) page.next_cursor = std::to_string(page.items.back().seq);
  return page;
}

// A spool cursor: "<subscriber>:<queue position>" of the last pair of the previous page.
struct SpoolCursor {
  std::string subscriber;
  uint64_t order = 0;
};
std::optional<SpoolCursor> spool_cursor(const std::string& cursor) {
  if (cursor.empty()) return SpoolCursor{};
  std::size_t colon = cursor.rfind(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  SpoolCursor c{cursor.substr(0, colon), 0};
  const char* begin = cursor.data() + colon + 1;
  const char* last = cursor.data() + cursor.size();
  auto [end, ec] = std::from_chars(begin, last, c.order);
  if (ec != std::errc() || end != last || c.order == 0) return std::nullopt;
  return c;
}

bool subscriber_known(const Context& ctx, const config::Config& config, std::string_view id) {
  if (config.find_subscriber(id)) return true;
  for (const auto& outbox : ctx.dispatcher.outboxes()) {
    if (outbox->id() == id) return true;
  }
  return false;
}

http::Response list(const Context& ctx, std::string_view path, std::string_view query,
                    unsigned version) {
  const config::Snapshot config = ctx.config.current();
  if (path == "connections")
    return http::json_response(version, 200, connections_json(*config, ctx.dispatcher));
  if (path == "subscribers")
    return http::json_response(version, 200, subscribers_json(*config, ctx.dispatcher));

  Paging paging = read_paging(query);
  if (!paging.error.empty()) return http::error_response(version, 400, paging.error);
  if (!paging.subscriber.empty() && !subscriber_known(ctx, *config, paging.subscriber))
    return http::error_response(version, 404, "no such subscriber");

  if (path == "deliveries" || path == "dead-letters") {
    auto before = ring_cursor(paging.cursor);
    if (!before) return http::error_response(version, 400, "invalid cursor");
    const auto& history = ctx.dispatcher.history();
    if (path == "deliveries")
      return http::json_response(version, 200,
                                 deliveries_json(ring_page(history.attempts, *before, paging)));
    return http::json_response(version, 200,
                               dead_letters_json(ring_page(history.dead_letters, *before, paging)));
  }
  // spool: the pairs held, by subscriber id and then queue position.
  auto after = spool_cursor(paging.cursor);
  if (!after) return http::error_response(version, 400, "invalid cursor");
  auto outboxes = ctx.dispatcher.outboxes();
  std::sort(outboxes.begin(), outboxes.end(),
            [](const auto& a, const auto& b) { return a->id() < b->id(); });
  Page<HeldRow> page;
  bool more = false;
  for (const auto& outbox : outboxes) {
    if (more) break;
    if (!paging.subscriber.empty() && outbox->id() != paging.subscriber) continue;
    if (!after->subscriber.empty() && outbox->id() < after->subscriber) continue;
    for (auto& pair : outbox->held()) {
      if (outbox->id() == after->subscriber && pair.order <= after->order) continue;
      if (page.items.size() == paging.limit) {
        more = true;
        break;
      }
      page.items.push_back({outbox->id(), std::move(pair)});
    }
  }
  if (more) {
    const HeldRow& last = page.items.back();
    page.next_cursor = last.subscriber + ":" + std::to_string(last.pair.order);
  }
  return http::json_response(version, 200, spool_json(page, ctx.dispatcher));
}

std::string object_json(std::initializer_list<std::pair<std::string_view, std::string>> strings,
                        std::optional<std::pair<std::string_view, bool>> flag = std::nullopt) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  for (const auto& [k, v] : strings) {
    w.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()));
    w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
  }
  if (flag) {
    w.Key(flag->first.data(), static_cast<rapidjson::SizeType>(flag->first.size()));
    w.Bool(flag->second);
  }
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

// The event_id of a redeliver body: {"event_id": "evt_..."}.
std::optional<std::string> body_event_id(const std::string& body) {
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
  if (doc.HasParseError() || !doc.IsObject()) return std::nullopt;
  auto it = doc.FindMember("event_id");
  if (it == doc.MemberEnd() || !it->value.IsString() || it->value.GetStringLength() == 0 ||
      it->value.GetStringLength() > 128)
    return std::nullopt;
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

void ping(const Context& ctx, const config::Snapshot& config, const config::Subscriber& sub,
          unsigned version, http::Respond respond) {
  const config::Connection* connection = ping_connection(*config, sub);
  if (!connection)
    return respond(http::error_response(version, 409, "no connection to send a ping from"));
  UnifiedEvent event = make_ping(*connection, deliver::detail::unix_ms_now());
  const std::string event_id = event.id;
  const std::string subscriber = sub.id;
  log::info("admin", "ping", {{"event_id", event_id}, {"subscriber", subscriber}});
  const auto deadline = std::chrono::steady_clock::now() + config->server.ack_budget;
  ctx.dispatcher.send_to(config, sub.id, std::move(event), deadline,
                         [version, event_id, subscriber, respond](deliver::BatchOutcome outcome) {
                           std::string result = outcome.accepted  ? "accepted"
                                                : outcome.spooled ? "spooled"
                                                : outcome.dead    ? "dead_letter"
                                                                  : "not_accepted";
                           std::string reason = outcome.reason;
                           respond(http::json_response(version, outcome.accepted ? 200 : 202,
                                                       object_json({{"event_id", event_id},
                                                                    {"subscriber", subscriber},
                                                                    {"result", result},
                                                                    {"reason", reason}})));
                         });
}

void action(const Context& ctx, std::string_view id, std::string_view verb, http::Request& req,
            http::Respond respond) {
  const unsigned version = req.version();
  const config::Snapshot config = ctx.config.current();
  const config::Subscriber* sub = config->find_subscriber(id);
  if (verb == "redeliver") {
    auto event_id = body_event_id(req.body());
    if (!event_id)
      return respond(http::error_response(version, 400, "body must be {\"event_id\": \"...\"}"));
    for (const auto& outbox : ctx.dispatcher.outboxes()) {
      if (outbox->id() != id) continue;
      deliver::Redelivery what = outbox->redeliver(*event_id);
      if (what == deliver::Redelivery::not_held) break;
      return respond(http::json_response(version, 202,
                                         object_json({{"event_id", *event_id},
                                                      {"subscriber", std::string(id)},
                                                      {"result", std::string(to_string(what))}})));
    }
    if (!sub && !subscriber_known(ctx, *config, id))
      return respond(http::error_response(version, 404, "no such subscriber"));
    return respond(http::error_response(version, 404, "event not held for this subscriber"));
  }
  if (!sub) return respond(http::error_response(version, 404, "no such subscriber"));
  if (verb == "pause" || verb == "resume") {
    const bool paused = verb == "pause";
    ctx.dispatcher.outbox_for(config, id)->set_paused(paused);
    return respond(http::json_response(
        version, 200, object_json({{"subscriber", std::string(id)}}, {{"paused", paused}})));
  }
  ping(ctx, config, *sub, version, std::move(respond));
}

}  // namespace

void handle_api(const Context& ctx, http::Request&& req, http::Respond respond) {
  const unsigned version = req.version();
  std::string_view target(req.target().data(), req.target().size());
  const std::size_t q = target.find('?');
  std::string_view path = target.substr(0, q);
  std::string_view query = q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
  path.remove_prefix(kPrefix.size());
  const bool get = req.method() == bhttp::verb::get || req.method() == bhttp::verb::head;
  const bool post = req.method() == bhttp::verb::post;

  if (path == "connections" || path == "subscribers" || path == "deliveries" || path == "spool" ||
      path == "dead-letters") {
    if (!get) return respond(http::error_response(version, 405, "method not allowed"));
    return respond(list(ctx, path, query, version));
  }
  // subscribers/{id}/{redeliver|pause|resume|ping}
  constexpr std::string_view subs = "subscribers/";
  if (path.starts_with(subs)) {
    std::string_view rest = path.substr(subs.size());
    const std::size_t slash = rest.find('/');
    if (slash != std::string_view::npos && slash > 0) {
      std::string_view id = rest.substr(0, slash), verb = rest.substr(slash + 1);
      if (verb == "redeliver" || verb == "pause" || verb == "resume" || verb == "ping") {
        if (!post) return respond(http::error_response(version, 405, "method not allowed"));
        return action(ctx, id, verb, req, std::move(respond));
      }
    }
  }
  respond(http::error_response(version, 404, "no such endpoint"));
}

}  // namespace weft::admin
