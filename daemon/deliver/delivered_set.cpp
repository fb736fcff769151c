// The delivered set: keyed digests in memory, optionally backed by the delivered-set file.
#include "daemon/deliver/delivered_set.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <vector>

#include "daemon/spool/crypto.h"
#include "providers/core/crypto.h"

namespace weft::deliver {
namespace {

using Key32 = std::array<uint8_t, 32>;

Key32 hmac32(const Key32& key, std::initializer_list<std::string_view> parts) {
  Key32 out{};
  std::string_view k(reinterpret_cast<const char*>(key.data()), key.size());
  if (!hmac_sha256_into(k, parts, out.data())) {
    throw std::runtime_error("delivered set: OpenSSL HMAC failed");
  }
  return out;
}

int64_t now_unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

DeliveredSet::DeliveredSet(std::size_t capacity) : capacity_(capacity) {
  if (!spool::random_bytes(digest_key_)) {
    throw std::runtime_error("delivered set: no random bytes for the digest key");
  }
}

DeliveredSet::~DeliveredSet() {
  close();
  spool::wipe(digest_key_.data(), digest_key_.size());
}

Digest DeliveredSet::digest_under(const Key32& key, std::string_view event_id,
                                  std::string_view subscriber_id) const {
  // The event id's length (8 bytes, big-endian) keeps ("ab", "c") apart from ("a", "bc").
  char length[8];
  uint64_t len = event_id.size();
  for (int i = 7; i >= 0; --i, len >>= 8) length[i] = static_cast<char>(len & 0xff);
  Key32 mac = hmac32(key, {std::string_view(length, 8), event_id, subscriber_id});
  Digest digest;
  std::copy_n(mac.begin(), digest.size(), digest.begin());
  return digest;
}

// The HMAC runs outside the lock on a copy of the key. persist_to() may swap the key once, so
// callers compare the generation under their lock and make the digest again if it moved.
DeliveredSet::Keyed DeliveredSet::digest_of(std::string_view event_id,
                                            std::string_view subscriber_id) const {
  Key32 key;
  Keyed keyed;
  {
    std::lock_guard lock(mutex_);
    key = digest_key_;
    keyed.generation = key_generation_;
  }
  keyed.digest = digest_under(key, event_id, subscriber_id);
  spool::wipe(key.data(), key.size());
  return keyed;
}

Digest DeliveredSet::current_locked(const Keyed& keyed, std::string_view event_id,
                                    std::string_view subscriber_id) const {
  if (keyed.generation == key_generation_) return keyed.digest;
  return digest_under(digest_key_, event_id, subscriber_id);
}

bool DeliveredSet::remember_locked(const LogEntry& entry) {
  if (capacity_ == 0 || !digests_.insert(entry.digest).second) return false;
  order_.push_back(entry);
  while (order_.size() > capacity_) {
    digests_.erase(order_.front().digest);
    order_.pop_front();
  }
  return true;
}

bool DeliveredSet::contains(std::string_view event_id, std::string_view subscriber_id) const {
  Keyed keyed = digest_of(event_id, subscriber_id);
  std::lock_guard lock(mutex_);
  return digests_.count(current_locked(keyed, event_id, subscriber_id)) != 0;
}

void DeliveredSet::insert(std::string_view event_id, std::string_view subscriber_id) {
  if (capacity_ == 0) return;
  Keyed keyed = digest_of(event_id, subscriber_id);
  LogEntry entry{keyed.digest, now_unix_ms()};
  // The file lock is held from the memory insert to the append, so the file's order is the
  // set's order and a compaction's snapshot never misses nor repeats an entry. contains()
  // takes only mutex_ and is not held up by the write.
  std::lock_guard file_lock(file_mutex_);
  {
    std::lock_guard lock(mutex_);
    entry.digest = current_locked(keyed, event_id, subscriber_id);
    if (!remember_locked(entry)) return;
  }
  if (!log_.is_open()) return;
  if (!log_.append(entry)) {
    ++write_errors_;
    return;
  }
  if (log_.entries() > compact_at_) compact_file_locked();
}

std::size_t DeliveredSet::size() const {
  std::lock_guard lock(mutex_);
  return digests_.size();
}

void DeliveredSet::compact_file_locked() {
  std::vector<LogEntry> newest;
  {
    std::lock_guard lock(mutex_);
    newest.assign(order_.begin(), order_.end());
  }
  if (!log_.rewrite(newest)) ++write_errors_;
  // After a failure, the next attempt waits for another `capacity` appends.
  compact_at_ = std::max(2 * capacity_, log_.entries() + capacity_);
}

std::string DeliveredSet::persist_to(const std::filesystem::path& file,
                                     const MasterKey& master_key) {
  Key32 digest_key = hmac32(master_key, {"weft delivered-set v1"});
  Key32 check_mac = hmac32(digest_key, {"weft delivered-set check"});
  KeyCheck check;
  std::copy_n(check_mac.begin(), check.size(), check.begin());

  std::lock_guard file_lock(file_mutex_);
  if (persisted_) {
    spool::wipe(digest_key.data(), digest_key.size());
    return "delivered set: already persisted";
  }
  auto opened = log_.open(file, check);
  if (!opened.error.empty()) {
    spool::wipe(digest_key.data(), digest_key.size());
    return opened.error;
  }
  {
    std::lock_guard lock(mutex_);
    if (!order_.empty()) {
      log_.close();
      spool::wipe(digest_key.data(), digest_key.size());
      return "delivered set: persist_to must come before the first insert";
    }
    digest_key_ = digest_key;
    ++key_generation_;
  }
  spool::wipe(digest_key.data(), digest_key.size());
  persisted_ = true;
  started_afresh_ = opened.started_afresh;

  auto load = log_.load([this](const LogEntry& entry) {
    std::lock_guard lock(mutex_);
    remember_locked(entry);
  });
  skipped_ = load.skipped;
  loaded_ = size();
  if (!load.error.empty()) {
    log_.close();
    return load.error;
  }
  compact_at_ = 2 * capacity_;
  // Bad entries are dropped from the file, and a file left large (by a larger capacity
  // before, or a crash before compaction) is cut down at once.
  if (load.skipped > 0 || log_.entries() > compact_at_) compact_file_locked();
  return "";
}

void DeliveredSet::flush() {
  // The fdatasync runs on a duplicate descriptor without the file lock, so inserts (on the
  // delivery path) never wait for the disk.
  int fd = -1;
  {
    std::lock_guard file_lock(file_mutex_);
    fd = log_.take_sync_fd();
  }
  if (fd < 0) return;
  const bool ok = ::fdatasync(fd) == 0;
  ::close(fd);
  if (!ok) {
    std::lock_guard file_lock(file_mutex_);
    ++write_errors_;
  }
}

void DeliveredSet::close() {
  std::lock_guard file_lock(file_mutex_);
  if (!log_.is_open()) return;
  if (!log_.sync()) ++write_errors_;
  log_.close();
}

std::size_t DeliveredSet::loaded() const {
  std::lock_guard file_lock(file_mutex_);
  return loaded_;
}

std::size_t DeliveredSet::skipped() const {
  std::lock_guard file_lock(file_mutex_);
  return skipped_;
}

bool DeliveredSet::started_afresh() const {
  std::lock_guard file_lock(file_mutex_);
  return started_afresh_;
}

std::size_t DeliveredSet::write_errors() const {
  std::lock_guard file_lock(file_mutex_);
  return write_errors_;
}

std::size_t DeliveredSet::file_entries() const {
  std::lock_guard file_lock(file_mutex_);
  return log_.is_open() ? log_.entries() : 0;
}

}  // namespace weft::deliver
