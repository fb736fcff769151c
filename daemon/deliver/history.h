// Recent delivery attempts and dead letters, for the admin API: two bounded rings of
// metadata (event id, type, subscriber, status, latency, attempt, reason; never a body).
// Each record gets a sequence number that only grows, so a reader pages from the newest
// backwards with "older than seq N" and sees no duplicates and no gaps while new records
// arrive (only records pushed out of the ring are lost, the oldest first).
//
// Thread-safety: any thread; one mutex per ring, held only to copy records in or out.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace weft::deliver {

struct AttemptRecord {
  uint64_t seq = 0;
  int64_t at_ms = 0;  // unix ms when the outcome was known
  std::string event_id, type, subscriber;
  uint32_t attempt = 0;  // 1 for the first attempt
  int status = 0;        // HTTP status; 0: no answer (see error)
  double latency_ms = 0;
  std::string verdict;  // delivered, retry, final_failure, gone (retry_policy.h)
  std::string error;    // transport error or refusal, "" when the subscriber answered
};

struct DeadLetterRecord {
  uint64_t seq = 0;
  int64_t at_ms = 0;
  std::string event_id, type, subscriber, reason;
  uint32_t attempts = 0;
};

template <typename Record>
class Ring {
 public:
  explicit Ring(std::size_t capacity) : capacity_(capacity) {}

  void push(Record record) {
    std::lock_guard lock(mutex_);
    record.seq = next_seq_++;
    records_.push_back(std::move(record));
    if (records_.size() > capacity_) records_.pop_front();
  }

  // Up to `limit` records with seq < before (0: from the newest) that `keep` accepts, newest
  // first. `more` tells whether an older accepted record remains.
  std::vector<Record> page(uint64_t before, std::size_t limit,
                           const std::function<bool(const Record&)>& keep, bool& more) const {
    std::vector<Record> out;
    more = false;
    std::lock_guard lock(mutex_);
    for (auto it = records_.rbegin(); it != records_.rend(); ++it) {
      if (before != 0 && it->seq >= before) continue;
      if (keep && !keep(*it)) continue;
      if (out.size() == limit) {
        more = true;
        break;
      }
      out.push_back(*it);
    }
    return out;
  }

  std::size_t capacity() const { return capacity_; }

 private:
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::deque<Record> records_;
  uint64_t next_seq_ = 1;
};

// The dispatcher's history, shared by its outboxes.
struct History {
  static constexpr std::size_t kAttempts = 10'000;
  static constexpr std::size_t kDeadLetters = 1'000;
  Ring<AttemptRecord> attempts{kAttempts};
  Ring<DeadLetterRecord> dead_letters{kDeadLetters};
};

}  // namespace weft::deliver
