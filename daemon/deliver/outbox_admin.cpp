// The outbox's admin side: what it holds, redeliver, pause and resume, and the records of
// attempts and dead letters the admin API lists (metadata only, never a body).
#include <algorithm>

#include "daemon/deliver/outbox.h"
#include "daemon/deliver/outbox_detail.h"

namespace weft::deliver {

using detail::unix_ms_now;

std::string_view to_string(Redelivery r) {
  switch (r) {
    case Redelivery::not_held:
      return "not_held";
    case Redelivery::attempting:
      return "attempting";
    case Redelivery::in_flight:
      return "in_flight";
    case Redelivery::behind_subject_head:
      return "behind_subject_head";
    case Redelivery::paused:
      return "paused";
  }
  return "not_held";
}

std::vector<HeldPair> Outbox::held() const {
  std::lock_guard lock(mutex_);
  const auto now = Clock::now();
  const int64_t now_ms = unix_ms_now();
  std::vector<HeldPair> out;
  out.reserve(items_.size());
  for (const auto& [id, item] : items_) {
    HeldPair pair;
    pair.order = id;
    pair.event_id = item.event_id;
    pair.type = item.type;
    pair.subject = item.subject;
    pair.attempts = item.attempts;
    pair.store = item.store == Store::memory     ? "memory"
                 : item.store == Store::spooling ? "spooling"
                                                 : "durable";
    pair.received_ms = item.received_ms;
    const bool head = is_head(item);
    if (item.in_flight) {
      pair.state = "in_flight";
    } else if (!head) {
      pair.state = "behind_subject_head";
    } else {
      const auto wait =
          std::chrono::duration_cast<std::chrono::milliseconds>(item.due - now).count();
      pair.state = paused_ ? "paused" : wait > 0 ? "retry_wait" : "due";
      if (!paused_) pair.next_attempt_ms = now_ms + std::max<int64_t>(0, wait);
    }
    out.push_back(std::move(pair));
  }
  return out;
}

Redelivery Outbox::redeliver(std::string_view event_id) {
  Effects fx;
  Redelivery what;
  {
    std::lock_guard lock(mutex_);
    auto found = by_event_.find(std::string(event_id));
    if (found == by_event_.end()) return Redelivery::not_held;
    Item& item = items_.at(found->second);
    if (item.in_flight) return Redelivery::in_flight;
    const auto now = Clock::now();
    item.due = now;
    if (!is_head(item)) {
      what = Redelivery::behind_subject_head;
    } else {
      // Its entry in waiting_ (if any) is stale now; pump skips it.
      ready_.insert(item.id);
      what = paused_ ? Redelivery::paused : Redelivery::attempting;
    }
    log::info("deliver", "redeliver requested",
              {{"event_id", item.event_id},
               {"subscriber", id_},
               {"result", std::string(to_string(what))}});
    pump(now, fx);
  }
  run(std::move(fx));
  return what;
}

void Outbox::set_paused(bool paused) {
  Effects fx;
  {
    std::lock_guard lock(mutex_);
    if (paused_ == paused) return;
    paused_ = paused;
    counters_.paused = paused;  // stats() copies counters_
    log::warn("deliver", paused ? "subscriber paused" : "subscriber resumed",
              {{"subscriber", id_}, {"queued", std::to_string(items_.size())}});
    if (!paused) pump(Clock::now(), fx);
  }
  run(std::move(fx));
}

void Outbox::record_attempt(const Item& item, const http::PostResult& result, Verdict verdict) {
  const int64_t now_ms = unix_ms_now();
  if (verdict == Verdict::delivered) {
    counters_.last_success_ms = now_ms;
  } else {
    counters_.last_failure_ms = now_ms;
    counters_.last_failure =
        result.status > 0 ? "status " + std::to_string(result.status) : result.error;
  }
  if (!context_.history) return;
  AttemptRecord record;
  record.at_ms = now_ms;
  record.event_id = item.event_id;
  record.type = item.type;
  record.subscriber = id_;
  record.attempt = item.attempts;
  record.status = result.status;
  record.latency_ms = static_cast<double>(result.latency.count()) / 1000.0;
  record.verdict = std::string(to_string(verdict));
  record.error = result.error;
  context_.history->attempts.push(std::move(record));
}

void Outbox::record_dead_letter(const Item& item, std::string_view reason) {
  if (!context_.history) return;
  DeadLetterRecord record;
  record.at_ms = unix_ms_now();
  record.event_id = item.event_id;
  record.type = item.type;
  record.subscriber = id_;
  record.reason = std::string(reason);
  record.attempts = item.attempts;
  context_.history->dead_letters.push(std::move(record));
}

}  // namespace weft::deliver
