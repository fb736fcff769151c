// Spool recovery at open: locks the directory, replays segments, truncates torn tails.
#include "daemon/spool/spool.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string>

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

}  // namespace

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

}  // namespace weft::spool
