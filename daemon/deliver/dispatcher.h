// Sends sealed events to their subscribers through one Outbox per subscriber (outbox.h: its
// queue, order, retries, breaker), and tells the vendor request when it may be answered:
// every matching subscriber accepted the event, or (spool mode) the pairs still undelivered
// are on disk. Owns the spool, replays it at start-up, and remembers who accepted what (the
// delivered set, persistent next to the spool) so a vendor's retry reaches only the
// subscribers that still lack the event.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "daemon/config/config.h"
#include "daemon/deliver/delivered_set.h"
#include "daemon/deliver/outbox.h"
#include "daemon/spool/spool.h"
#include "providers/core/envelope.h"

namespace weft::deliver {

struct BatchOutcome {
  std::size_t accepted = 0;    // answered 2xx now
  std::size_t duplicates = 0;  // the subscriber already had it, or it is already spooled
  std::size_t spooled = 0;     // written to the spool: Weft retries them
  std::size_t dead = 0;        // refused for good (4xx, 410): dead letters
  std::size_t failed = 0;      // neither accepted nor spooled: the vendor must retry
  std::string reason;          // why, when failed > 0 (one line, ids and counts only)
  bool spool_refused = false;  // failed because the spool was full or closed
  bool all_accepted() const { return failed == 0; }
};

using BatchDone = std::function<void(BatchOutcome)>;

class Dispatcher {
 public:
  Dispatcher(boost::asio::io_context& ioc, std::size_t dedup_capacity);
  ~Dispatcher();

  // Spool mode: opens the spool and the persistent delivered set in config.spool.path, then
  // queues every undelivered record for its subscriber in sequence order. "" or an error.
  std::string open_spool(const config::Snapshot& config);

  // Queues every event for every subscriber the router picks. done runs once, when each pair
  // is accepted, spooled or refused for good, or failed (the deadline passed with spool: none).
  void deliver(const config::Snapshot& config, std::vector<UnifiedEvent> events,
               std::chrono::steady_clock::time_point deadline, BatchDone done);

  // After a reload: each outbox takes its subscriber's new settings; removed ones park.
  void reconfigure(const config::Snapshot& config);
  // Stops deliveries and timers, writes what is queued to the spool and closes it.
  void close();

  const DeliveredSet& delivered() const { return delivered_; }
  bool spooling() const { return spool_ != nullptr; }
  spool::Stats spool_stats() const;
  std::vector<std::pair<std::string, OutboxStats>> outbox_stats() const;

  // Admin API. Recent attempts and dead letters (metadata only).
  const History& history() const { return history_; }
  // The subscriber's outbox, made now when it has none yet (a pause before its first event).
  std::shared_ptr<Outbox> outbox_for(const config::Snapshot& config, std::string_view id);
  // Every outbox, by subscriber id.
  std::vector<std::shared_ptr<Outbox>> outboxes() const;
  // One event to one subscriber, past the router (a weft.ping); done as for deliver().
  void send_to(const config::Snapshot& config, std::string_view subscriber, UnifiedEvent event,
               std::chrono::steady_clock::time_point deadline, BatchDone done);
  // Events sealed per connection since start (those routed to no subscriber too).
  struct ConnectionCounts {
    uint64_t events = 0;
    int64_t last_event_ms = 0;  // unix ms; 0: none yet
  };
  std::map<std::string, ConnectionCounts, std::less<>> connection_counts() const;

 private:
  class Batch;
  void housekeeping();

  boost::asio::io_context& ioc_;
  std::unique_ptr<boost::asio::ssl::context> tls_;
  DeliveredSet delivered_;
  History history_;
  std::unique_ptr<spool::Spool> spool_;
  boost::asio::strand<boost::asio::io_context::executor_type> housekeeping_strand_;
  boost::asio::steady_timer housekeeping_timer_;  // on housekeeping_strand_
  unsigned housekeeping_ticks_ = 0;
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Outbox>, std::less<>> outboxes_;
  std::atomic<bool> closed_{false};
  mutable std::mutex counts_mutex_;
  std::map<std::string, ConnectionCounts, std::less<>> connection_counts_;
};

}  // namespace weft::deliver
