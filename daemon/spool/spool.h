// The encrypted transient spool: undelivered (event, subscriber) records in append-only
// segment files, each frame sealed with AES-256-GCM under a rotating data key, so nothing in
// the directory is readable without the master key, and nothing at all once a key's
// retention window has closed. Appends from any thread go to one writer thread that writes
// and fsyncs each batch once (group commit) before completing the callers' callbacks.
// Delivered records get an authenticated done marker; segments that are mostly dead are
// rewritten and their old files overwritten and deleted. Layout: frame.h and FORMAT.md.
// Sealing, writing and fsyncing a batch run without the lock; compaction (rare, at most one
// segment_size of I/O) holds it, so appends wait for it rather than fail.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <thread>
#include <vector>

#include "daemon/spool/frame.h"
#include "daemon/spool/key_ring.h"
#include "daemon/spool/status.h"

namespace weft::spool {

struct Options {
  std::chrono::milliseconds rotation = std::chrono::hours(1);    // new data key this often
  std::chrono::milliseconds retention = std::chrono::hours(72);  // then the key is destroyed
  uint64_t max_size = 1ull << 30;       // segment bytes on disk plus queued; append fails beyond
  std::size_t max_queue = 10000;        // records waiting for the writer; append fails beyond
  uint64_t segment_size = 64ull << 20;  // start a new segment file past this size
  double compact_ratio = 0.5;           // rewrite a closed segment once this share is dead
  std::function<int64_t()> clock;       // unix ms; the system clock when empty
};

// Ids and counts only: safe to log and export as metrics.
struct Stats {
  std::size_t records = 0;       // undelivered records
  uint64_t live_bytes = 0;       // their frame bytes
  uint64_t disk_bytes = 0;       // all segment file bytes
  std::size_t segments = 0;      // segment files
  std::size_t keys = 0;          // data keys held
  std::size_t queued = 0;        // records waiting for the writer
  uint64_t expired = 0;          // records dropped because their key was destroyed or missing
  uint64_t torn = 0;             // torn tails truncated on open
  uint64_t corrupt = 0;          // frames that did not authenticate (dropped)
  uint64_t unreadable_keys = 0;  // key files the master key does not open
  uint64_t batches = 0;          // group-commit batches written
  uint64_t fsyncs = 0;           // segment file fsyncs (one per batch or compaction)
  uint64_t dir_fsyncs = 0;       // directory fsyncs for new or deleted segment files
  uint64_t compactions = 0;      // segment files rewritten and deleted
};

using DoneCallback = std::function<void(const Status&)>;

struct Appended {
  Status status;           // not ok: nothing was queued (full, closed, invalid)
  uint64_t first_seq = 0;  // records got first_seq, first_seq + 1, ... in order
};

class Spool {
 public:
  struct Opened {
    std::unique_ptr<Spool> spool;
    Status status;
  };

  // Creates the directory if needed (mode 0700), loads the keys, replays every segment and
  // destroys keys whose window has closed. The master key is never written anywhere.
  static Opened open(const std::filesystem::path& dir, const Key& master, Options options);

  ~Spool();
  Spool(const Spool&) = delete;
  Spool& operator=(const Spool&) = delete;

  // Queues the records for the writer and returns at once; `durable` runs on the writer
  // thread after the batch holding them is written and fsynced (or failed). Callbacks must
  // be short and must not call close().
  Appended append(std::vector<Record> records, DoneCallback durable);
  // append() and wait for durability; for callers that have no event loop.
  Appended append_wait(std::vector<Record> records);

  // Drops delivered records from the index and queues an authenticated done marker
  // (never refused for size: it frees space). Returns how many of `seqs` were pending;
  // unknown or already delivered seqs are ignored. `durable`, if set, runs once the marker is
  // fsynced. Call it after the record's append callback reported success.
  std::size_t mark_delivered(std::span<const uint64_t> seqs, DoneCallback durable = {});

  // Undelivered records in append (sequence) order, decrypted from disk.
  std::vector<Record> pending() const;
  // Their sequence numbers only, in order (no disk reads).
  std::vector<uint64_t> pending_seqs() const;
  // One undelivered record, decrypted from disk; nullopt when delivered, expired or unreadable.
  std::optional<Record> read(uint64_t seq) const;

  // Destroys keys whose retention window has closed at `now_ms`; drops their records.
  // Returns the number of records dropped. open() and every batch do this too.
  std::size_t expire(int64_t now_ms);

  Stats stats() const;

  // Writes everything queued, stops the writer and closes the files. Idempotent.
  void close();

 private:
  struct Location {
    uint64_t segment = 0;
    uint64_t offset = 0;
    uint32_t size = 0;
    uint64_t key_id = 0;
    std::vector<uint64_t> copies;  // other segments holding a copy (crash mid-compaction)
  };
  // A delivered record whose frame still exists: its done marker must outlive those frames.
  struct Dead {
    std::vector<uint64_t> record_segments;
    uint64_t marker_segment = 0;  // 0 until the marker is on disk
    uint64_t key_id = 0;
  };
  struct Segment {
    uint64_t size = 0;
    uint64_t live_bytes = 0;
    std::size_t live_records = 0;
  };
  struct Work {
    std::vector<Record> records;  // appends
    std::vector<uint64_t> done;   // or a done marker
    uint64_t first_seq = 0;       // records' first seq, or the marker's seq
    uint64_t bytes = 0;
    DoneCallback callback;
  };

  Spool(std::filesystem::path dir, const Key& master, Options options);
  Status recover();
  std::optional<Record> read_locked(uint64_t seq, std::map<uint64_t, int>& fds) const;
  bool recover_segment(uint64_t number, std::map<uint64_t, uint64_t>& done_in);
  std::size_t expire_locked(int64_t now_ms);
  void run_writer();
  void write_batch(std::deque<Work>& batch);
  void compact();
  void compact_segment(uint64_t number);
  // Writer thread, mutex held: the data key for `now` and an open segment sealed under it.
  const DataKey* prepare_active(int64_t now_ms, Status& status);
  // Writer thread, mutex held: appends `bytes` to the active segment and fsyncs.
  Status write_active(const std::vector<uint8_t>& bytes);
  // Any thread: pwrite at `offset` and fdatasync; truncates back on failure.
  Status write_segment(int fd, uint64_t offset, const std::vector<uint8_t>& bytes);
  void close_active();
  void drop_segment_file(uint64_t number);
  std::filesystem::path segment_path(uint64_t number) const;
  int64_t now() const;

  std::filesystem::path dir_;
  Options options_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  KeyRing keys_;
  std::map<uint64_t, Location> live_;
  std::map<uint64_t, Dead> dead_;
  std::map<uint64_t, Segment> segments_;
  std::deque<Work> queue_;
  std::size_t queued_records_ = 0;
  uint64_t queued_bytes_ = 0;
  uint64_t next_seq_ = 1;
  uint64_t next_segment_ = 1;
  bool stopping_ = false;
  bool closed_ = false;
  bool compact_wanted_ = false;
  mutable Stats counters_;
  std::atomic<uint64_t> fsyncs_{0};

  // Writer thread only (and mutex held while changed).
  int lock_fd_ = -1;  // the directory, flock()ed: one process per spool
  int active_fd_ = -1;
  uint64_t active_segment_ = 0;
  uint64_t active_key_ = 0;
  std::thread writer_;
};

}  // namespace weft::spool
