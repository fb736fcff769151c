// The delivered-set file format: header and entry encoding, recovery of torn and corrupt
// entries, rewrites, and the lock that keeps a second process off the file.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "daemon/deliver/delivered_log.h"
#include "unit/daemon/spool_support.h"

using weft::deliver::DeliveredLog;
using weft::deliver::KeyCheck;
using weft::deliver::kLogEntrySize;
using weft::deliver::kLogHeaderSize;
using weft::deliver::LogEntry;
using weft::spool::test::TempDir;

namespace {

KeyCheck check_of(uint8_t fill) {
  KeyCheck c;
  c.fill(fill);
  return c;
}

LogEntry entry_of(uint8_t fill, int64_t at_ms) {
  LogEntry e;
  e.digest.fill(fill);
  e.accepted_at_ms = at_ms;
  return e;
}

std::vector<uint8_t> read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const std::filesystem::path& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
}

std::vector<LogEntry> load_all(DeliveredLog& log, DeliveredLog::LoadResult* result = nullptr) {
  std::vector<LogEntry> out;
  auto r = log.load([&](const LogEntry& e) { out.push_back(e); });
  CHECK(r.error == "");
  if (result) *result = r;
  return out;
}

}  // namespace

TEST_CASE("delivered log header: magic, key check, CRC") {
  auto header = weft::deliver::encode_log_header(check_of(0xab));
  CHECK(std::string(header.begin(), header.begin() + 4) == "WDS1");
  auto parsed = weft::deliver::parse_log_header(header);
  REQUIRE(parsed);
  CHECK(*parsed == check_of(0xab));

  auto flipped = header;
  flipped[6] ^= 0x01;  // inside the key check value
  CHECK_FALSE(weft::deliver::parse_log_header(flipped));
  auto other_magic = header;
  other_magic[3] = '2';
  CHECK_FALSE(weft::deliver::parse_log_header(other_magic));
  CHECK_FALSE(weft::deliver::parse_log_header(std::span(header.data(), kLogHeaderSize - 1)));
}

TEST_CASE("delivered log entry: digest, big-endian timestamp, CRC") {
  auto entry = entry_of(0x5a, 0x0102030405060708);
  auto bytes = weft::deliver::encode_log_entry(entry);
  CHECK(bytes[0] == 0x5a);
  CHECK(bytes[15] == 0x5a);
  CHECK(bytes[16] == 0x01);
  CHECK(bytes[23] == 0x08);
  auto parsed = weft::deliver::parse_log_entry(bytes);
  REQUIRE(parsed);
  CHECK(parsed->digest == entry.digest);
  CHECK(parsed->accepted_at_ms == entry.accepted_at_ms);

  for (std::size_t i : {0u, 20u, 27u}) {
    auto damaged = bytes;
    damaged[i] ^= 0x80;
    CHECK_FALSE(weft::deliver::parse_log_entry(damaged));
  }
  std::vector<uint8_t> zeros(kLogEntrySize, 0);  // what a power loss can leave behind
  CHECK_FALSE(weft::deliver::parse_log_entry(zeros));
}

TEST_CASE("delivered log: a new file has a header, mode 0600, and entries come back in order") {
  TempDir dir;
  auto file = dir.path / "delivered.log";
  {
    DeliveredLog log;
    auto opened = log.open(file, check_of(1));
    REQUIRE(opened.error == "");
    CHECK_FALSE(opened.started_afresh);
    CHECK(std::filesystem::file_size(file) == kLogHeaderSize);
    struct stat st {};
    REQUIRE(::stat(file.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    for (uint8_t i = 1; i <= 3; ++i) CHECK(log.append(entry_of(i, 1000 + i)));
    CHECK(log.sync());
  }
  CHECK(std::filesystem::file_size(file) == kLogHeaderSize + 3 * kLogEntrySize);

  DeliveredLog log;
  REQUIRE(log.open(file, check_of(1)).error == "");
  auto entries = load_all(log);
  REQUIRE(entries.size() == 3);
  for (uint8_t i = 0; i < 3; ++i) {
    CHECK(entries[i].digest[0] == i + 1);
    CHECK(entries[i].accepted_at_ms == 1001 + i);
  }
  CHECK(log.entries() == 3);
}

TEST_CASE("delivered log: a torn last entry is cut off and counted") {
  TempDir dir;
  auto file = dir.path / "delivered.log";
  {
    DeliveredLog log;
    REQUIRE(log.open(file, check_of(1)).error == "");
    for (uint8_t i = 1; i <= 3; ++i) CHECK(log.append(entry_of(i, i)));
  }
  std::filesystem::resize_file(file, kLogHeaderSize + 2 * kLogEntrySize + 11);

  DeliveredLog log;
  REQUIRE(log.open(file, check_of(1)).error == "");
  DeliveredLog::LoadResult result;
  auto entries = load_all(log, &result);
  CHECK(entries.size() == 2);
  CHECK(result.torn_bytes == 11);
  CHECK(result.skipped == 0);
  CHECK(std::filesystem::file_size(file) == kLogHeaderSize + 2 * kLogEntrySize);
  CHECK(log.append(entry_of(9, 9)));
  CHECK(log.entries() == 3);
}

TEST_CASE("delivered log: an append after a torn tail overwrites it, even without a load") {
  TempDir dir;
  auto file = dir.path / "delivered.log";
  {
    DeliveredLog log;
    REQUIRE(log.open(file, check_of(1)).error == "");
    CHECK(log.append(entry_of(1, 1)));
  }
  auto bytes = read_bytes(file);
  bytes.insert(bytes.end(), {0xde, 0xad, 0xbe});
  write_bytes(file, bytes);
  {
    DeliveredLog log;
    REQUIRE(log.open(file, check_of(1)).error == "");
    CHECK(log.append(entry_of(2, 2)));
  }
  DeliveredLog log;
  REQUIRE(log.open(file, check_of(1)).error == "");
  DeliveredLog::LoadResult result;
  auto entries = load_all(log, &result);
  REQUIRE(entries.size() == 2);
  CHECK(entries[1].digest[0] == 2);
  CHECK(result.torn_bytes == 0);
  CHECK(result.skipped == 0);
}

TEST_CASE("delivered log: a corrupt entry in the middle is skipped, the rest load") {
  TempDir dir;
  auto file = dir.path / "delivered.log";
  {
    DeliveredLog log;
    REQUIRE(log.open(file, check_of(1)).error == "");
    for (uint8_t i = 1; i <= 3; ++i) CHECK(log.append(entry_of(i, i)));
  }
  auto bytes = read_bytes(file);
  bytes[kLogHeaderSize + kLogEntrySize + 3] ^= 0xff;  // inside the second entry's digest
  write_bytes(file, bytes);

  DeliveredLog log;
  REQUIRE(log.open(file, check_of(1)).error == "");
  DeliveredLog::LoadResult result;
  auto entries = load_all(log, &result);
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].digest[0] == 1);
  CHECK(entries[1].digest[0] == 3);
  CHECK(result.skipped == 1);
}

TEST_CASE("delivered log: another key check or garbage starts the file afresh") {
  TempDir dir;
  auto file = dir.path / "delivered.log";
  {
    DeliveredLog log;
    REQUIRE(log.open(file, check_of(1)).error == "");
    CHECK(log.append(entry_of(1, 1)));
  }
  {
    DeliveredLog log;
    auto opened = log.open(file, check_of(2));
    REQUIRE(opened.error == "");
    CHECK(opened.started_afresh);
    CHECK(load_all(log).empty());
    CHECK(std::filesystem::file_size(file) == kLogHeaderSize);
  }
  write_bytes(file, std::vector<uint8_t>(100, 0x41));
  DeliveredLog log;
  auto opened = log.open(file, check_of(2));
  REQUIRE(opened.error == "");
  CHECK(opened.started_afresh);
  CHECK(load_all(log).empty());
  CHECK(log.append(entry_of(7, 7)));
  CHECK(std::filesystem::file_size(file) == kLogHeaderSize + kLogEntrySize);
}

TEST_CASE("delivered log: rewrite shrinks the file and keeps the lock on the new file") {
  TempDir dir;
  auto file = dir.path / "delivered.log";
  DeliveredLog log;
  REQUIRE(log.open(file, check_of(1)).error == "");
  for (uint8_t i = 1; i <= 6; ++i) CHECK(log.append(entry_of(i, i)));
  CHECK(std::filesystem::file_size(file) == kLogHeaderSize + 6 * kLogEntrySize);

  DeliveredLog second;
  CHECK(second.open(file, check_of(1)).error == "delivered set: file is in use by another process");

  std::vector<LogEntry> keep = {entry_of(5, 5), entry_of(6, 6)};
  REQUIRE(log.rewrite(keep));
  CHECK(log.entries() == 2);
  CHECK(std::filesystem::file_size(file) == kLogHeaderSize + 2 * kLogEntrySize);
  CHECK_FALSE(std::filesystem::exists(dir.path / "delivered.log.tmp"));
  CHECK(second.open(file, check_of(1)).error == "delivered set: file is in use by another process");

  CHECK(log.append(entry_of(7, 7)));
  log.close();
  REQUIRE(second.open(file, check_of(1)).error == "");
  auto entries = load_all(second);
  REQUIRE(entries.size() == 3);
  CHECK(entries[0].digest[0] == 5);
  CHECK(entries[2].digest[0] == 7);
}

TEST_CASE("delivered log: a file in a missing directory is a one-line error") {
  TempDir dir;
  DeliveredLog log;
  auto opened = log.open(dir.path / "missing" / "delivered.log", check_of(1));
  CHECK(opened.error.rfind("delivered set: cannot open file:", 0) == 0);
  CHECK(opened.error.find('\n') == std::string::npos);
  CHECK_FALSE(log.is_open());
}
