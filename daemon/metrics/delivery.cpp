// Delivery and spool metrics (delivery.h), rendered from the dispatcher's per-outbox stats.
#include "daemon/metrics/delivery.h"

namespace weft::metrics {

namespace {

using Outboxes = std::vector<std::pair<std::string, deliver::OutboxStats>>;

template <typename Field>
void per_subscriber(Text& text, const Outboxes& outboxes, std::string_view name,
                    std::string_view type, std::string_view help, Field field) {
  text.family(name, type, help);
  for (const auto& [id, stats] : outboxes) {
    text.sample(name, {{"subscriber", id}}, static_cast<double>(field(stats)));
  }
}

double breaker_value(deliver::BreakerState state) {
  switch (state) {
    case deliver::BreakerState::closed:
      return 0;
    case deliver::BreakerState::half_open:
      return 1;
    case deliver::BreakerState::open:
      return 2;
  }
  return 0;
}

void add_spool_metrics(Text& text, const spool::Stats& s) {
  struct Family {
    std::string_view name, type, help;
    uint64_t value;
  };
  const Family families[] = {
      {"weft_spool_records", "gauge", "Undelivered (event, subscriber) records in the spool.",
       s.records},
      {"weft_spool_disk_bytes", "gauge", "Bytes of spool segment files on disk.", s.disk_bytes},
      {"weft_spool_live_bytes", "gauge", "Bytes of undelivered records in the spool.",
       s.live_bytes},
      {"weft_spool_segments", "gauge", "Spool segment files.", s.segments},
      {"weft_spool_keys", "gauge", "Data keys held (each is destroyed when its retention closes).",
       s.keys},
      {"weft_spool_queued", "gauge", "Records waiting for the spool writer.", s.queued},
      {"weft_spool_batches_total", "counter", "Group-commit batches written.", s.batches},
      {"weft_spool_fsyncs_total", "counter", "Spool segment fsyncs.", s.fsyncs},
      {"weft_spool_compactions_total", "counter", "Spool segments rewritten and deleted.",
       s.compactions},
      {"weft_spool_expired_total", "counter",
       "Records dropped because their data key was destroyed.", s.expired},
      {"weft_spool_corrupt_total", "counter", "Spool frames that did not authenticate.", s.corrupt},
      {"weft_spool_torn_total", "counter", "Torn spool writes cut off at start-up.", s.torn},
  };
  for (const Family& f : families) {
    text.family(f.name, f.type, f.help);
    text.sample(f.name, static_cast<double>(f.value));
  }
}

}  // namespace

void add_delivery_metrics(Text& text, const deliver::Dispatcher& dispatcher) {
  const Outboxes outboxes = dispatcher.outbox_stats();
  using S = deliver::OutboxStats;
  per_subscriber(text, outboxes, "weft_delivery_attempts_total", "counter",
                 "Delivery attempts sent to the subscriber.",
                 [](const S& s) { return s.attempts; });
  per_subscriber(text, outboxes, "weft_deliveries_total", "counter",
                 "Events the subscriber accepted (2xx).", [](const S& s) { return s.delivered; });
  per_subscriber(text, outboxes, "weft_delivery_retries_total", "counter",
                 "Failed attempts scheduled for a retry.", [](const S& s) { return s.retries; });
  per_subscriber(text, outboxes, "weft_subscriber_queue_depth", "gauge",
                 "(event, subscriber) pairs waiting, in memory or spooled.",
                 [](const S& s) { return s.queued; });
  per_subscriber(text, outboxes, "weft_subscriber_in_flight", "gauge", "Delivery attempts out now.",
                 [](const S& s) { return s.in_flight; });
  per_subscriber(text, outboxes, "weft_subscriber_circuit_state", "gauge",
                 "Circuit breaker: 0 closed, 1 half-open (probing), 2 open.",
                 [](const S& s) { return breaker_value(s.breaker); });
  per_subscriber(text, outboxes, "weft_subscriber_disabled", "gauge",
                 "1 when the endpoint answered 410 Gone and deliveries stopped.",
                 [](const S& s) { return s.disabled ? 1 : 0; });

  text.family("weft_delivery_attempt_results_total", "counter",
              "Delivery attempt results by subscriber and outcome: 1xx..5xx (status class), "
              "timeout, connect_error, refused (network guard), io_error, not_sent.");
  for (const auto& [id, stats] : outboxes) {
    for (const auto& [outcome, count] : stats.attempts_by_outcome) {
      text.sample("weft_delivery_attempt_results_total", {{"subscriber", id}, {"outcome", outcome}},
                  static_cast<double>(count));
    }
  }
  text.family("weft_delivery_latency_seconds", "histogram",
              "Delivery attempt latency (post to response or timeout), by subscriber.");
  for (const auto& [id, stats] : outboxes) {
    const Label labels[] = {{"subscriber", id}};
    text.histogram("weft_delivery_latency_seconds", labels, deliver::kLatencyBounds,
                   stats.latency_counts, stats.latency_sum_seconds);
  }
  per_subscriber(text, outboxes, "weft_subscriber_paused", "gauge",
                 "1 while the subscriber is paused through the admin API.",
                 [](const S& s) { return s.paused ? 1 : 0; });

  text.family("weft_dead_letters_total", "counter",
              "Events given up on (final refusal, schedule used up, too old), by event type.");
  for (const auto& [id, stats] : outboxes) {
    for (const auto& [type, count] : stats.dead_letters_by_type) {
      text.sample("weft_dead_letters_total", {{"subscriber", id}, {"type", type}},
                  static_cast<double>(count));
    }
  }
  text.family("weft_delivery_refused_total", "counter",
              "Attempts the SSRF guard refused before connecting, by reason (address class).");
  for (const auto& [id, stats] : outboxes) {
    for (const auto& [reason, count] : stats.refused_by_reason) {
      text.sample("weft_delivery_refused_total", {{"subscriber", id}, {"reason", reason}},
                  static_cast<double>(count));
    }
  }
  text.family("weft_delivered_set_entries", "gauge",
              "(event, subscriber) pairs remembered as delivered, for deduplication.");
  text.sample("weft_delivered_set_entries", static_cast<double>(dispatcher.delivered().size()));
  if (dispatcher.spooling()) add_spool_metrics(text, dispatcher.spool_stats());
}

}  // namespace weft::metrics
