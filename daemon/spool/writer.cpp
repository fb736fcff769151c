// The spool's group-commit writer thread: batches appends and markers, seals, writes, fsyncs.
#include "daemon/spool/spool.h"

#include <fcntl.h>
#include <unistd.h>

#include <string>

#include "daemon/spool/files.h"

namespace weft::spool {

void Spool::run_writer() {
  for (;;) {
    std::deque<Work> batch;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty() || compact_wanted_; });
      if (queue_.empty() && !compact_wanted_ && stopping_) return;
      batch.swap(queue_);
    }
    if (!batch.empty()) write_batch(batch);
    compact();
  }
}

const DataKey* Spool::prepare_active(int64_t now_ms, Status& status) {
  expire_locked(now_ms);
  const DataKey* key = keys_.current(now_ms, options_.rotation.count(), status);
  if (!key) return nullptr;
  if (active_fd_ >= 0 &&
      (key->id != active_key_ || segments_[active_segment_].size >= options_.segment_size))
    close_active();
  if (active_fd_ < 0) {
    const uint64_t number = next_segment_++;
    int fd = ::open(segment_path(number).c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 || !fsync_dir(dir_)) {
      if (fd >= 0) ::close(fd);
      status = Status::error(Errc::io, "spool: cannot create segment " + std::to_string(number));
      return nullptr;
    }
    counters_.dir_fsyncs += 1;
    active_fd_ = fd;
    active_segment_ = number;
    segments_[number] = {};
  }
  active_key_ = key->id;
  return key;
}

Status Spool::write_active(const std::vector<uint8_t>& bytes) {
  Segment& seg = segments_[active_segment_];
  Status status = write_segment(active_fd_, seg.size, bytes);
  if (!status.ok()) {
    close_active();
    return status;
  }
  seg.size += bytes.size();
  return {};
}

Status Spool::write_segment(int fd, uint64_t offset, const std::vector<uint8_t>& bytes) {
  bool ok = ::pwrite(fd, bytes.data(), bytes.size(), static_cast<off_t>(offset)) ==
                static_cast<ssize_t>(bytes.size()) &&
            ::fdatasync(fd) == 0;
  fsyncs_.fetch_add(1);
  if (ok) return {};
  // Leave no partial frame behind; the caller starts a fresh file next time.
  if (::ftruncate(fd, static_cast<off_t>(offset)) == 0) ::fdatasync(fd);
  return Status::error(Errc::io, "spool: write or fsync failed");
}

void Spool::write_batch(std::deque<Work>& batch) {
  struct Placed {
    uint64_t seq, offset;
    uint32_t size;
  };
  std::vector<Placed> placed;
  std::vector<uint64_t> markers;
  std::vector<uint8_t> buffer;
  Status status;
  DataKey key;
  uint64_t base = 0;
  {
    std::lock_guard lock(mutex_);
    for (const auto& w : batch) {
      queued_records_ -= w.records.size();
      queued_bytes_ -= w.bytes;
    }
    if (const DataKey* current = prepare_active(now(), status)) key = *current;
    base = status.ok() ? segments_[active_segment_].size : 0;
  }
  // Sealing, writing and fsyncing happen without the lock, so appenders queue meanwhile:
  // they form the next batch. Only this thread touches the active segment file.
  for (auto& w : batch) {
    if (!status.ok()) break;
    for (std::size_t i = 0; i < w.records.size() && status.ok(); ++i) {
      const std::size_t start = buffer.size();
      auto plain = encode_record(w.records[i]);
      if (!append_frame(buffer, FrameType::record, active_segment_, w.first_seq + i, key.id,
                        key.key, plain))
        status = Status::error(Errc::crypto, "spool: cannot seal a record");
      wipe(plain.data(), plain.size());
      placed.push_back(
          {w.first_seq + i, base + start, static_cast<uint32_t>(buffer.size() - start)});
    }
    if (!w.done.empty() && status.ok()) {
      if (!append_frame(buffer, FrameType::done, active_segment_, w.first_seq, key.id, key.key,
                        encode_done(w.done)))
        status = Status::error(Errc::crypto, "spool: cannot seal a done marker");
      markers.insert(markers.end(), w.done.begin(), w.done.end());
    }
  }
  wipe(key.key.data(), key.key.size());
  if (status.ok()) status = write_segment(active_fd_, base, buffer);
  {
    std::lock_guard lock(mutex_);
    counters_.batches += 1;
    if (status.ok()) {
      Segment& seg = segments_[active_segment_];
      seg.size = base + buffer.size();
      for (const auto& p : placed) {
        live_[p.seq] = {active_segment_, p.offset, p.size, active_key_, {}};
        seg.live_bytes += p.size;
        seg.live_records += 1;
      }
      for (uint64_t seq : markers) {
        auto it = dead_.find(seq);
        if (it != dead_.end()) it->second.marker_segment = active_segment_;
      }
    } else if (active_fd_ >= 0) {
      close_active();
    }
  }
  wipe(buffer.data(), buffer.size());
  for (auto& w : batch) {
    for (auto& r : w.records) wipe(r.payload.data(), r.payload.size());
    if (w.callback) w.callback(status);
  }
}

void Spool::close_active() {
  if (active_fd_ >= 0) ::close(active_fd_);
  active_fd_ = -1;
  active_segment_ = 0;
  active_key_ = 0;
}

}  // namespace weft::spool
