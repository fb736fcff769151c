// The outbox's entry points: settings, new pairs, ack deadlines, sweeps, close, stats.
#include "daemon/deliver/outbox.h"

#include <algorithm>
#include <random>
#include <utility>

#include "daemon/deliver/outbox_detail.h"
#include "daemon/deliver/signing.h"

namespace weft::deliver {

using detail::unix_ms_now;

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
  // The SSRF guard from the snapshot's `network:` block (config_ is the new snapshot).
  const config::Network network = config_ ? config_->network : config::Network{};
  auto policy = std::make_shared<const http::AddressPolicy>(
      http::AddressPolicy::from_strings(network.allow_private, network.allow_plain_http));
  const bool policy_changed = !client_ || !client_->policy() || *client_->policy() != *policy;
  const bool endpoint_changed = !subscriber_ || subscriber_->url != sub.url ||
                                subscriber_->max_connections != sub.max_connections ||
                                subscriber_->max_in_flight != sub.max_in_flight;
  const bool rate_changed = !subscriber_ || subscriber_->rate_per_second != sub.rate_per_second ||
                            subscriber_->burst != sub.burst;
  if (endpoint_changed || policy_changed || !client_) {
    typical_latency_ = {};  // a new endpoint or pool: how slow the old one was says nothing
    if (client_) client_->close();
    client_.reset();
    if (auto url = http::Url::parse(sub.url)) {
      // Never more than max_in_flight requests wait for one of its connections.
      client_ = std::make_shared<http::Client>(context_.ioc, context_.tls, *url,
                                               sub.max_connections, sub.max_in_flight,
                                               http::ClientOptions{.policy = std::move(policy)});
    }
    if (disabled_ && (!subscriber_ || subscriber_->url != sub.url)) {
      disabled_ = false;
      log::info("deliver", "subscriber enabled again: its url changed", {{"subscriber", id_}});
    }
  }
  keys_.clear();
  for (const auto& secret : sub.secrets) {
    if (auto key = decode_signing_key(secret)) keys_.push_back(std::move(*key));
  }
  if (!subscriber_ || subscriber_->retry.schedule != sub.retry.schedule)
    breaker_ = CircuitBreaker(breaker_options(&sub));
  retry_ = RetryPolicy(retry_options(sub.retry), random_seed());
  if (rate_changed) rate_ = RateLimiter(sub.rate_per_second, sub.burst);
  subscriber_ = &sub;
}

void Outbox::reconfigure(config::Snapshot config, const config::Subscriber* subscriber) {
  Effects fx;
  config::Snapshot previous;  // keeps subscriber_ valid until apply_settings compared it
  {
    std::lock_guard lock(mutex_);
    previous = std::exchange(config_, std::move(config));
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
      // It cannot go soon: its subject is already in the slow lane (the head failed or was
      // spooled), the breaker is open, the subscriber is paused or too slow to wait for.
      // Write it down now rather than at the ack deadline. Behind a head still in its first
      // attempt of a subscriber that answers in time it waits, in memory.
      if (context_.spool) {
        const Item& head = items_.at(subjects_.at(stored.subject).front());
        if (head.store != Store::memory || breaker_.state() == BreakerState::open || paused_ ||
            spool_at_once())
          spool_through(stored.subject, kWholeSubject, fx);
      }
      pump(now, fx);
    }
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
    // The vendor waited the whole budget for this subscriber: that is how slow it is now.
    if (config_) note_latency(config_->server.ack_budget);
    if (context_.spool) {
      if (item.store == Store::memory) spool_through(item.subject, item.id, fx);
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

void Outbox::note_latency(std::chrono::milliseconds latency) {
  typical_latency_ = typical_latency_.count() == 0 ? latency : (typical_latency_ * 3 + latency) / 4;
}

bool Outbox::spool_at_once() const {
  if (typical_latency_.count() == 0 || !config_ || !subscriber_) return false;
  const bool slots_taken = in_flight_ >= subscriber_->max_in_flight;
  return typical_latency_ * (slots_taken ? 2 : 1) >= config_->server.ack_budget;
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

void Outbox::settle_all(Item& item, Settled how, std::string_view reason, Effects& fx) {
  for (auto& waiter : item.waiters)
    fx.settles.push_back({std::move(waiter), how, std::string(reason)});
  item.waiters.clear();
}

void Outbox::run(Effects fx) {
  for (const auto& event_id : fx.delivered) context_.delivered.insert(event_id, id_);
  for (auto& s : fx.settles) s.waiter->settle(s.how, s.reason);
  if (!fx.done_seqs.empty() && context_.spool) context_.spool->mark_delivered(fx.done_seqs);
  for (auto& send_one : fx.sends) send(std::move(send_one));
}

}  // namespace weft::deliver
