#include "daemon/ingest/ingest.h"

#include <chrono>
#include <cstdio>

#include "daemon/http/server.h"
#include "daemon/log/log.h"
#include "daemon/metrics/counters.h"
#include "daemon/runtime/clock.h"
#include "providers/core/envelope.h"

namespace weft::ingest {

using std::chrono::steady_clock;

Reply error_reply(int status, std::string_view reason) {
  return Reply{status, {}, http::error_json(reason)};
}

namespace {

std::string elapsed_ms(steady_clock::time_point start) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f",
                std::chrono::duration<double, std::milli>(steady_clock::now() - start).count());
  return buf;
}

// Logs the request line (ids, types, counts, timing; never payload content) and answers.
struct RequestLog {
  std::string connection_id;
  std::string vendor_event_type = "-";
  std::string vendor_event_id = "-";
  std::size_t events = 0;
  steady_clock::time_point start = steady_clock::now();

  void answer(const Answer& answer, Reply reply, std::string_view outcome) const {
    metrics::counters().add(metrics::Counter::inbound_requests, {connection_id, outcome});
    log::write(reply.status < 400 ? log::Level::info : log::Level::warn, "ingest", "request",
               {{"connection", connection_id},
                {"status", std::to_string(reply.status)},
                {"outcome", std::string(outcome)},
                {"vendor_event_type", vendor_event_type},
                {"vendor_event_id", vendor_event_id},
                {"events", std::to_string(events)},
                {"latency_ms", elapsed_ms(start)}});
    answer(std::move(reply));
  }
};

}  // namespace

// A verified request on its way to the subscribers; owns what outlives receive().
struct Ingest::Accepted {
  config::Snapshot snapshot;
  const config::Connection* connection = nullptr;  // inside snapshot
  const Provider* provider = nullptr;
  std::string body;
  std::string received_at;
  std::string source_kind;
  RequestLog rlog;
  Answer answer;
  steady_clock::time_point deadline;
  std::string vendor_event_type;  // thin webhooks: as normalize() saw them
  std::string vendor_event_id;
};

void Ingest::receive(std::string_view connection_id, const Headers& headers, std::string_view body,
                     std::string_view query, Answer answer, std::string_view source_kind) {
  RequestLog rlog{std::string(connection_id)};
  config::Snapshot snapshot = config_.current();
  const config::Connection* connection = snapshot->find_connection(connection_id);
  if (!connection) {
    rlog.connection_id.assign(1, '-');  // not = "-": a GCC 12 -Wrestrict false positive
    return rlog.answer(answer, error_reply(404, "unknown connection"), "unknown_connection");
  }
  if (auto limit = inbound_limit_.admit(*connection, steady_clock::now()); limit.retry_after) {
    if (limit.refused_to_log > 0) {
      log::warn(
          "ingest", "rate limited",
          {{"connection", rlog.connection_id}, {"refused", std::to_string(limit.refused_to_log)}});
    }
    metrics::counters().add(metrics::Counter::inbound_requests,
                            {rlog.connection_id, "rate_limited"});
    Reply reply = error_reply(429, "over this connection's rate_limit");
    reply.headers.push_back({"Retry-After", std::to_string(*limit.retry_after)});
    return answer(std::move(reply));  // no request line each: a flood is logged once a second
  }
  const Provider* provider = find_provider(connection->info.provider);
  if (!provider) {
    return rlog.answer(answer, error_reply(500, "provider not available"), "no_provider");
  }
  const int64_t now = now_unix_seconds();
  VendorRequest request{headers, body, query, now};
  if (provider->answer_unsigned_handshake) {
    if (auto reply = provider->answer_unsigned_handshake(request, connection->info)) {
      return rlog.answer(answer, std::move(*reply), "handshake");
    }
  }
  Verification verification = provider->verify(request, connection->info);
  if (!verification.ok) {
    metrics::counters().add(
        metrics::Counter::verification_failures,
        {rlog.connection_id, metrics::verify_failure_class(verification.reason)});
    return rlog.answer(answer, error_reply(401, verification.reason), "bad_signature");
  }
  std::string received_at = now_rfc3339();
  NormalizeContext context{connection->info, received_at, snapshot->server.limits.json()};
  Normalized normalized = provider->normalize(request, context);
  rlog.vendor_event_type =
      normalized.vendor_event_type.empty() ? "-" : normalized.vendor_event_type;
  rlog.vendor_event_id = normalized.vendor_event_id.empty() ? "-" : normalized.vendor_event_id;
  if (!normalized.error.empty()) {
    return rlog.answer(answer, error_reply(400, normalized.error), "rejected");
  }
  if (normalized.reply) return rlog.answer(answer, std::move(*normalized.reply), "ping");

  auto accepted = std::make_shared<Accepted>();
  accepted->snapshot = snapshot;
  accepted->connection = connection;
  accepted->provider = provider;
  accepted->body = std::string(body);
  accepted->received_at = received_at;
  accepted->source_kind = std::string(source_kind);
  accepted->rlog = std::move(rlog);
  accepted->answer = std::move(answer);
  // One budget for the whole answer: API reads of a thin webhook, then the deliveries.
  accepted->deadline = steady_clock::now() + snapshot->server.ack_budget;
  if (normalized.fetches.empty()) return deliver(accepted, std::move(normalized));

  auto thin = std::make_shared<ThinRequest>();
  thin->snapshot = snapshot;
  thin->connection = connection;
  thin->provider = provider;
  thin->headers = headers;
  thin->body = accepted->body;
  thin->query = std::string(query);
  thin->received_at = received_at;
  thin->now = now;
  // The thin webhook's identity stays the dedup key whatever enrich reports.
  accepted->vendor_event_type = normalized.vendor_event_type;
  accepted->vendor_event_id = normalized.vendor_event_id;
  enricher_.run(
      thin, std::move(normalized), accepted->deadline,
      [this, accepted](EnrichOutcome outcome) { enriched(accepted, std::move(outcome)); });
}

void Ingest::enriched(const std::shared_ptr<Accepted>& accepted, EnrichOutcome outcome) {
  const RequestLog& rlog = accepted->rlog;
  if (!outcome.error.empty() && outcome.retryable) {
    Reply reply = error_reply(503, outcome.error);
    reply.headers.push_back({"Retry-After", std::to_string(kRetryAfterSeconds)});
    return rlog.answer(accepted->answer, std::move(reply), "enrich_deferred");
  }
  if (!outcome.error.empty()) {
    return rlog.answer(accepted->answer, error_reply(502, outcome.error), "enrich_failed");
  }
  Normalized& n = outcome.normalized;
  if (!n.error.empty()) {
    std::string reason = "vendor API record: ";
    reason += n.error;
    return rlog.answer(accepted->answer, error_reply(502, reason), "enrich_failed");
  }
  n.vendor_event_type = accepted->vendor_event_type;
  n.vendor_event_id = accepted->vendor_event_id;
  deliver(accepted, std::move(n));
}

void Ingest::deliver(const std::shared_ptr<Accepted>& accepted, Normalized normalized) {
  const config::Connection& connection = *accepted->connection;
  SealInput seal_input{connection.info, accepted->received_at, accepted->body,
                       accepted->source_kind, true};
  std::vector<UnifiedEvent> events = seal(normalized, seal_input);
  accepted->rlog.events = events.size();
  for (const UnifiedEvent& event : events) {
    metrics::counters().add(metrics::Counter::events_emitted, {connection.info.id, event.type});
  }
  const Provider* provider = accepted->provider;
  dispatcher_.deliver(
      accepted->snapshot, std::move(events), accepted->deadline,
      [accepted, provider](deliver::BatchOutcome outcome) {
        const RequestLog& rlog = accepted->rlog;
        if (outcome.all_accepted()) {
          char body[200];
          std::snprintf(body, sizeof body,
                        "{\"status\":\"accepted\",\"events\":%zu,\"delivered\":%zu,"
                        "\"already_delivered\":%zu,\"spooled\":%zu,\"refused\":%zu}",
                        rlog.events, outcome.accepted, outcome.duplicates, outcome.spooled,
                        outcome.dead);
          return rlog.answer(accepted->answer, Reply{provider->accepted_status, {}, body},
                             outcome.spooled > 0 ? "spooled" : "accepted");
        }
        if (!provider->retries) {
          // This vendor never sends it again: what is not delivered now is lost.
          log::error("ingest", "refusing a webhook its vendor will not retry",
                     {{"connection", rlog.connection_id},
                      {"provider", std::string(provider->name)},
                      {"vendor_event_id", rlog.vendor_event_id},
                      {"not_delivered", std::to_string(outcome.failed)},
                      {"reason", outcome.reason}});
        }
        std::string reason = outcome.spool_refused
                                 ? "spool refused the write: " + outcome.reason
                                 : "not every subscriber accepted within the ack budget";
        if (!outcome.spool_refused && !outcome.reason.empty())
          reason += " (" + outcome.reason + ")";
        Reply reply = error_reply(503, reason);
        reply.headers.push_back({"Retry-After", std::to_string(kRetryAfterSeconds)});
        rlog.answer(accepted->answer, std::move(reply),
                    outcome.spool_refused ? "spool_full" : "deferred");
      });
}

}  // namespace weft::ingest
