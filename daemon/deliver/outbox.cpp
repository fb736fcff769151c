#include "daemon/deliver/outbox.h"

#include <algorithm>
#include <cstdio>
#include <random>

#include "daemon/deliver/signing.h"
#include "daemon/log/log.h"
#include "daemon/runtime/clock.h"

namespace weft::deliver {

namespace {

RetryOptions retry_options(const config::Retry& retry) {
  RetryOptions options;
  options.schedule.assign(retry.schedule.begin(), retry.schedule.end());
  options.max_age = retry.max_age;
  options.jitter = retry.jitter;
  return options;
}

RetryOptions retry_options(const config::Subscriber* subscriber) {
  return retry_options(subscriber ? subscriber->retry : config::Retry{});
}

// The breaker's cool-down follows the retry schedule: the first step, growing to the longest
// (at most 10 minutes), so a subscriber configured for quick retries is probed quickly too.
BreakerOptions breaker_options(const config::Subscriber* subscriber) {
  const config::Retry retry = subscriber ? subscriber->retry : config::Retry{};
  BreakerOptions options;
  options.cool_down = retry.schedule.front();
  auto longest = *std::max_element(retry.schedule.begin(), retry.schedule.end());
  options.max_cool_down = std::max(
      options.cool_down, std::min<std::chrono::milliseconds>(longest, std::chrono::minutes(10)));
  return options;
}

uint64_t random_seed() {
  std::random_device device;
  return (uint64_t{device()} << 32) ^ device();
}

int64_t unix_ms_now() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
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

void log_breaker(const std::string& subscriber, const std::optional<BreakerTransition>& t) {
  if (!t) return;
  log::write(t->to == BreakerState::closed ? log::Level::info : log::Level::warn, "deliver",
             "circuit breaker",
             {{"subscriber", subscriber},
              {"from", std::string(to_string(t->from))},
              {"to", std::string(to_string(t->to))},
              {"consecutive_failures", std::to_string(t->consecutive_failures)},
              {"cool_down_ms", std::to_string(t->cool_down.count())}});
}

}  // namespace

Outbox::Outbox(OutboxContext context, std::string id, config::Snapshot config,
               const config::Subscriber* subscriber)
    : context_(context),
      id_(std::move(id)),
      timer_(context.ioc),
      config_(std::move(config)),
      retry_(retry_options(subscriber), random_seed()),
      breaker_(breaker_options(subscriber)),
      rate_(subscriber ? subscriber->rate_per_second : 0, subscriber ? subscriber->burst : 1) {
  if (subscriber) apply_settings(*subscriber);
}

Outbox::~Outbox() {
  close();
}

void Outbox::apply_settings(const config::Subscriber& sub) {
  const bool endpoint_changed = !subscriber_ || subscriber_->url != sub.url ||
                                subscriber_->max_connections != sub.max_connections;
  const bool rate_changed = !subscriber_ || subscriber_->rate_per_second != sub.rate_per_second ||
                            subscriber_->burst != sub.burst;
  if (endpoint_changed || !client_) {
    if (client_) client_->close();
    client_.reset();
    if (auto url = http::Url::parse(sub.url)) {
      client_ = std::make_shared<http::Client>(context_.ioc, context_.tls, *url,
                                               sub.max_connections, sub.max_queue);
    }
    if (disabled_ && (!subscriber_ || subscriber_->url != sub.url)) {
      disabled_ = false;
      log::info("deliver", "subscriber enabled again: its url changed", {{"subscriber", id_}});
    }
  }
  keys_.clear();
  for (const auto& secret : sub.secrets) {
    if (auto key = decode_secret(secret)) keys_.push_back(std::move(*key));
  }
  if (!subscriber_ || subscriber_->retry.schedule != sub.retry.schedule)
    breaker_ = CircuitBreaker(breaker_options(&sub));
  retry_ = RetryPolicy(retry_options(sub.retry), random_seed());
  if (rate_changed) rate_ = RateLimiter(sub.rate_per_second, sub.burst);
  subscriber_ = &sub;
}

Outbox::Item& Outbox::insert(Item item) {
  item.id = next_id_++;
  const uint64_t id = item.id;
  by_event_[item.event_id] = id;
  auto& subject = subjects_[item.subject];
  subject.push_back(id);
  Item& stored = items_.emplace(id, std::move(item)).first->second;
  if (subject.size() == 1) place_head(stored.subject, Clock::now());
  return stored;
}

bool Outbox::is_head(const Item& item) const {
  auto it = subjects_.find(item.subject);
  return it != subjects_.end() && !it->second.empty() && it->second.front() == item.id;
}

void Outbox::place_head(const std::string& subject, Clock::time_point now) {
  auto it = subjects_.find(subject);
  if (it == subjects_.end() || it->second.empty()) return;
  Item& head = items_.at(it->second.front());
  if (head.in_flight) return;
  if (head.due <= now) {
    ready_.insert(head.id);
  } else {
    waiting_.emplace(head.due, head.id);
  }
}

void Outbox::remove(uint64_t id) {
  auto it = items_.find(id);
  if (it == items_.end()) return;
  Item& item = it->second;
  ready_.erase(id);
  auto ev = by_event_.find(item.event_id);
  if (ev != by_event_.end() && ev->second == id) by_event_.erase(ev);
  auto subject = subjects_.find(item.subject);
  std::string subject_key = std::move(item.subject);
  items_.erase(it);
  if (subject == subjects_.end()) return;
  auto& queue = subject->second;
  if (!queue.empty() && queue.front() == id) {
    queue.pop_front();
    if (queue.empty()) {
      subjects_.erase(subject);
    } else {
      place_head(subject_key, Clock::now());
    }
  } else {
    queue.erase(std::remove(queue.begin(), queue.end(), id), queue.end());
  }
}

void Outbox::settle_all(Item& item, Settled how, std::string_view reason, Effects& fx) {
  for (auto& waiter : item.waiters)
    fx.settles.push_back({std::move(waiter), how, std::string(reason)});
  item.waiters.clear();
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
  settle_all(item, Settled::dead, reason, fx);
  // A record still being written is marked once it is durable (on_durable finds it gone).
  if (item.store == Store::durable) fx.done_seqs.push_back(item.seq);
  remove(item.id);
}

void Outbox::add(std::shared_ptr<const UnifiedEvent> event, std::shared_ptr<Waiter> waiter) {
  Effects fx;
  {
    std::lock_guard lock(mutex_);
    auto existing = by_event_.find(event->id);
    if (existing != by_event_.end()) {
      // The vendor sent it again while it is still here: wait on the same pair.
      Item& item = items_.at(existing->second);
      if (item.store == Store::durable) {
        fx.settles.push_back({std::move(waiter), Settled::duplicate, ""});
      } else {
        item.waiters.push_back(std::move(waiter));
      }
    } else if (disabled_) {
      counters_.dead_letters += 1;
      counters_.dead_letters_by_type[event->type] += 1;
      log::warn("deliver", "dead letter",
                {{"event_id", event->id},
                 {"type", event->type},
                 {"subscriber", id_},
                 {"attempts", "0"},
                 {"reason", "subscriber disabled (410 Gone)"}});
      fx.settles.push_back({std::move(waiter), Settled::dead, "subscriber disabled"});
    } else if (closed_ || !subscriber_) {
      fx.settles.push_back({std::move(waiter), Settled::deferred, "subscriber not available"});
    } else if (items_.size() >= subscriber_->max_queue) {
      fx.settles.push_back({std::move(waiter), Settled::deferred, "subscriber queue full"});
    } else {
      const auto now = Clock::now();
      Item item;
      item.event_id = event->id;
      item.type = event->type;
      item.subject = event->subject_id;
      item.received_ms = unix_ms_now();
      item.first_received = now;
      item.body = std::shared_ptr<const std::string>(event, &event->body);
      item.due = now;
      item.waiters.push_back(std::move(waiter));
      Item& stored = insert(std::move(item));
      // It cannot go now: write it down at once rather than at the end of the ack budget.
      if (context_.spool && (!is_head(stored) || breaker_.state() == BreakerState::open)) {
        spool_through(stored, fx);
      }
      pump(now, fx);
    }
  }
  run(std::move(fx));
}

void Outbox::recover(const spool::Record& record, std::string type) {
  Effects fx;
  {
    std::lock_guard lock(mutex_);
    if (by_event_.count(record.event_id)) {
      fx.done_seqs.push_back(record.seq);  // a second copy of a pair already queued
    } else {
      const auto now = Clock::now();
      const int64_t age_ms = std::max<int64_t>(0, unix_ms_now() - record.received_at_ms);
      Item item;
      item.event_id = record.event_id;
      item.type = std::move(type);
      item.subject = record.subject_key;
      item.received_ms = record.received_at_ms;
      item.first_received = now - std::chrono::milliseconds(age_ms);
      item.attempts = record.attempts;
      item.seq = record.seq;
      item.store = Store::durable;
      item.due = now;
      insert(std::move(item));
      pump(now, fx);
    }
  }
  run(std::move(fx));
}

void Outbox::spool_through(Item& target, Effects& fx) {
  // Every in-memory pair of the subject up to this one, in order: sequence numbers then
  // keep the subject's order for the replay after a restart.
  std::vector<spool::Record> records;
  auto placed = std::make_shared<std::vector<std::pair<uint64_t, uint64_t>>>();
  for (uint64_t id : subjects_.at(target.subject)) {
    Item& item = items_.at(id);
    if (item.store == Store::memory) {
      spool::Record record;
      record.event_id = item.event_id;
      record.subscriber_id = id_;
      record.subject_key = item.subject;
      record.received_at_ms = item.received_ms;
      record.attempts = item.attempts;
      record.payload = *item.body;
      records.push_back(std::move(record));
      placed->emplace_back(id, 0);
      item.store = Store::spooling;
    }
    if (id == target.id) break;
  }
  if (records.empty()) return;
  std::weak_ptr<Outbox> weak = weak_from_this();
  spool::Appended appended =
      context_.spool->append(std::move(records), [weak, placed](const spool::Status& status) {
        if (auto self = weak.lock()) self->on_durable(*placed, status);
      });
  if (appended.status.ok()) {
    for (std::size_t i = 0; i < placed->size(); ++i) (*placed)[i].second = appended.first_seq + i;
    return;
  }
  // Full or closed: these pairs go back to their vendors (503), unless already in flight.
  log::warn("deliver", "spool refused",
            {{"subscriber", id_},
             {"pairs", std::to_string(placed->size())},
             {"reason", appended.status.reason}});
  for (auto [id, seq] : *placed) {
    Item& item = items_.at(id);
    item.store = Store::memory;
    settle_all(item, Settled::deferred, appended.status.reason, fx);
    if (item.in_flight) {
      item.withdrawn = true;
    } else {
      remove(id);
    }
  }
}

void Outbox::on_durable(const std::vector<std::pair<uint64_t, uint64_t>>& placed,
                        const spool::Status& status) {
  Effects fx;
  {
    std::lock_guard lock(mutex_);
    for (auto [id, seq] : placed) {
      auto it = items_.find(id);
      if (it == items_.end() || it->second.store != Store::spooling) {
        // Delivered or dead while it was being written: its record is not needed.
        if (status.ok()) fx.done_seqs.push_back(seq);
        continue;
      }
      Item& item = it->second;
      if (status.ok()) {
        item.store = Store::durable;
        item.seq = seq;
        settle_all(item, Settled::spooled, "", fx);
        if (!item.in_flight) item.body.reset();
      } else {
        item.store = Store::memory;
        settle_all(item, Settled::deferred, status.reason, fx);
        if (item.in_flight) {
          item.withdrawn = true;
        } else {
          remove(id);
        }
      }
    }
    pump(Clock::now(), fx);
  }
  run(std::move(fx));
}

void Outbox::deadline(std::string_view event_id, const std::shared_ptr<Waiter>& waiter) {
  Effects fx;
  {
    std::lock_guard lock(mutex_);
    auto found = by_event_.find(std::string(event_id));
    if (found == by_event_.end()) return;
    Item& item = items_.at(found->second);
    auto w = std::find(item.waiters.begin(), item.waiters.end(), waiter);
    if (w == item.waiters.end()) return;
    if (context_.spool) {
      if (item.store == Store::memory) spool_through(item, fx);
    } else {
      item.waiters.erase(w);
      fx.settles.push_back({waiter, Settled::deferred, "not accepted within the ack budget"});
      if (item.waiters.empty()) {
        if (item.in_flight) {
          item.withdrawn = true;
        } else {
          remove(item.id);
        }
      }
    }
    pump(Clock::now(), fx);
  }
  run(std::move(fx));
}

void Outbox::pump(Clock::time_point now, Effects& fx) {
  if (closed_ || disabled_ || !subscriber_ || !client_) return;
  while (!waiting_.empty() && waiting_.begin()->first <= now) {
    const uint64_t id = waiting_.begin()->second;
    waiting_.erase(waiting_.begin());
    auto it = items_.find(id);
    if (it != items_.end() && !it->second.in_flight && it->second.due <= now && is_head(it->second))
      ready_.insert(id);
  }
  while (in_flight_ < subscriber_->max_in_flight && !ready_.empty()) {
    if (!rate_.try_acquire_now(now)) {
      const double rate = subscriber_->rate_per_second;
      auto step = std::chrono::milliseconds(
          rate > 0 ? std::max<int64_t>(1, static_cast<int64_t>(1000.0 / rate)) : 1);
      arm(std::max(rate_.held_until(), now + step));
      break;
    }
    auto admission = breaker_.allow(now);
    log_breaker(id_, admission.transition);
    if (!admission.allowed) {
      if (admission.retry_at != Clock::time_point::max()) arm(admission.retry_at);
      break;
    }
    Item& item = items_.at(*ready_.begin());
    ready_.erase(ready_.begin());
    item.in_flight = true;
    in_flight_ += 1;
    item.attempts += 1;
    counters_.attempts += 1;
    fx.sends.push_back({item.id, item.event_id, item.body, item.seq});
  }
  if (!waiting_.empty()) arm(waiting_.begin()->first);
}

void Outbox::arm(Clock::time_point at) {
  if (at >= armed_ || closed_) return;
  armed_ = at;
  timer_.expires_at(at);
  std::weak_ptr<Outbox> weak = weak_from_this();
  timer_.async_wait([weak](boost::system::error_code ec) {
    if (ec) return;
    if (auto self = weak.lock()) self->on_timer();
  });
}

void Outbox::on_timer() {
  Effects fx;
  {
    std::lock_guard lock(mutex_);
    armed_ = Clock::time_point::max();
    pump(Clock::now(), fx);
  }
  run(std::move(fx));
}

void Outbox::run(Effects fx) {
  for (const auto& event_id : fx.delivered) context_.delivered.insert(event_id, id_);
  for (auto& s : fx.settles) s.waiter->settle(s.how, s.reason);
  if (!fx.done_seqs.empty() && context_.spool) context_.spool->mark_delivered(fx.done_seqs);
  for (auto& send_one : fx.sends) send(std::move(send_one));
}

void Outbox::send(Send s) {
  std::shared_ptr<const std::string> body = s.body;
  if (!body && context_.spool) {
    if (auto record = context_.spool->read(s.seq)) {
      body = std::make_shared<const std::string>(std::move(record->payload));
    }
  }
  std::shared_ptr<http::Client> client;
  std::vector<std::string> keys;
  std::chrono::milliseconds timeout{0};
  {
    std::lock_guard lock(mutex_);
    client = client_;
    keys = keys_;
    if (subscriber_) timeout = subscriber_->timeout;
  }
  if (!body || !client) {
    // Its data key was destroyed (retention) or the subscriber went away meanwhile.
    http::PostResult result;
    result.error = body ? "client closed" : "spool record unreadable";
    return on_result(s.id, result);
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

void Outbox::on_result(uint64_t id, const http::PostResult& result) {
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
    Verdict verdict = classify(outcome);
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
    if (result.error == "spool record unreadable") verdict = Verdict::final_failure;
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
          if (item.store == Store::memory) spool_through(item, fx);
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

void Outbox::reconfigure(config::Snapshot config, const config::Subscriber* subscriber) {
  Effects fx;
  {
    std::lock_guard lock(mutex_);
    config_ = std::move(config);
    if (subscriber) {
      apply_settings(*subscriber);
    } else if (subscriber_) {
      if (client_) client_->close();
      client_.reset();
      subscriber_ = nullptr;
      log::warn("deliver", "subscriber removed: its queue is parked until it returns or expires",
                {{"subscriber", id_}, {"queued", std::to_string(items_.size())}});
    }
    pump(Clock::now(), fx);
  }
  run(std::move(fx));
}

std::size_t Outbox::sweep() {
  Effects fx;
  std::size_t swept = 0;
  {
    std::lock_guard lock(mutex_);
    const auto now = Clock::now();
    const auto max_age = subscriber_ ? subscriber_->retry.max_age : config::Retry{}.max_age;
    std::vector<uint64_t> old;
    for (const auto& [id, item] : items_) {
      if (!item.in_flight && now - item.first_received > max_age) old.push_back(id);
    }
    for (uint64_t id : old) dead_letter(items_.at(id), "older than retry.max_age", fx);
    swept = old.size();
    pump(now, fx);
  }
  run(std::move(fx));
  return swept;
}

void Outbox::close() {
  Effects fx;
  {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    closed_ = true;
    timer_.cancel();
    if (client_) client_->close();
    for (auto& [id, item] : items_) settle_all(item, Settled::deferred, "shutting down", fx);
  }
  for (auto& s : fx.settles) s.waiter->settle(s.how, s.reason);
}

OutboxStats Outbox::stats() const {
  std::lock_guard lock(mutex_);
  OutboxStats s = counters_;
  s.queued = items_.size();
  s.in_flight = in_flight_;
  s.breaker = breaker_.state();
  s.disabled = disabled_;
  return s;
}

}  // namespace weft::deliver
