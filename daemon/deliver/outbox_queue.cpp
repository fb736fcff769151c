// The outbox's queue: subjects in order, heads that are due, and the pump that starts
// attempts within the in-flight limit, the rate limit and the breaker.
#include "daemon/deliver/outbox.h"

#include <algorithm>

#include "daemon/deliver/outbox_detail.h"

namespace weft::deliver {

using detail::log_breaker;

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

void Outbox::pump(Clock::time_point now, Effects& fx) {
  if (closed_ || disabled_ || paused_ || !subscriber_ || !client_) return;
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

}  // namespace weft::deliver
