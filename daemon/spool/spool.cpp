// The encrypted transient spool: opening, the public append/read/stats API and closing;
// see spool.h for the contract and frame.h for the layout.
#include "daemon/spool/spool.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <future>

namespace weft::spool {

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

std::optional<Record> Spool::read_locked(uint64_t seq, std::map<uint64_t, int>& fds) const {
  auto loc = live_.find(seq);
  if (loc == live_.end()) return std::nullopt;
  auto [it, fresh] = fds.try_emplace(loc->second.segment, -1);
  if (fresh) it->second = ::open(segment_path(loc->second.segment).c_str(), O_RDONLY | O_CLOEXEC);
  std::vector<uint8_t> frame(loc->second.size);
  std::vector<uint8_t> plain;
  const DataKey* key = keys_.find(loc->second.key_id);
  std::optional<FrameHeader> h;
  bool ok = key && it->second >= 0 &&
            ::pread(it->second, frame.data(), frame.size(),
                    static_cast<off_t>(loc->second.offset)) == static_cast<ssize_t>(frame.size()) &&
            (h = parse_header(frame)) && h->seq == seq && open_frame(*h, frame, key->key, plain);
  std::optional<Record> record = ok ? decode_record(plain, seq) : std::nullopt;
  if (!record) counters_.corrupt += 1;
  wipe(plain.data(), plain.size());
  return record;
}

std::vector<Record> Spool::pending() const {
  std::lock_guard lock(mutex_);
  std::vector<Record> out;
  out.reserve(live_.size());
  std::map<uint64_t, int> fds;
  for (const auto& entry : live_) {
    if (auto record = read_locked(entry.first, fds)) out.push_back(std::move(*record));
  }
  for (auto [n, fd] : fds)
    if (fd >= 0) ::close(fd);
  return out;
}

std::vector<uint64_t> Spool::pending_seqs() const {
  std::lock_guard lock(mutex_);
  std::vector<uint64_t> out;
  out.reserve(live_.size());
  for (const auto& entry : live_) out.push_back(entry.first);
  return out;
}

std::optional<Record> Spool::read(uint64_t seq) const {
  std::lock_guard lock(mutex_);
  std::map<uint64_t, int> fds;
  auto record = read_locked(seq, fds);
  for (auto [n, fd] : fds)
    if (fd >= 0) ::close(fd);
  return record;
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

}  // namespace weft::spool
