// The delivered-set file: encoding, recovery on open, appends and compaction rewrites.
#include "daemon/deliver/delivered_log.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "daemon/spool/crypto.h"
#include "daemon/spool/files.h"

namespace weft::deliver {
namespace {

constexpr std::array<uint8_t, 4> kMagic = {'W', 'D', 'S', '1'};

void put_u32(uint8_t* p, uint32_t v) {
  for (int i = 3; i >= 0; --i, v >>= 8) p[i] = static_cast<uint8_t>(v);
}
void put_u64(uint8_t* p, uint64_t v) {
  for (int i = 7; i >= 0; --i, v >>= 8) p[i] = static_cast<uint8_t>(v);
}
uint32_t get_u32(const uint8_t* p) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | p[i];
  return v;
}
uint64_t get_u64(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | p[i];
  return v;
}

std::string failure(const char* what) {
  return std::string("delivered set: ") + what + ": " + std::strerror(errno);
}

// pread of exactly `size` bytes at `offset`; false on an error or an early end of file.
bool read_exact(int fd, uint8_t* out, std::size_t size, off_t offset) {
  while (size > 0) {
    ssize_t n = ::pread(fd, out, size, offset);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    out += n;
    size -= static_cast<std::size_t>(n);
    offset += n;
  }
  return true;
}

std::filesystem::path directory_of(const std::filesystem::path& file) {
  auto dir = file.parent_path();
  return dir.empty() ? std::filesystem::path(".") : dir;
}

}  // namespace

std::array<uint8_t, kLogHeaderSize> encode_log_header(const KeyCheck& check) {
  std::array<uint8_t, kLogHeaderSize> out{};
  std::copy(kMagic.begin(), kMagic.end(), out.begin());
  std::copy(check.begin(), check.end(), out.begin() + 4);
  put_u32(out.data() + 12, spool::crc32(std::span(out.data(), 12)));
  return out;
}

std::optional<KeyCheck> parse_log_header(std::span<const uint8_t> bytes) {
  if (bytes.size() < kLogHeaderSize) return std::nullopt;
  if (!std::equal(kMagic.begin(), kMagic.end(), bytes.begin())) return std::nullopt;
  if (get_u32(bytes.data() + 12) != spool::crc32(bytes.first(12))) return std::nullopt;
  KeyCheck check;
  std::copy_n(bytes.begin() + 4, check.size(), check.begin());
  return check;
}

std::array<uint8_t, kLogEntrySize> encode_log_entry(const LogEntry& entry) {
  std::array<uint8_t, kLogEntrySize> out{};
  std::copy(entry.digest.begin(), entry.digest.end(), out.begin());
  put_u64(out.data() + 16, static_cast<uint64_t>(entry.accepted_at_ms));
  put_u32(out.data() + 24, spool::crc32(std::span(out.data(), 24)));
  return out;
}

std::optional<LogEntry> parse_log_entry(std::span<const uint8_t> bytes) {
  if (bytes.size() < kLogEntrySize) return std::nullopt;
  if (get_u32(bytes.data() + 24) != spool::crc32(bytes.first(24))) return std::nullopt;
  LogEntry entry;
  std::copy_n(bytes.begin(), kDigestSize, entry.digest.begin());
  entry.accepted_at_ms = static_cast<int64_t>(get_u64(bytes.data() + 16));
  return entry;
}

DeliveredLog::OpenResult DeliveredLog::open(const std::filesystem::path& file,
                                            const KeyCheck& check) {
  close();
  OpenResult result;
  int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    result.error = failure("cannot open file");
    return result;
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    result.error = errno == EWOULDBLOCK ? "delivered set: file is in use by another process"
                                        : failure("cannot lock file");
    ::close(fd);
    return result;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    result.error = failure("cannot stat file");
    ::close(fd);
    return result;
  }
  if ((st.st_mode & 0777) != 0600) ::fchmod(fd, 0600);  // tighten a file made by hand

  path_ = file;
  check_ = check;
  fd_ = fd;
  entries_ = 0;
  dirty_ = false;

  std::array<uint8_t, kLogHeaderSize> header{};
  std::optional<KeyCheck> found;
  if (static_cast<std::size_t>(st.st_size) >= kLogHeaderSize &&
      read_exact(fd, header.data(), header.size(), 0)) {
    found = parse_log_header(header);
  }
  if (found && *found == check) {
    // Whole entries only: the next append overwrites a torn tail (load() also cuts it off).
    entries_ = (static_cast<std::size_t>(st.st_size) - kLogHeaderSize) / kLogEntrySize;
    return result;
  }

  // Empty (new), unreadable or another key's: start with a fresh, durable header.
  result.started_afresh = st.st_size > 0;
  if (!rewrite({})) {
    result.error = failure("cannot start the file afresh");
    close();
  }
  return result;
}

DeliveredLog::LoadResult DeliveredLog::load(const std::function<void(const LogEntry&)>& on_entry) {
  LoadResult result;
  if (fd_ < 0) {
    result.error = "delivered set: file is not open";
    return result;
  }
  struct stat st {};
  if (::fstat(fd_, &st) != 0) {
    result.error = failure("cannot stat file");
    return result;
  }
  std::size_t body = static_cast<std::size_t>(st.st_size) > kLogHeaderSize
                         ? static_cast<std::size_t>(st.st_size) - kLogHeaderSize
                         : 0;
  std::size_t slots = body / kLogEntrySize;
  result.torn_bytes = body % kLogEntrySize;

  constexpr std::size_t kChunkEntries = 2048;
  std::vector<uint8_t> chunk(kChunkEntries * kLogEntrySize);
  for (std::size_t first = 0; first < slots; first += kChunkEntries) {
    std::size_t count = std::min(kChunkEntries, slots - first);
    off_t offset = static_cast<off_t>(kLogHeaderSize + first * kLogEntrySize);
    if (!read_exact(fd_, chunk.data(), count * kLogEntrySize, offset)) {
      result.error = failure("cannot read file");
      return result;
    }
    for (std::size_t i = 0; i < count; ++i) {
      auto entry = parse_log_entry(std::span(chunk.data() + i * kLogEntrySize, kLogEntrySize));
      if (entry) {
        on_entry(*entry);
        ++result.entries;
      } else {
        ++result.skipped;
      }
    }
  }
  if (result.torn_bytes > 0) {
    if (::ftruncate(fd_, static_cast<off_t>(kLogHeaderSize + slots * kLogEntrySize)) != 0) {
      result.error = failure("cannot truncate a torn entry");
      return result;
    }
    dirty_ = true;
  }
  entries_ = slots;
  return result;
}

bool DeliveredLog::append(const LogEntry& entry) {
  if (fd_ < 0) return false;
  auto bytes = encode_log_entry(entry);
  off_t offset = static_cast<off_t>(kLogHeaderSize + entries_ * kLogEntrySize);
  ssize_t n;
  do {
    n = ::pwrite(fd_, bytes.data(), bytes.size(), offset);
  } while (n < 0 && errno == EINTR);
  if (n != static_cast<ssize_t>(bytes.size())) {
    if (n > 0) (void)::ftruncate(fd_, offset);  // no half entry for the next append to follow
    return false;
  }
  ++entries_;
  dirty_ = true;
  return true;
}

bool DeliveredLog::sync() {
  if (fd_ < 0 || !dirty_) return true;
  if (::fdatasync(fd_) != 0) return false;
  dirty_ = false;
  return true;
}

int DeliveredLog::take_sync_fd() {
  if (fd_ < 0 || !dirty_) return -1;
  int fd = ::fcntl(fd_, F_DUPFD_CLOEXEC, 0);
  if (fd >= 0) dirty_ = false;
  return fd;
}

bool DeliveredLog::rewrite(std::span<const LogEntry> entries) {
  if (fd_ < 0) return false;
  auto temp = path_;
  temp += ".tmp";
  int fd = ::open(temp.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  std::vector<uint8_t> bytes;
  bytes.reserve(kLogHeaderSize + entries.size() * kLogEntrySize);
  auto header = encode_log_header(check_);
  bytes.insert(bytes.end(), header.begin(), header.end());
  for (const auto& entry : entries) {
    auto encoded = encode_log_entry(entry);
    bytes.insert(bytes.end(), encoded.begin(), encoded.end());
  }
  // Locked before the rename, so no other process can take the file in between.
  bool ok = ::flock(fd, LOCK_EX | LOCK_NB) == 0 && spool::write_all(fd, bytes) &&
            ::fsync(fd) == 0 && ::rename(temp.c_str(), path_.c_str()) == 0;
  if (!ok) {
    int saved = errno;
    ::close(fd);
    ::unlink(temp.c_str());
    errno = saved;
    return false;
  }
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
  entries_ = entries.size();
  dirty_ = false;
  return spool::fsync_dir(directory_of(path_));
}

void DeliveredLog::close() {
  if (fd_ < 0) return;
  ::close(fd_);
  fd_ = -1;
  entries_ = 0;
  dirty_ = false;
}

}  // namespace weft::deliver
