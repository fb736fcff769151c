// Delivered markers and compaction: marks records done, re-seals live frames, drops segments.
#include "daemon/spool/spool.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <optional>

#include "daemon/spool/files.h"

namespace weft::spool {

namespace {

void erase_value(std::vector<uint64_t>& v, uint64_t x) {
  std::erase(v, x);
}

}  // namespace

std::size_t Spool::mark_delivered(std::span<const uint64_t> seqs, DoneCallback durable) {
  std::unique_lock lock(mutex_);
  Work work;
  for (uint64_t seq : seqs) {
    auto it = live_.find(seq);
    if (it == live_.end()) continue;
    Segment& seg = segments_[it->second.segment];
    seg.live_bytes -= it->second.size;
    seg.live_records -= 1;
    Dead dead{std::move(it->second.copies), 0, it->second.key_id};
    dead.record_segments.push_back(it->second.segment);
    dead_[seq] = std::move(dead);
    live_.erase(it);
    work.done.push_back(seq);
  }
  const std::size_t found = work.done.size();
  if (found == 0 || closed_) {
    Status status = found ? Status::error(Errc::closed, "spool: closed") : Status{};
    lock.unlock();
    if (durable) durable(status);
    return found;
  }
  work.first_seq = next_seq_++;
  work.callback = std::move(durable);
  queue_.push_back(std::move(work));
  wake_.notify_one();
  return found;
}

void Spool::compact() {
  std::lock_guard lock(mutex_);
  compact_wanted_ = false;
  // A segment sealed under a destroyed key holds nothing readable: stop appending to it.
  if (active_fd_ >= 0 && !keys_.find(active_key_)) close_active();
  // Nothing undelivered left in the active segment and no marker there still needed: close
  // it so that its delivered frames are deleted now rather than at the next rotation.
  if (active_fd_ >= 0 && segments_[active_segment_].live_records == 0 &&
      std::none_of(dead_.begin(), dead_.end(), [&](const auto& d) {
        const auto& segs = d.second.record_segments;
        return d.second.marker_segment == active_segment_ &&
               std::any_of(segs.begin(), segs.end(),
                           [&](uint64_t n) { return n != active_segment_; });
      }))
    close_active();
  std::vector<uint64_t> due;
  for (const auto& [n, seg] : segments_) {
    if (n == active_segment_) continue;
    const bool dead_enough =
        seg.size > 0 && static_cast<double>(seg.size - seg.live_bytes) >=
                            options_.compact_ratio * static_cast<double>(seg.size);
    if (seg.live_records == 0 || dead_enough) due.push_back(n);
  }
  for (uint64_t n : due) compact_segment(n);
}

void Spool::compact_segment(uint64_t number) {
  // Live records sealed in this segment move (same key, fresh nonce, new segment number);
  // done markers move only while the delivered record still has a frame elsewhere.
  std::vector<uint64_t> moving;
  for (auto& [seq, loc] : live_) {
    if (loc.segment == number) {
      moving.push_back(seq);
    } else {
      erase_value(loc.copies, number);
    }
  }
  std::vector<uint64_t> markers;
  for (auto it = dead_.begin(); it != dead_.end();) {
    erase_value(it->second.record_segments, number);
    if (it->second.record_segments.empty()) {
      it = dead_.erase(it);
      continue;
    }
    if (it->second.marker_segment == number) markers.push_back(it->first);
    ++it;
  }
  if (!moving.empty() || !markers.empty()) {
    Status status;
    const DataKey* current = prepare_active(now(), status);
    if (!current) return;  // try again after the next batch
    const uint64_t base = segments_[active_segment_].size;
    std::vector<uint8_t> buffer;
    std::vector<std::pair<uint64_t, std::size_t>> placed;  // seq, start in buffer
    int fd = ::open(segment_path(number).c_str(), O_RDONLY | O_CLOEXEC);
    std::vector<uint8_t> frame;
    std::vector<uint8_t> plain;
    for (uint64_t seq : moving) {
      Location& loc = live_[seq];
      const DataKey* key = keys_.find(loc.key_id);
      frame.resize(loc.size);
      std::optional<FrameHeader> h;
      const std::size_t start = buffer.size();
      bool ok =
          key && fd >= 0 &&
          ::pread(fd, frame.data(), loc.size, static_cast<off_t>(loc.offset)) ==
              static_cast<ssize_t>(loc.size) &&
          (h = parse_header(frame)) && open_frame(*h, frame, key->key, plain) &&
          append_frame(buffer, FrameType::record, active_segment_, seq, key->id, key->key, plain);
      wipe(plain.data(), plain.size());
      if (ok) {
        placed.emplace_back(seq, start);
      } else {  // unreadable on disk: nothing left to keep
        buffer.resize(start);
        counters_.corrupt += 1;
        live_.erase(seq);
      }
    }
    if (fd >= 0) ::close(fd);
    if (!markers.empty() && !append_frame(buffer, FrameType::done, active_segment_, next_seq_++,
                                          current->id, current->key, encode_done(markers)))
      return;
    if (!write_active(buffer).ok()) return;
    for (const auto& [seq, start] : placed) {  // a re-sealed frame keeps its size
      Location& loc = live_[seq];
      loc.segment = active_segment_;
      loc.offset = base + start;
      segments_[active_segment_].live_bytes += loc.size;
      segments_[active_segment_].live_records += 1;
    }
    for (uint64_t seq : markers) dead_[seq].marker_segment = active_segment_;
    wipe(buffer.data(), buffer.size());
  }
  drop_segment_file(number);
}

void Spool::drop_segment_file(uint64_t number) {
  shred_file(segment_path(number));
  counters_.dir_fsyncs += 1;
  counters_.compactions += 1;
  segments_.erase(number);
}

}  // namespace weft::spool
