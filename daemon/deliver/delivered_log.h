// The delivered-set file: an append-only log of keyed digests and timestamps, so the record
// of which subscriber accepted which event survives a restart or a kill -9. It holds no ids
// in the clear, only 16-byte digests that are useless without the master key.
//
// Format (all integers big-endian):
//
//   header, 16 bytes, once at offset 0:
//     0   4   magic "WDS1" (format version 1)
//     4   8   key check value: first 8 bytes of HMAC-SHA256(digest key, "weft delivered-set check")
//     12  4   CRC-32 of bytes 0..11
//   entry, 28 bytes each, from offset 16 on:
//     0   16  digest of (event id, subscriber id)
//     16  8   accepted_at, unix ms (int64)
//     24  4   CRC-32 of bytes 0..23
//
// Entries are fixed-size, so a cut-off tail (a crash mid-write) is found by the file size and
// truncated away; an entry whose CRC fails (zeros or garbage after a power loss) is skipped.
// A header that does not parse or whose check value belongs to another key starts the file
// afresh. Each entry is appended with one pwrite() and no fsync: the page cache survives a
// process kill; sync() (fdatasync) bounds what a power loss can take.
//
// Not thread-safe: DeliveredSet serialises every call.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>

namespace weft::deliver {

inline constexpr std::size_t kDigestSize = 16;
inline constexpr std::size_t kLogHeaderSize = 16;
inline constexpr std::size_t kLogEntrySize = 28;

using Digest = std::array<uint8_t, kDigestSize>;
using KeyCheck = std::array<uint8_t, 8>;

struct LogEntry {
  Digest digest{};
  int64_t accepted_at_ms = 0;
};

std::array<uint8_t, kLogHeaderSize> encode_log_header(const KeyCheck& check);
// The key check value of a header, or nothing if the magic or the CRC is wrong.
std::optional<KeyCheck> parse_log_header(std::span<const uint8_t> bytes);
std::array<uint8_t, kLogEntrySize> encode_log_entry(const LogEntry& entry);
// The entry, or nothing if its CRC is wrong. `bytes` holds kLogEntrySize bytes.
std::optional<LogEntry> parse_log_entry(std::span<const uint8_t> bytes);

class DeliveredLog {
 public:
  struct OpenResult {
    std::string error;            // "" on success; one line, no key material
    bool started_afresh = false;  // the file held bytes of another key or none that parsed
  };
  struct LoadResult {
    std::string error;
    std::size_t entries = 0;     // whole entries read that passed their CRC
    std::size_t skipped = 0;     // whole entries whose CRC failed
    std::size_t torn_bytes = 0;  // a cut-off last entry, truncated away
  };

  DeliveredLog() = default;
  DeliveredLog(const DeliveredLog&) = delete;
  DeliveredLog& operator=(const DeliveredLog&) = delete;
  ~DeliveredLog() { close(); }

  // Opens or creates `file` (mode 0600), takes an exclusive flock (a second process on the
  // same file fails) and checks the header against `check`; a missing, unreadable or foreign
  // header is replaced by a fresh empty file.
  OpenResult open(const std::filesystem::path& file, const KeyCheck& check);
  // Reads every entry in file order, calling `on_entry` for each whole entry whose CRC passes.
  LoadResult load(const std::function<void(const LogEntry&)>& on_entry);
  // One pwrite() of one entry after the last slot; on a short write the file is cut back.
  bool append(const LogEntry& entry);
  // fdatasync, only if something was written since the last sync.
  bool sync();
  // For a sync without holding the caller's lock: a dup() of the file descriptor when something
  // was written since the last sync (the caller fdatasyncs and closes it), else -1.
  int take_sync_fd();
  // Replaces the file with a header and `entries`: temp file in the same directory, fsync,
  // rename over, directory fsync. The lock moves with it.
  bool rewrite(std::span<const LogEntry> entries);
  void close();

  bool is_open() const { return fd_ >= 0; }
  std::size_t entries() const { return entries_; }  // entry slots in the file
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  KeyCheck check_{};
  int fd_ = -1;
  std::size_t entries_ = 0;
  bool dirty_ = false;
};

}  // namespace weft::deliver
