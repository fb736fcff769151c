// The bounded record of which subscriber accepted which event, so a vendor's retry is not
// delivered twice to a subscriber that already has it. When full, the oldest entries are
// forgotten first.
//
// It holds no ids: an entry is the first 16 bytes of HMAC-SHA256(digest key, len(event id) as
// u64 big-endian || event id || subscriber id) (the length prefix keeps every pair distinct,
// whatever bytes the ids hold). A memory-only set uses a random digest key per process.
//
// persist_to() makes the set survive restarts: the digest key becomes
// HMAC-SHA256(master key, "weft delivered-set v1"), so digests are stable across runs but
// useless without the key, and every new entry is appended to a file (delivered_log.h) with
// one write() and no fsync. The page cache survives a kill -9 of the process; what a power
// loss or kernel crash can take is what was inserted since the last flush(), which the daemon
// calls on a timer and at close (at worst a duplicate delivery, which subscribers deduplicate
// on webhook-id). When the file holds more than 2 x capacity entries it is rewritten with the
// newest `capacity`: O(capacity) work once per `capacity` inserts.
//
// Thread-safe: every method may be called from any thread. Digests are computed outside the
// locks. The set and the file have a lock each (file first when both are held): inserts
// queue on the file lock, but contains() takes only the set's, so an append, a compaction
// or an fdatasync never holds up a lookup.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <deque>
#include <filesystem>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>

#include "daemon/deliver/delivered_log.h"

namespace weft::deliver {

class DeliveredSet {
 public:
  using MasterKey = std::array<uint8_t, 32>;

  // Memory-only until persist_to(); at most `capacity` entries (0: remembers nothing).
  explicit DeliveredSet(std::size_t capacity);
  DeliveredSet(const DeliveredSet&) = delete;
  DeliveredSet& operator=(const DeliveredSet&) = delete;
  ~DeliveredSet();

  bool contains(std::string_view event_id, std::string_view subscriber_id) const;
  void insert(std::string_view event_id, std::string_view subscriber_id);
  std::size_t size() const;

  // Loads `file` (created with mode 0600 if absent; its newest `capacity` entries) and appends
  // every later insert to it. Call once, before the first insert. A file written under another
  // master key, or one that does not parse, is started afresh (see started_afresh()). Returns
  // "" or a one-line reason; on an error before loading began the set stays memory-only.
  std::string persist_to(const std::filesystem::path& file, const MasterKey& master_key);
  // fdatasync of the file if anything was appended since the last one.
  void flush();
  // Flushes and closes the file; later inserts are kept in memory only. Idempotent.
  void close();

  std::size_t loaded() const;        // entries in the set after persist_to loaded the file
  std::size_t skipped() const;       // entries dropped at load because their CRC failed
  bool started_afresh() const;       // persist_to replaced a foreign or unreadable file
  std::size_t write_errors() const;  // failed appends, syncs and compactions
  std::size_t file_entries() const;  // entries in the file now (0 if memory-only)

 private:
  struct DigestHash {
    std::size_t operator()(const Digest& d) const {
      std::size_t h;
      std::memcpy(&h, d.data(), sizeof h);  // HMAC output: already uniform
      return h;
    }
  };

  struct Keyed {
    Digest digest{};
    uint64_t generation = 0;  // of the digest key it was made under
  };

  Keyed digest_of(std::string_view event_id, std::string_view subscriber_id) const;
  // The digest under the current key: `keyed` itself unless persist_to swapped it. mutex_ held.
  Digest current_locked(const Keyed& keyed, std::string_view event_id,
                        std::string_view subscriber_id) const;
  Digest digest_under(const std::array<uint8_t, 32>& key, std::string_view event_id,
                      std::string_view subscriber_id) const;
  // Adds to the memory set, evicting the oldest; false if it was there. mutex_ held.
  bool remember_locked(const LogEntry& entry);
  // Rewrites the file with the newest entries. file_mutex_ held.
  void compact_file_locked();

  const std::size_t capacity_;

  mutable std::mutex mutex_;  // the digest key and the memory set
  std::array<uint8_t, 32> digest_key_{};
  uint64_t key_generation_ = 0;
  std::unordered_set<Digest, DigestHash> digests_;
  std::deque<LogEntry> order_;  // insertion order, for eviction and compaction

  mutable std::mutex file_mutex_;  // the file and its counters
  DeliveredLog log_;
  bool persisted_ = false;
  std::size_t compact_at_ = 0;
  std::size_t loaded_ = 0;
  std::size_t skipped_ = 0;
  bool started_afresh_ = false;
  std::size_t write_errors_ = 0;
};

}  // namespace weft::deliver
