// Frame and body encoding for spool segments; the layout is documented in frame.h.
#include "daemon/spool/frame.h"

#include <cstring>

namespace weft::spool {

namespace {

constexpr uint8_t kMagic[4] = {'W', 'S', 'F', '1'};

void put_be(std::vector<uint8_t>& out, uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

uint64_t get_be(const uint8_t* p, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | p[i];
  return v;
}

void put_str(std::vector<uint8_t>& out, const std::string& s, int len_bytes) {
  put_be(out, s.size(), len_bytes);
  out.insert(out.end(), s.begin(), s.end());
}

// Bounds-checked reader over a decrypted body.
struct Reader {
  std::span<const uint8_t> data;
  std::size_t pos = 0;
  bool ok = true;

  uint64_t num(int bytes) {
    if (!ok || data.size() - pos < static_cast<std::size_t>(bytes)) {
      ok = false;
      return 0;
    }
    uint64_t v = get_be(data.data() + pos, bytes);
    pos += bytes;
    return v;
  }
  std::string str(int len_bytes) {
    std::size_t n = num(len_bytes);
    if (!ok || data.size() - pos < n) {
      ok = false;
      return {};
    }
    std::string s(reinterpret_cast<const char*>(data.data() + pos), n);
    pos += n;
    return s;
  }
};

}  // namespace

bool append_frame(std::vector<uint8_t>& out, FrameType type, uint64_t segment, uint64_t seq,
                  uint64_t key_id, const Key& key, std::span<const uint8_t> plain) {
  if (plain.size() > kMaxBody) return false;
  Nonce nonce{};
  if (!random_bytes(nonce)) return false;
  const std::size_t start = out.size();
  out.insert(out.end(), kMagic, kMagic + 4);
  out.push_back(static_cast<uint8_t>(type));
  put_be(out, segment, 8);
  put_be(out, key_id, 8);
  put_be(out, seq, 8);
  put_be(out, plain.size(), 4);
  put_be(out, crc32(std::span<const uint8_t>(out.data() + start, 33)), 4);
  out.insert(out.end(), nonce.begin(), nonce.end());
  std::vector<uint8_t> sealed;
  if (!seal(key, nonce, std::span<const uint8_t>(out.data() + start, kHeaderSize), plain, sealed)) {
    out.resize(start);
    return false;
  }
  out.insert(out.end(), sealed.begin(), sealed.end());
  return true;
}

std::optional<FrameHeader> parse_header(std::span<const uint8_t> bytes) {
  if (bytes.size() < kHeaderSize || std::memcmp(bytes.data(), kMagic, 4) != 0) return {};
  const uint8_t* p = bytes.data();
  if (get_be(p + 33, 4) != crc32(bytes.first(33))) return {};
  FrameHeader h;
  if (p[4] != 1 && p[4] != 2) return {};
  h.type = static_cast<FrameType>(p[4]);
  h.segment = get_be(p + 5, 8);
  h.key_id = get_be(p + 13, 8);
  h.seq = get_be(p + 21, 8);
  h.body_size = static_cast<uint32_t>(get_be(p + 29, 4));
  if (h.body_size > kMaxBody) return {};
  std::memcpy(h.nonce.data(), p + 37, kNonceSize);
  return h;
}

bool open_frame(const FrameHeader& header, std::span<const uint8_t> frame, const Key& key,
                std::vector<uint8_t>& plain) {
  if (frame.size() != header.frame_size()) return false;
  return open_sealed(key, header.nonce, frame.first(kHeaderSize), frame.subspan(kHeaderSize),
                     plain);
}

std::vector<uint8_t> encode_record(const Record& r) {
  std::vector<uint8_t> out;
  out.reserve(record_frame_size(r));
  put_str(out, r.event_id, 2);
  put_str(out, r.subscriber_id, 2);
  put_str(out, r.subject_key, 2);
  put_be(out, static_cast<uint64_t>(r.received_at_ms), 8);
  put_be(out, r.attempts, 4);
  put_str(out, r.payload, 4);
  return out;
}

std::optional<Record> decode_record(std::span<const uint8_t> plain, uint64_t seq) {
  Reader in{plain};
  Record r;
  r.seq = seq;
  r.event_id = in.str(2);
  r.subscriber_id = in.str(2);
  r.subject_key = in.str(2);
  r.received_at_ms = static_cast<int64_t>(in.num(8));
  r.attempts = static_cast<uint32_t>(in.num(4));
  r.payload = in.str(4);
  if (!in.ok || in.pos != plain.size()) return {};
  return r;
}

std::vector<uint8_t> encode_done(std::span<const uint64_t> seqs) {
  std::vector<uint8_t> out;
  put_be(out, seqs.size(), 4);
  for (uint64_t s : seqs) put_be(out, s, 8);
  return out;
}

std::optional<std::vector<uint64_t>> decode_done(std::span<const uint8_t> plain) {
  Reader in{plain};
  std::size_t n = in.num(4);
  if (!in.ok || plain.size() != 4 + n * 8) return {};
  std::vector<uint64_t> seqs(n);
  for (auto& s : seqs) s = in.num(8);
  return seqs;
}

std::size_t record_frame_size(const Record& r) {
  return kFrameOverhead + 2 + r.event_id.size() + 2 + r.subscriber_id.size() + 2 +
         r.subject_key.size() + 8 + 4 + 4 + r.payload.size();
}

}  // namespace weft::spool
