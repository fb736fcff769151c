// The spool's on-disk frames (see FORMAT.md). A segment file `seg-<16 hex>.log` is a plain
// sequence of frames, nothing else:
//
//   off  size  field
//   0    4     magic "WSF1"
//   4    1     type: 1 = record, 2 = done marker
//   5    8     segment number (must equal the file's number)
//   13   8     key id of the data key that sealed the body
//   21   8     sequence number (record: the record's; done marker: the marker's own)
//   29   4     body length N (ciphertext, without the tag)
//   33   4     CRC-32 of bytes 0..32 (finds frame boundaries; not a security check)
//   37   12    nonce (fresh random per frame)
//   49   N+16  AES-256-GCM ciphertext, then tag; AAD = bytes 0..48
//
// All integers big-endian. Record body: event id, subscriber id, subject key (u16 length +
// bytes each), received_at unix ms (i64), attempts (u32), payload (u32 length + bytes).
// Done-marker body: count (u32) then that many delivered sequence numbers (u64).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "daemon/spool/crypto.h"

namespace weft::spool {

inline constexpr std::size_t kHeaderSize = 49;
inline constexpr std::size_t kFrameOverhead = kHeaderSize + kTagSize;
inline constexpr uint32_t kMaxBody = 64u * 1024 * 1024;

enum class FrameType : uint8_t { record = 1, done = 2 };

struct FrameHeader {
  FrameType type = FrameType::record;
  uint64_t segment = 0;
  uint64_t key_id = 0;
  uint64_t seq = 0;
  uint32_t body_size = 0;
  Nonce nonce{};

  std::size_t frame_size() const { return kFrameOverhead + body_size; }
};

// One undelivered (event, subscriber) pair.
struct Record {
  uint64_t seq = 0;  // assigned by the spool; append order
  std::string event_id;
  std::string subscriber_id;
  std::string subject_key;
  int64_t received_at_ms = 0;
  uint32_t attempts = 0;
  std::string payload;
};

// Appends a sealed frame to `out`; false if the body is too large or sealing failed.
bool append_frame(std::vector<uint8_t>& out, FrameType type, uint64_t segment, uint64_t seq,
                  uint64_t key_id, const Key& key, std::span<const uint8_t> plain);

// Parses the header at the start of `bytes` (which must hold kHeaderSize bytes): checks
// the magic, the type, the CRC and the body limit. Does not authenticate the body.
std::optional<FrameHeader> parse_header(std::span<const uint8_t> bytes);

// Authenticates and decrypts a whole frame whose header was parsed.
bool open_frame(const FrameHeader& header, std::span<const uint8_t> frame, const Key& key,
                std::vector<uint8_t>& plain);

std::vector<uint8_t> encode_record(const Record& record);
std::optional<Record> decode_record(std::span<const uint8_t> plain, uint64_t seq);
std::vector<uint8_t> encode_done(std::span<const uint64_t> seqs);
std::optional<std::vector<uint64_t>> decode_done(std::span<const uint8_t> plain);

// Bytes the sealed frame of a record takes on disk; for size limits before sealing.
std::size_t record_frame_size(const Record& record);

}  // namespace weft::spool
