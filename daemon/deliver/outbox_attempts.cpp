// The outbox's attempts: signing and sending one delivery, and what its outcome means
// (delivered, retry later, dead letter, subscriber gone).
#include "daemon/deliver/outbox.h"

#include <cstdio>

#include "daemon/deliver/signing.h"
#include "daemon/runtime/clock.h"

#include "daemon/deliver/outbox_detail.h"

namespace weft::deliver {

using detail::log_breaker;

namespace {

// The metrics outcome of one attempt (OutboxStats::attempts_by_outcome).
std::string_view attempt_class(const http::PostResult& result) {
  if (!result.refused.empty()) return "refused";
  if (result.status >= 100 && result.status < 600) {
    static constexpr std::string_view kClasses[] = {"1xx", "2xx", "3xx", "4xx", "5xx"};
    return kClasses[result.status / 100 - 1];
  }
  if (result.error == "timeout") return "timeout";
  const std::string_view error = result.error;
  if (error.starts_with("resolve") || error.starts_with("connect") || error.starts_with("tls"))
    return "connect_error";
  if (error.starts_with("write") || error.starts_with("read")) return "io_error";
  return "not_sent";  // pool queue full, client closed, spool record unreadable
}

void count_attempt(OutboxStats& counters, const http::PostResult& result) {
  const std::string_view outcome = attempt_class(result);
  counters.attempts_by_outcome[std::string(outcome)] += 1;
  if (outcome != "refused" && outcome != "not_sent" && outcome != "connect_error" &&
      outcome != "io_error") {
    const double seconds = std::chrono::duration<double>(result.latency).count();
    std::size_t bucket = 0;
    while (bucket < kLatencyBounds.size() && seconds > kLatencyBounds[bucket]) ++bucket;
    counters.latency_counts[bucket] += 1;
    counters.latency_sum_seconds += seconds;
  }
}

AttemptOutcome outcome_of(const http::PostResult& result) {
  AttemptOutcome outcome;
  if (result.status > 0) {
    outcome.status = result.status;
    if (!result.retry_after.empty()) {
      outcome.retry_after = retry_after_delay(result.retry_after, std::chrono::system_clock::now());
    }
  } else {
    outcome.kind = result.error == "timeout" ? AttemptOutcome::Kind::timeout
                                             : AttemptOutcome::Kind::connection_error;
  }
  return outcome;
}

}  // namespace

void Outbox::send(Send s) {
  std::shared_ptr<const std::string> body = s.body;
  if (!body && context_.spool) {
    if (auto record = context_.spool->read(s.seq)) {
      body = std::make_shared<const std::string>(std::move(record->payload));
    }
  }
  std::shared_ptr<http::Client> client;
  std::vector<SigningKey> keys;
  std::chrono::milliseconds timeout{0};
  {
    std::lock_guard lock(mutex_);
    client = client_;
    keys = keys_;
    if (subscriber_) timeout = subscriber_->timeout;
  }
  if (!body || !client) {
    // Its data key was destroyed (retention) or the subscriber went away meanwhile.
    // An unreadable record can never be sent: a final failure, not a retry.
    http::PostResult result;
    result.error = body ? "client closed" : "spool record unreadable";
    return on_result(s.id, result, !body);
  }
  const int64_t timestamp = now_unix_seconds();
  std::vector<Header> headers;
  headers.push_back({"webhook-id", s.event_id});
  headers.push_back({"webhook-timestamp", std::to_string(timestamp)});
  headers.push_back({"webhook-signature", signature_header(keys, s.event_id, timestamp, *body)});
  std::weak_ptr<Outbox> weak = weak_from_this();
  const uint64_t id = s.id;
  client->post(std::move(headers), std::move(body), timeout, [weak, id](http::PostResult result) {
    if (auto self = weak.lock()) self->on_result(id, result);
  });
}

void Outbox::on_result(uint64_t id, const http::PostResult& result, bool record_lost) {
  Effects fx;
  {
    std::lock_guard lock(mutex_);
    auto it = items_.find(id);
    if (it == items_.end()) return;
    Item& item = it->second;
    item.in_flight = false;
    in_flight_ -= 1;
    const auto now = Clock::now();
    AttemptOutcome outcome = outcome_of(result);
    Verdict verdict = record_lost ? Verdict::final_failure : classify(outcome);
    count_attempt(counters_, result);
    if (result.status > 0 || result.error == "timeout") {
      note_latency(std::chrono::duration_cast<std::chrono::milliseconds>(result.latency));
    }
    if (closed_) {
      // Shutting down: a late acceptance still counts; anything else waits in the spool.
      if (verdict == Verdict::delivered) {
        context_.delivered.insert(item.event_id, id_);
        if (item.store == Store::durable && context_.spool) {
          const uint64_t seq = item.seq;
          context_.spool->mark_delivered(std::span<const uint64_t>(&seq, 1));
        }
      }
      return;
    }
    if (!result.refused.empty()) counters_.refused_by_reason[result.refused] += 1;
    char latency[32];
    std::snprintf(latency, sizeof latency, "%.3f", result.latency.count() / 1000.0);
    log::write(verdict == Verdict::delivered ? log::Level::info : log::Level::warn, "deliver",
               "attempt",
               {{"event_id", item.event_id},
                {"type", item.type},
                {"subscriber", id_},
                {"attempt", std::to_string(item.attempts)},
                {"status", std::to_string(result.status)},
                {"latency_ms", latency},
                {"verdict", std::string(to_string(verdict))},
                {"error", result.error.empty() ? "-" : result.error}});
    record_attempt(item, result, verdict);
    if (verdict == Verdict::delivered) {
      log_breaker(id_, breaker_.record_success(now));
      fx.delivered.push_back(item.event_id);
      counters_.delivered += 1;
      settle_all(item, Settled::accepted, "", fx);
      if (item.store == Store::durable) fx.done_seqs.push_back(item.seq);
      remove(id);
    } else if (disabled_) {
      dead_letter(item, "subscriber disabled (410 Gone)", fx);
    } else if (verdict == Verdict::retry) {
      log_breaker(id_, breaker_.record_failure(now));
      if (outcome.retry_after) rate_.hold_until(now + *outcome.retry_after);
      if (!context_.spool || item.withdrawn) {
        settle_all(item, Settled::deferred, "subscriber did not accept", fx);
        remove(id);
      } else {
        RetryDecision next =
            retry_.next_attempt(item.attempts, item.first_received, now, outcome.retry_after);
        if (next.dead_letter) {
          dead_letter(item, "retry schedule exhausted", fx);
        } else {
          counters_.retries += 1;
          item.due = next.retry_at;
          // With it, the pairs behind it: they cannot go before it does.
          spool_through(item.subject, kWholeSubject, fx);
          // spool_through removes the pair when the spool refuses it.
          auto kept = items_.find(id);
          if (kept != items_.end()) {
            if (kept->second.store == Store::durable) kept->second.body.reset();
            place_head(kept->second.subject, now);
          }
        }
      }
    } else if (verdict == Verdict::gone) {
      log_breaker(id_, breaker_.record_success(now));
      dead_letter(item, "subscriber answered 410 Gone", fx);
      disable(fx);
    } else {
      log_breaker(id_, breaker_.record_success(now));
      std::string reason =
          result.status > 0 ? "refused with status " + std::to_string(result.status) : result.error;
      dead_letter(item, reason, fx);
    }
    pump(now, fx);
  }
  run(std::move(fx));
}

void Outbox::dead_letter(Item& item, std::string_view reason, Effects& fx) {
  counters_.dead_letters += 1;
  counters_.dead_letters_by_type[item.type] += 1;
  log::warn("deliver", "dead letter",
            {{"event_id", item.event_id},
             {"type", item.type},
             {"subscriber", id_},
             {"attempts", std::to_string(item.attempts)},
             {"reason", std::string(reason)}});
  record_dead_letter(item, reason);
  settle_all(item, Settled::dead, reason, fx);
  // A record still being written is marked once it is durable (on_durable finds it gone).
  if (item.store == Store::durable) fx.done_seqs.push_back(item.seq);
  remove(item.id);
}

void Outbox::disable(Effects& fx) {
  disabled_ = true;
  log::error("deliver", "subscriber disabled: its endpoint answered 410 Gone",
             {{"subscriber", id_}, {"queued", std::to_string(items_.size())}});
  std::vector<uint64_t> ids;
  for (const auto& [id, item] : items_) {
    if (!item.in_flight) ids.push_back(id);
  }
  for (uint64_t id : ids) dead_letter(items_.at(id), "subscriber disabled (410 Gone)", fx);
}

}  // namespace weft::deliver
