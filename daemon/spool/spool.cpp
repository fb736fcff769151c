// The encrypted transient spool; see spool.h for the contract and frame.h for the layout.
#include "daemon/spool/spool.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <future>
#include <set>

#include "daemon/spool/files.h"

namespace weft::spool {

namespace {

bool parse_segment_name(const std::string& name, uint64_t& number) {
  if (name.size() != 4 + 16 + 4 || name.rfind("seg-", 0) != 0 || name.substr(20) != ".log")
    return false;
  char* end = nullptr;
  const std::string hex = name.substr(4, 16);
  number = std::strtoull(hex.c_str(), &end, 16);
  return end && *end == '\0' && number != 0;
}

void erase_value(std::vector<uint64_t>& v, uint64_t x) {
  std::erase(v, x);
}

}  // namespace

Spool::Spool(std::filesystem::path dir, const Key& master, Options options)
    : dir_(std::move(dir)), options_(std::move(options)), keys_(dir_, master) {}

Spool::~Spool() {
  close();
}

int64_t Spool::now() const {
  if (options_.clock) return options_.clock();
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::filesystem::path Spool::segment_path(uint64_t number) const {
  char name[32];
  std::snprintf(name, sizeof name, "seg-%016llx.log", static_cast<unsigned long long>(number));
  return dir_ / name;
}

Spool::Opened Spool::open(const std::filesystem::path& dir, const Key& master, Options options) {
  if (options.rotation.count() <= 0 || options.retention.count() < 0 || options.max_queue == 0 ||
      options.segment_size == 0 || options.compact_ratio <= 0 || options.compact_ratio > 1)
    return {nullptr, Status::error(Errc::invalid, "spool: options out of range")};
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir))
    return {nullptr, Status::error(Errc::io, "spool: cannot create the spool directory")};
  ::chmod(dir.c_str(), 0700);
  std::unique_ptr<Spool> spool(new Spool(dir, master, std::move(options)));
  Status status = spool->recover();
  if (!status.ok()) return {nullptr, status};
  spool->writer_ = std::thread([s = spool.get()] { s->run_writer(); });
  return {std::move(spool), {}};
}

Status Spool::recover() {
  lock_fd_ = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (lock_fd_ < 0 || ::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0)
    return Status::error(Errc::io, "spool: directory is in use by another spool");
  std::size_t unreadable = 0;
  Status status = keys_.load(unreadable);
  if (!status.ok()) return status;
  counters_.unreadable_keys = unreadable;
  std::vector<uint64_t> numbers;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir_, ec)) {
    uint64_t n = 0;
    if (parse_segment_name(entry.path().filename().string(), n)) numbers.push_back(n);
  }
  if (ec) return Status::error(Errc::io, "spool: cannot list the spool directory");
  std::sort(numbers.begin(), numbers.end());
  std::map<uint64_t, uint64_t> done_in;  // delivered seq -> segment of its marker
  for (uint64_t n : numbers) {
    if (!recover_segment(n, done_in))
      return Status::error(Errc::io, "spool: cannot read segment " + std::to_string(n));
    next_segment_ = n + 1;
  }
  for (auto [seq, marker_segment] : done_in) {
    auto it = live_.find(seq);
    if (it == live_.end()) continue;
    Dead dead{it->second.copies, marker_segment, it->second.key_id};
    dead.record_segments.push_back(it->second.segment);
    dead_[seq] = std::move(dead);
    live_.erase(it);
  }
  for (const auto& [seq, loc] : live_) {
    segments_[loc.segment].live_bytes += loc.size;
    segments_[loc.segment].live_records += 1;
  }
  expire_locked(now());
  compact_wanted_ = true;
  return {};
}

bool Spool::recover_segment(uint64_t number, std::map<uint64_t, uint64_t>& done_in) {
  const auto path = segment_path(number);
  auto file = read_file(path);
  if (!file) return false;
  std::span<const uint8_t> bytes(*file);
  // A header is taken as a frame start only if it parses, names this segment and fits.
  auto frame_at = [&](std::size_t pos) -> std::optional<FrameHeader> {
    if (bytes.size() - pos < kHeaderSize) return std::nullopt;
    auto h = parse_header(bytes.subspan(pos));
    if (!h || h->segment != number) return std::nullopt;
    return h;
  };
  std::size_t pos = 0;
  std::size_t keep = bytes.size();
  std::vector<uint8_t> plain;
  while (pos < bytes.size()) {
    if (bytes.size() - pos < kHeaderSize) {  // a header cut short: crash mid-write
      counters_.torn += 1;
      keep = pos;
      break;
    }
    auto h = frame_at(pos);
    if (!h) {  // damaged header: resynchronise on the next frame that authenticates its header
      std::size_t next = pos + 1;
      while (next < bytes.size() &&
             !(frame_at(next) && next + frame_at(next)->frame_size() <= bytes.size()))
        ++next;
      counters_.corrupt += 1;
      if (next >= bytes.size()) {
        keep = pos;
        break;
      }
      pos = next;
      continue;
    }
    if (bytes.size() - pos < h->frame_size()) {  // body cut short: crash mid-write
      counters_.torn += 1;
      keep = pos;
      break;
    }
    auto frame = bytes.subspan(pos, h->frame_size());
    const DataKey* key = keys_.find(h->key_id);
    next_seq_ = std::max(next_seq_, h->seq + 1);
    if (!key) {
      if (h->type == FrameType::record) counters_.expired += 1;
    } else if (!open_frame(*h, frame, key->key, plain)) {
      counters_.corrupt += 1;
    } else if (h->type == FrameType::record) {
      if (decode_record(plain, h->seq)) {
        auto [it, fresh] = live_.try_emplace(h->seq);
        if (fresh) {
          it->second = {number, pos, static_cast<uint32_t>(h->frame_size()), h->key_id, {}};
        } else {
          it->second.copies.push_back(number);
        }
      } else {
        counters_.corrupt += 1;
      }
    } else if (auto seqs = decode_done(plain)) {
      for (uint64_t s : *seqs) done_in[s] = number;
    } else {
      counters_.corrupt += 1;
    }
    wipe(plain.data(), plain.size());
    pos += h->frame_size();
  }
  if (keep < bytes.size()) {
    if (::truncate(path.c_str(), static_cast<off_t>(keep)) != 0) keep = bytes.size();
  }
  wipe(file->data(), file->size());
  segments_[number].size = keep;
  return true;
}

Appended Spool::append(std::vector<Record> records, DoneCallback durable) {
  uint64_t bytes = 0;
  for (const auto& r : records) {
    if (r.event_id.size() > 0xFFFF || r.subscriber_id.size() > 0xFFFF ||
        r.subject_key.size() > 0xFFFF || record_frame_size(r) > kMaxBody)
      return {Status::error(Errc::invalid, "spool: record field too large"), 0};
    bytes += record_frame_size(r);
  }
  std::lock_guard lock(mutex_);
  if (closed_ || stopping_) return {Status::error(Errc::closed, "spool: closed"), 0};
  if (queued_records_ + records.size() > options_.max_queue)
    return {Status::error(Errc::queue_full, "spool: write queue full (" +
                                                std::to_string(queued_records_) + " records)"),
            0};
  uint64_t disk = 0;
  for (const auto& [n, seg] : segments_) disk += seg.size;
  if (disk + queued_bytes_ + bytes > options_.max_size)
    return {Status::error(Errc::spool_full, "spool: size limit reached (" +
                                                std::to_string(disk + queued_bytes_) + " bytes)"),
            0};
  Work work;
  work.first_seq = next_seq_;
  next_seq_ += records.size();
  work.bytes = bytes;
  work.records = std::move(records);
  work.callback = std::move(durable);
  queued_records_ += work.records.size();
  queued_bytes_ += bytes;
  const uint64_t first = work.first_seq;
  queue_.push_back(std::move(work));
  wake_.notify_one();
  return {{}, first};
}

Appended Spool::append_wait(std::vector<Record> records) {
  auto promise = std::make_shared<std::promise<Status>>();
  auto done = promise->get_future();
  Appended result =
      append(std::move(records), [promise](const Status& s) { promise->set_value(s); });
  if (result.status.ok()) result.status = done.get();
  return result;
}

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

std::vector<Record> Spool::pending() const {
  std::lock_guard lock(mutex_);
  std::vector<Record> out;
  out.reserve(live_.size());
  std::map<uint64_t, int> fds;
  std::vector<uint8_t> frame;
  std::vector<uint8_t> plain;
  for (const auto& [seq, loc] : live_) {
    auto [it, fresh] = fds.try_emplace(loc.segment, -1);
    if (fresh) it->second = ::open(segment_path(loc.segment).c_str(), O_RDONLY | O_CLOEXEC);
    frame.resize(loc.size);
    const DataKey* key = keys_.find(loc.key_id);
    std::optional<FrameHeader> h;
    bool ok = key && it->second >= 0 &&
              ::pread(it->second, frame.data(), loc.size, static_cast<off_t>(loc.offset)) ==
                  static_cast<ssize_t>(loc.size) &&
              (h = parse_header(frame)) && h->seq == seq && open_frame(*h, frame, key->key, plain);
    std::optional<Record> record = ok ? decode_record(plain, seq) : std::nullopt;
    if (record) {
      out.push_back(std::move(*record));
    } else {
      counters_.corrupt += 1;
    }
    wipe(plain.data(), plain.size());
  }
  for (auto [n, fd] : fds)
    if (fd >= 0) ::close(fd);
  return out;
}

std::size_t Spool::expire(int64_t now_ms) {
  std::lock_guard lock(mutex_);
  std::size_t dropped = expire_locked(now_ms);
  compact_wanted_ = true;
  wake_.notify_one();
  return dropped;
}

std::size_t Spool::expire_locked(int64_t now_ms) {
  auto destroyed =
      keys_.destroy_expired(now_ms, options_.rotation.count(), options_.retention.count());
  if (destroyed.empty()) return 0;
  std::set<uint64_t> gone(destroyed.begin(), destroyed.end());
  std::size_t dropped = 0;
  for (auto it = live_.begin(); it != live_.end();) {
    if (!gone.count(it->second.key_id)) {
      ++it;
      continue;
    }
    Segment& seg = segments_[it->second.segment];
    seg.live_bytes -= it->second.size;
    seg.live_records -= 1;
    it = live_.erase(it);
    ++dropped;
  }
  // Their frames can never be read again, so no done marker needs to outlive them.
  std::erase_if(dead_, [&](const auto& d) { return gone.count(d.second.key_id) != 0; });
  counters_.expired += dropped;
  return dropped;
}

Stats Spool::stats() const {
  std::lock_guard lock(mutex_);
  Stats s = counters_;
  s.fsyncs = fsyncs_.load();
  s.records = live_.size();
  s.live_bytes = 0;
  for (const auto& [seq, loc] : live_) s.live_bytes += loc.size;
  s.disk_bytes = 0;
  for (const auto& [n, seg] : segments_) s.disk_bytes += seg.size;
  s.segments = segments_.size();
  s.keys = keys_.size();
  s.queued = queued_records_;
  return s;
}

void Spool::close() {
  {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    stopping_ = true;
    wake_.notify_one();
  }
  if (writer_.joinable()) writer_.join();
  std::lock_guard lock(mutex_);
  close_active();
  closed_ = true;
  if (lock_fd_ >= 0) ::close(lock_fd_);
  lock_fd_ = -1;
}

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
