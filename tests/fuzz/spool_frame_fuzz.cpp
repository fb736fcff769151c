// Fuzz target: the spool's frame and body parsers (daemon/spool/frame.h), which read files
// that may be truncated or damaged. The input is read three ways: as a segment (frames one
// after another, as recovery walks them), as a decrypted record body and as a done-marker
// body. Whatever parses must survive a round trip: re-encoded, it decodes to the same value;
// and any bytes sealed into a frame open again to the same bytes.
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "daemon/spool/frame.h"

namespace {

using namespace weft::spool;

constexpr Key kKey = {1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15, 16,
                      17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};

void walk_segment(std::span<const uint8_t> bytes) {
  std::vector<uint8_t> plain;
  while (bytes.size() >= kHeaderSize) {
    auto header = parse_header(bytes.first(kHeaderSize));
    if (!header) return;
    if (header->body_size > kMaxBody) std::abort();
    if (header->frame_size() > bytes.size()) return;  // a torn tail
    if (open_frame(*header, bytes.first(header->frame_size()), kKey, plain)) {
      if (header->type == FrameType::record) decode_record(plain, header->seq);
      if (header->type == FrameType::done) decode_done(plain);
    }
    bytes = bytes.subspan(header->frame_size());
  }
}

void round_trip_record(std::span<const uint8_t> bytes) {
  auto record = decode_record(bytes, 7);
  if (!record) return;
  if (record->seq != 7) std::abort();
  auto again = decode_record(encode_record(*record), 7);
  if (!again || again->event_id != record->event_id ||
      again->subscriber_id != record->subscriber_id || again->subject_key != record->subject_key ||
      again->received_at_ms != record->received_at_ms || again->attempts != record->attempts ||
      again->payload != record->payload) {
    std::abort();
  }
}

void round_trip_done(std::span<const uint8_t> bytes) {
  auto seqs = decode_done(bytes);
  if (!seqs) return;
  auto again = decode_done(encode_done(*seqs));
  if (!again || *again != *seqs) std::abort();
}

void round_trip_frame(std::span<const uint8_t> bytes) {
  std::vector<uint8_t> frame;
  if (!append_frame(frame, FrameType::done, 3, 9, 5, kKey, bytes)) std::abort();
  auto header = parse_header(std::span<const uint8_t>(frame).first(kHeaderSize));
  if (!header || header->segment != 3 || header->seq != 9 || header->key_id != 5 ||
      header->frame_size() != frame.size()) {
    std::abort();
  }
  std::vector<uint8_t> plain;
  if (!open_frame(*header, frame, kKey, plain)) std::abort();
  if (!std::equal(plain.begin(), plain.end(), bytes.begin(), bytes.end())) std::abort();
  frame[frame.size() - 1] ^= 1;  // a damaged tag must not open
  if (open_frame(*header, frame, kKey, plain)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::span<const uint8_t> bytes(data, size);
  walk_segment(bytes);
  round_trip_record(bytes);
  round_trip_done(bytes);
  round_trip_frame(bytes);
  return 0;
}
