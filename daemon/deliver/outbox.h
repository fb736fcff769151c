// One subscriber's delivery queue. Every (event, subscriber) pair waits here until the
// subscriber accepts it, it becomes a dead letter, or (spool: none) its vendor is told to retry.
//
// - Order: pairs are grouped by subject; only the oldest pair of a subject may be in flight,
//   so a subscriber sees one subject's events in the order Weft received them, while other
//   subjects go ahead.
// - Isolation: its own HTTP pool, in-flight limit, optional rate limit, circuit breaker and
//   retry schedule; nothing here waits on another subscriber.
// - Durability (spool mode): a pair that cannot be delivered at once (it failed, waits behind
//   its subject, the breaker is open, or the vendor's ack budget ran out) is appended to the
//   spool with every earlier in-memory pair of its subject, so sequence numbers keep the
//   per-subject order across restarts. A slow subscriber's new pairs are spooled at once when
//   waiting for it would outlast the ack budget anyway (spool_at_once()), so one slow endpoint
//   does not hold the vendors' answers, and through them the other subscribers' rate. Once durable
//   its body is dropped from memory and read back from the spool for each attempt. Delivered and
//   dead pairs get a done marker.
//
// Thread-safety: any thread; one mutex guards the state, and no callback (HTTP, waiter,
// spool) runs while it is held.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "daemon/config/config.h"
#include "daemon/deliver/circuit_breaker.h"
#include "daemon/deliver/delivered_set.h"
#include "daemon/deliver/history.h"
#include "daemon/deliver/rate_limiter.h"
#include "daemon/deliver/retry_policy.h"
#include "daemon/deliver/signing.h"
#include "daemon/http/client.h"
#include "daemon/spool/spool.h"
#include "providers/core/envelope.h"

namespace weft::deliver {

// How a pair ended for the vendor request waiting on it.
enum class Settled {
  accepted,   // the subscriber answered 2xx
  duplicate,  // the subscriber already had it, or it is already held in the spool
  spooled,    // durable in the spool: Weft retries it
  dead,       // a final refusal (4xx, 410): asking again would not help
  deferred,   // not accepted and not spooled: the vendor must retry
  refused,    // the spool refused the write (full, closed, disk error): the vendor must retry
};

// A vendor request waiting for its pairs (the dispatcher's batch). settle() runs once per pair
// it waits on, from any thread, never under an outbox lock.
class Waiter {
 public:
  virtual ~Waiter() = default;
  virtual void settle(Settled how, std::string_view reason) = 0;
};

// Upper bounds (seconds) of the delivery latency histogram's buckets.
inline constexpr std::array<double, 11> kLatencyBounds = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                          0.5,   1,    2.5,   5,    10};

// Counts only: safe for logs and metrics.
struct OutboxStats {
  std::size_t queued = 0;     // pairs waiting (in memory or spooled)
  std::size_t in_flight = 0;  // attempts out now
  uint64_t attempts = 0, delivered = 0, retries = 0, dead_letters = 0;
  // Attempt results by outcome: 1xx..5xx (status class), timeout, connect_error (resolve,
  // connect, TLS), refused (the address policy), io_error (write, read), not_sent.
  std::map<std::string, uint64_t> attempts_by_outcome;
  // Latency of attempts that got a response or timed out: per-bucket counts (the last one
  // above every bound) and their sum in seconds.
  std::array<uint64_t, kLatencyBounds.size() + 1> latency_counts{};
  double latency_sum_seconds = 0;
  std::map<std::string, uint64_t> dead_letters_by_type;  // event type -> count
  std::map<std::string, uint64_t> refused_by_reason;     // SSRF guard refusals: reason -> attempts
  BreakerState breaker = BreakerState::closed;
  bool disabled = false;  // the endpoint answered 410 Gone
  bool paused = false;    // paused through the admin API: nothing is attempted
  int64_t last_success_ms = 0, last_failure_ms = 0;  // unix ms of the last outcome; 0: none
  std::string last_failure;                          // its reason (status or error), one line
};

// One pair waiting in an outbox, for the admin API's spool listing (metadata only).
struct HeldPair {
  uint64_t order = 0;  // the outbox's queue position: grows with every pair added
  std::string event_id, type, subject;
  uint32_t attempts = 0;
  std::string store;            // memory, spooling, durable
  std::string state;            // in_flight, due, retry_wait, behind_subject_head, paused
  int64_t received_ms = 0;      // unix ms
  int64_t next_attempt_ms = 0;  // unix ms of the next attempt when waiting; 0: not scheduled
};

// What a redeliver request did (outbox_admin.cpp).
enum class Redelivery {
  not_held,             // no such pair here
  attempting,           // its retry wait was cleared and it is the subject's head
  in_flight,            // an attempt is already out
  behind_subject_head,  // its wait was cleared; it goes once the older pairs of its subject have
  paused,               // its wait was cleared; it goes on resume
};
std::string_view to_string(Redelivery r);

struct OutboxContext {
  boost::asio::io_context& ioc;
  boost::asio::ssl::context& tls;
  spool::Spool* spool;  // nullptr: spool: none
  DeliveredSet& delivered;
  History* history = nullptr;  // recent attempts and dead letters (admin API); may be null
};

class Outbox : public std::enable_shared_from_this<Outbox> {
 public:
  using Clock = std::chrono::steady_clock;

  // subscriber nullptr: parked (records recovered for a subscriber no longer configured).
  Outbox(OutboxContext context, std::string id, config::Snapshot config,
         const config::Subscriber* subscriber);
  ~Outbox();

  // A pair from a vendor request; `waiter` is settled exactly once for it.
  void add(std::shared_ptr<const UnifiedEvent> event, std::shared_ptr<Waiter> waiter);
  // A pair read back from the spool at start-up (durable already; body stays on disk).
  void recover(const spool::Record& record, std::string type);
  // The waiter's ack budget ran out: spool the pair (spool mode) or hand it back (none).
  void deadline(std::string_view event_id, const std::shared_ptr<Waiter>& waiter);
  // Settings after a reload. A removed subscriber parks its queue (nullptr subscriber).
  void reconfigure(config::Snapshot config, const config::Subscriber* subscriber);
  // Dead-letters pairs older than retry.max_age; returns how many.
  std::size_t sweep();
  // Stops attempts and timers and closes the pool; spooled pairs stay for the next start.
  void close();

  OutboxStats stats() const;
  const std::string& id() const { return id_; }

  // Admin (outbox_admin.cpp). The pairs waiting here, oldest first.
  std::vector<HeldPair> held() const;
  // Clears the retry wait of a pair still held, so it is attempted as soon as it is its
  // subject's head (per-subject order holds), the breaker and the rate limit allow.
  Redelivery redeliver(std::string_view event_id);
  // Paused: pairs are still taken, queued and spooled, but none is attempted until resumed.
  // A reload keeps it; a restart does not.
  void set_paused(bool paused);

 private:
  enum class Store { memory, spooling, durable };
  struct Item {
    uint64_t id = 0;
    std::string event_id, type, subject;
    int64_t received_ms = 0;  // unix ms, kept in the spool record
    Clock::time_point first_received;
    uint32_t attempts = 0;
    std::shared_ptr<const std::string> body;  // null while only on disk
    uint64_t seq = 0;                         // spool sequence number once durable
    Store store = Store::memory;
    bool in_flight = false;
    bool withdrawn = false;  // spool: none: its vendor retries it; drop after this attempt
    Clock::time_point due{};
    std::vector<std::shared_ptr<Waiter>> waiters;
  };
  struct Send {
    uint64_t id;
    std::string event_id;
    std::shared_ptr<const std::string> body;
    uint64_t seq;
  };
  struct Settle {
    std::shared_ptr<Waiter> waiter;
    Settled how;
    std::string reason;
  };
  // What a locked section decided; run() carries it out after unlocking.
  struct Effects {
    std::vector<Send> sends;
    std::vector<Settle> settles;
    std::vector<uint64_t> done_seqs;     // spool records to mark delivered
    std::vector<std::string> delivered;  // event ids the subscriber accepted
  };

  Item& insert(Item item);
  void settle_all(Item& item, Settled how, std::string_view reason, Effects& fx);
  void remove(uint64_t id);
  void dead_letter(Item& item, std::string_view reason, Effects& fx);
  void place_head(const std::string& subject, Clock::time_point now);
  bool is_head(const Item& item) const;
  // Appends the subject's in-memory pairs, in order, up to last_id (kWholeSubject: all).
  static constexpr uint64_t kWholeSubject = 0;
  void spool_through(std::string subject, uint64_t last_id, Effects& fx);
  void pump(Clock::time_point now, Effects& fx);
  void arm(Clock::time_point at);
  void run(Effects fx);
  void send(Send send);
  // record_lost: the pair's spool record could not be read (its key expired), so it is a final
  // failure whatever the result says; the result still releases the attempt's slot and probe.
  void on_result(uint64_t id, const http::PostResult& result, bool record_lost = false);
  void on_durable(const std::vector<std::pair<uint64_t, uint64_t>>& placed,
                  const spool::Status& status);
  void apply_settings(const config::Subscriber& subscriber);
  void disable(Effects& fx);
  void on_timer();
  // Folds one observed attempt time into typical_latency_.
  void note_latency(std::chrono::milliseconds latency);
  // Spool mode: a new pair would wait for an attempt out now (when every slot is taken) and
  // then for its own, and the subscriber's typical attempt time says that outlasts the ack
  // budget, so it would be spooled at the deadline anyway: spool it now and let the vendor go.
  bool spool_at_once() const;
  // The admin API's records of one attempt's outcome and of a dead letter (outbox_admin.cpp).
  void record_attempt(const Item& item, const http::PostResult& result, Verdict verdict);
  void record_dead_letter(const Item& item, std::string_view reason);

  OutboxContext context_;
  const std::string id_;
  boost::asio::steady_timer timer_;

  mutable std::mutex mutex_;
  config::Snapshot config_;                         // keeps subscriber_ alive
  const config::Subscriber* subscriber_ = nullptr;  // nullptr: parked
  std::shared_ptr<http::Client> client_;
  std::vector<SigningKey> keys_;  // decoded whsec_ and whsk_ secrets
  RetryPolicy retry_;
  CircuitBreaker breaker_;
  RateLimiter rate_;
  std::map<uint64_t, Item> items_;
  std::unordered_map<std::string, uint64_t> by_event_;
  std::unordered_map<std::string, std::deque<uint64_t>> subjects_;
  std::set<uint64_t> ready_;                            // heads due now, idle
  std::multimap<Clock::time_point, uint64_t> waiting_;  // heads due later (lazy)
  Clock::time_point armed_ = Clock::time_point::max();
  uint64_t next_id_ = 1;
  std::size_t in_flight_ = 0;
  // The subscriber's recent attempt time: a moving average of answered (or timed-out)
  // attempts and of ack budgets that ran out while a pair waited here; zero until known.
  std::chrono::milliseconds typical_latency_{0};
  bool disabled_ = false;
  bool closed_ = false;
  bool paused_ = false;
  OutboxStats counters_;
};

}  // namespace weft::deliver
