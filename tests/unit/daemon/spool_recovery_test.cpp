// Spool recovery: a torn last record at every length, a flipped byte anywhere in a record,
// frames moved between files, and a wrong master key, each against real files.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "daemon/spool/spool.h"
#include "unit/daemon/spool_support.h"

namespace fs = std::filesystem;
using namespace weft::spool;
using namespace weft::spool::test;

namespace {

Record make(std::string event, std::string payload) {
  return Record{0, std::move(event), "sub_a", "app_1", 1000, 2, std::move(payload)};
}

fs::path only_segment(const fs::path& dir) {
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().rfind("seg-", 0) == 0) return e.path();
  return {};
}

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

void write_all(const fs::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << bytes;
}

// Three records in three batches of one segment; returns the frame sizes.
std::vector<std::size_t> write_three(const fs::path& dir) {
  auto opened = Spool::open(dir, key_of(9), {});
  REQUIRE(opened.status.ok());
  std::vector<std::size_t> sizes;
  for (int i = 1; i <= 3; ++i) {
    Record r = make("evt_" + std::to_string(i), std::string(20 * i, 'a' + i));
    sizes.push_back(record_frame_size(r));
    REQUIRE(opened.spool->append_wait({r}).status.ok());
  }
  return sizes;
}

std::vector<std::string> events(const std::vector<Record>& recs) {
  std::vector<std::string> out;
  for (const auto& r : recs) out.push_back(r.event_id);
  return out;
}

// Copies the spool directory with the segment replaced by `segment` bytes.
void stage(const fs::path& from, const fs::path& to, const std::string& segment) {
  fs::remove_all(to);
  fs::copy(from, to);
  write_all(to / only_segment(from).filename(), segment);
}

}  // namespace

TEST_CASE("spool recovers every earlier record when the last one is torn at any length") {
  TempDir dir, work;
  auto sizes = write_three(dir.path);
  const std::string segment = read_all(only_segment(dir.path));
  REQUIRE(segment.size() == sizes[0] + sizes[1] + sizes[2]);
  const std::size_t last_start = sizes[0] + sizes[1];
  for (std::size_t len = last_start; len < segment.size(); ++len) {
    CAPTURE(len);
    stage(dir.path, work.path, segment.substr(0, len));
    auto opened = Spool::open(work.path, key_of(9), {});
    REQUIRE(opened.status.ok());
    CHECK(events(opened.spool->pending()) == std::vector<std::string>{"evt_1", "evt_2"});
    auto st = opened.spool->stats();
    CHECK(st.torn == (len > last_start ? 1u : 0u));
    CHECK(st.corrupt == 0);
    opened.spool->close();
    CHECK(fs::file_size(work.path / only_segment(dir.path).filename()) == last_start);
  }
}

TEST_CASE("spool drops a record with any byte altered and keeps the others") {
  TempDir dir, work;
  auto sizes = write_three(dir.path);
  const std::string segment = read_all(only_segment(dir.path));
  struct Case {
    std::size_t start, size;
    std::vector<std::string> survivors;
  };
  const Case cases[] = {{sizes[0], sizes[1], {"evt_1", "evt_3"}},
                        {sizes[0] + sizes[1], sizes[2], {"evt_1", "evt_2"}}};
  for (const auto& c : cases) {
    for (std::size_t i = c.start; i < c.start + c.size; ++i) {
      CAPTURE(i);
      std::string tampered = segment;
      tampered[i] = static_cast<char>(tampered[i] ^ 0x01);
      stage(dir.path, work.path, tampered);
      auto opened = Spool::open(work.path, key_of(9), {});
      REQUIRE(opened.status.ok());
      CHECK(events(opened.spool->pending()) == c.survivors);
      auto st = opened.spool->stats();
      CHECK(st.corrupt == 1);
      CHECK(st.torn == 0);
    }
  }
}

TEST_CASE("spool rejects frames moved into another segment file") {
  TempDir dir;
  write_three(dir.path);
  const fs::path seg = only_segment(dir.path);
  fs::rename(seg, dir.path / "seg-00000000000000aa.log");
  auto opened = Spool::open(dir.path, key_of(9), {});
  REQUIRE(opened.status.ok());
  CHECK(opened.spool->pending().empty());
  CHECK(opened.spool->stats().corrupt >= 1);
}

TEST_CASE("spool refuses to open with the wrong master key, naming no secret") {
  TempDir dir;
  write_three(dir.path);
  auto opened = Spool::open(dir.path, key_of(10), {});
  CHECK(opened.spool == nullptr);
  CHECK(opened.status.code == Errc::wrong_key);
  CHECK(opened.status.reason.find("master key") != std::string::npos);
  CHECK(opened.status.reason.find('\n') == std::string::npos);
  // The right key still opens it: a failed open changed nothing.
  auto again = Spool::open(dir.path, key_of(9), {});
  REQUIRE(again.status.ok());
  CHECK(again.spool->pending().size() == 3);
}

TEST_CASE("spool directory is held by one open spool at a time") {
  TempDir dir;
  auto first = Spool::open(dir.path, key_of(9), {});
  REQUIRE(first.status.ok());
  auto second = Spool::open(dir.path, key_of(9), {});
  CHECK(second.spool == nullptr);
  CHECK(second.status.code == Errc::io);
  first.spool->close();
  CHECK(Spool::open(dir.path, key_of(9), {}).status.ok());
}

TEST_CASE("spool header is authenticated: a renumbered frame with a fixed CRC is dropped") {
  TempDir dir, work;
  auto sizes = write_three(dir.path);
  std::string segment = read_all(only_segment(dir.path));
  const std::size_t frame = sizes[0];                                   // the second record's frame
  segment[frame + 28] = static_cast<char>(segment[frame + 28] ^ 0x40);  // its sequence number
  const uint32_t crc =
      crc32(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(segment.data()) + frame, 33));
  for (int i = 0; i < 4; ++i) segment[frame + 33 + i] = static_cast<char>(crc >> (24 - 8 * i));
  stage(dir.path, work.path, segment);
  auto opened = Spool::open(work.path, key_of(9), {});
  REQUIRE(opened.status.ok());
  CHECK(events(opened.spool->pending()) == std::vector<std::string>{"evt_1", "evt_3"});
  CHECK(opened.spool->stats().corrupt == 1);
}
