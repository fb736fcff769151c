// The outbox and the spool: pairs written down in subject order, their durable callbacks,
// and pairs read back at start-up.
#include "daemon/deliver/outbox.h"

#include <iterator>

#include "daemon/deliver/outbox_detail.h"

namespace weft::deliver {

using detail::unix_ms_now;

void Outbox::spool_through(std::string subject, uint64_t last_id, Effects& fx) {
  // Every in-memory pair of the subject up to last_id, in order: sequence numbers then
  // keep the subject's order for the replay after a restart.
  std::vector<spool::Record> records;
  auto placed = std::make_shared<std::vector<std::pair<uint64_t, uint64_t>>>();
  // In-memory pairs are the tail of the subject's queue (pairs are spooled oldest first):
  // start where that tail starts, so a long spooled queue is not walked again each time.
  const auto& queue = subjects_.at(subject);
  auto from = queue.end();
  while (from != queue.begin() && items_.at(*std::prev(from)).store == Store::memory) --from;
  for (auto it = from; it != queue.end(); ++it) {
    const uint64_t id = *it;
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
    if (id == last_id) break;
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
    settle_all(item, Settled::refused, appended.status.reason, fx);
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
        settle_all(item, Settled::refused, status.reason, fx);
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

}  // namespace weft::deliver
