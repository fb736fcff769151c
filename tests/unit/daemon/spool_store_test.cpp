// Spool storage: round trip, reopen, done markers, compaction and the canary search that
// proves nothing readable is left in the spool directory.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>
#include <string>

#include "daemon/spool/spool.h"
#include "unit/daemon/spool_support.h"

namespace fs = std::filesystem;
using namespace weft::spool;
using namespace weft::spool::test;

namespace {

Record make(std::string event, std::string subject, std::string payload, int64_t at = 1000) {
  return Record{0, std::move(event),  "sub_" + subject, std::move(subject), at,
                0, std::move(payload)};
}

std::string all_bytes(const fs::path& dir) {
  std::string out;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::ifstream in(e.path(), std::ios::binary);
    out.append(std::istreambuf_iterator<char>(in), {});
  }
  return out;
}

std::string only_segment(const fs::path& dir) {
  std::string out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().filename().string().rfind("seg-", 0) != 0) continue;
    std::ifstream in(e.path(), std::ios::binary);
    out.append(std::istreambuf_iterator<char>(in), {});
  }
  return out;
}

std::size_t count_files(const fs::path& dir, const std::string& prefix) {
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().rfind(prefix, 0) == 0) ++n;
  return n;
}

const char* const kCanaries[] = {"Zebulon Quaxworth", "zebulon.quaxworth@example.org",
                                 "evt_canary_Quaxworth", "sub_canary_Quaxworth"};

std::vector<Record> canary_records() {
  std::vector<Record> out;
  for (int i = 0; i < 3; ++i)
    out.push_back(
        Record{0, std::string("evt_canary_Quaxworth_") + std::to_string(i), "sub_canary_Quaxworth",
               "cand_Quaxworth", 5000 + i, 1,
               R"({"name":"Zebulon Quaxworth","email":"zebulon.quaxworth@example.org"})"});
  return out;
}

void check_no_canary(const fs::path& dir, const Key& master) {
  const std::string bytes = all_bytes(dir);
  for (const char* c : kCanaries) CHECK(bytes.find(c) == std::string::npos);
  CHECK(bytes.find(std::string(master.begin(), master.end())) == std::string::npos);
}

}  // namespace

TEST_CASE("spool round trip keeps every field and the append order") {
  TempDir dir;
  auto opened = Spool::open(dir.path, key_of(7), {});
  REQUIRE(opened.status.ok());
  auto& spool = *opened.spool;
  auto a = spool.append_wait({make("evt_1", "app_1", "one"), make("evt_2", "app_2", "two")});
  REQUIRE(a.status.ok());
  auto b = spool.append_wait({make("evt_3", "app_1", std::string(5000, 'x'), 77)});
  REQUIRE(b.status.ok());
  CHECK(b.first_seq == a.first_seq + 2);
  auto recs = spool.pending();
  REQUIRE(recs.size() == 3);
  CHECK(recs[0].event_id == "evt_1");
  CHECK(recs[0].seq == a.first_seq);
  CHECK(recs[1].subscriber_id == "sub_app_2");
  CHECK(recs[1].subject_key == "app_2");
  CHECK(recs[2].payload == std::string(5000, 'x'));
  CHECK(recs[2].received_at_ms == 77);
  CHECK(recs[2].seq == b.first_seq);
  auto st = spool.stats();
  CHECK(st.records == 3);
  CHECK(st.keys == 1);
  CHECK(st.batches == 2);
  CHECK(st.fsyncs == 2);
  CHECK(count_files(dir.path, "key-") == 1);
}

TEST_CASE("spool reopens after close with the same records and later sequence numbers") {
  TempDir dir;
  uint64_t last = 0;
  {
    auto opened = Spool::open(dir.path, key_of(7), {});
    REQUIRE(opened.status.ok());
    auto a = opened.spool->append_wait({make("evt_1", "s1", "p1"), make("evt_2", "s1", "p2")});
    REQUIRE(a.status.ok());
    last = a.first_seq + 1;
    opened.spool->close();
    CHECK(opened.spool->append({make("evt_x", "s", "p")}, {}).status.code == Errc::closed);
  }
  auto opened = Spool::open(dir.path, key_of(7), {});
  REQUIRE(opened.status.ok());
  auto recs = opened.spool->pending();
  REQUIRE(recs.size() == 2);
  CHECK(recs[0].payload == "p1");
  CHECK(recs[1].payload == "p2");
  auto c = opened.spool->append_wait({make("evt_3", "s1", "p3")});
  REQUIRE(c.status.ok());
  CHECK(c.first_seq > last);
  CHECK(opened.spool->pending().back().event_id == "evt_3");
  CHECK(opened.spool->stats().keys == 1);  // the key is reused within its rotation period
}

TEST_CASE("spool done markers remove delivered records, also after reopen") {
  TempDir dir;
  {
    auto opened = Spool::open(dir.path, key_of(7), {});
    REQUIRE(opened.status.ok());
    auto a = opened.spool->append_wait(
        {make("evt_1", "s", "p1"), make("evt_2", "s", "p2"), make("evt_3", "s", "p3")});
    REQUIRE(a.status.ok());
    const uint64_t delivered[] = {a.first_seq + 1, 999999};
    std::promise<Status> marked;
    CHECK(opened.spool->mark_delivered(delivered, [&](const Status& s) { marked.set_value(s); }) ==
          1);
    CHECK(marked.get_future().get().ok());
    const uint64_t again[] = {a.first_seq + 1};
    CHECK(opened.spool->mark_delivered(again) == 0);
    auto recs = opened.spool->pending();
    REQUIRE(recs.size() == 2);
    CHECK(recs[0].event_id == "evt_1");
    CHECK(recs[1].event_id == "evt_3");
  }
  auto opened = Spool::open(dir.path, key_of(7), {});
  REQUIRE(opened.status.ok());
  auto recs = opened.spool->pending();
  REQUIRE(recs.size() == 2);
  CHECK(recs[0].event_id == "evt_1");
  CHECK(recs[1].event_id == "evt_3");
}

TEST_CASE("spool compaction deletes delivered frames and keeps the live ones readable") {
  TempDir dir;
  Options options;
  options.segment_size = 1;  // every batch starts a new segment
  uint64_t first = 0;
  std::string segment_one;
  {
    auto opened = Spool::open(dir.path, key_of(7), options);
    REQUIRE(opened.status.ok());
    auto& spool = *opened.spool;
    auto a = spool.append_wait({make("evt_1", "s", "delivered-1"), make("evt_2", "s", "kept")});
    REQUIRE(a.status.ok());
    first = a.first_seq;
    segment_one = only_segment(dir.path);
    REQUIRE(segment_one.size() > 128);
    REQUIRE(spool.append_wait({make("evt_3", "s", "delivered-3")}).status.ok());
    CHECK(spool.stats().segments == 2);
    const uint64_t delivered[] = {first, first + 2};
    CHECK(spool.mark_delivered(delivered) == 2);
    spool.close();  // drains the marker and the compaction that follows it
    auto st = spool.stats();
    CHECK(st.records == 1);
    CHECK(st.compactions >= 2);
  }
  // No frame of the first segment survives: evt_2 was re-sealed with a fresh nonce.
  const std::string now = all_bytes(dir.path);
  CHECK(now.find(segment_one.substr(0, 64)) == std::string::npos);
  CHECK(now.find(segment_one.substr(segment_one.size() - 64)) == std::string::npos);
  auto opened = Spool::open(dir.path, key_of(7), options);
  REQUIRE(opened.status.ok());
  auto recs = opened.spool->pending();
  REQUIRE(recs.size() == 1);
  CHECK(recs[0].seq == first + 1);
  CHECK(recs[0].payload == "kept");
}

TEST_CASE("spool directory holds no canary and no master key, before and after delivery") {
  TempDir dir;
  const Key master = key_of(0x5a);
  auto opened = Spool::open(dir.path, master, {});
  REQUIRE(opened.status.ok());
  auto& spool = *opened.spool;
  auto a = spool.append_wait(canary_records());
  REQUIRE(a.status.ok());
  check_no_canary(dir.path, master);
  CHECK(spool.pending().at(0).payload.find("Zebulon Quaxworth") != std::string::npos);
  const uint64_t all[] = {a.first_seq, a.first_seq + 1, a.first_seq + 2};
  CHECK(spool.mark_delivered(all) == 3);
  spool.close();
  check_no_canary(dir.path, master);
  CHECK(count_files(dir.path, "seg-") == 0);  // nothing undelivered: every segment deleted
  auto st = spool.stats();
  CHECK(st.records == 0);
  CHECK(st.disk_bytes == 0);
}

TEST_CASE("spool reads one record by sequence number, and lists pending ones without reading") {
  TempDir dir;
  auto opened = Spool::open(dir.path, key_of(8), {});
  REQUIRE(opened.status.ok());
  Spool& spool = *opened.spool;
  auto a = spool.append_wait({make("evt_1", "s", "p1"), make("evt_2", "t", "p2")});
  REQUIRE(a.status.ok());
  CHECK(spool.pending_seqs() == std::vector<uint64_t>{a.first_seq, a.first_seq + 1});
  auto second = spool.read(a.first_seq + 1);
  REQUIRE(second);
  CHECK(second->seq == a.first_seq + 1);
  CHECK(second->event_id == "evt_2");
  CHECK(second->subject_key == "t");
  CHECK(second->payload == "p2");
  CHECK_FALSE(spool.read(a.first_seq + 7));  // never written

  const uint64_t delivered[] = {a.first_seq};
  std::promise<Status> marked;
  spool.mark_delivered(delivered, [&](const Status& s) { marked.set_value(s); });
  REQUIRE(marked.get_future().get().ok());
  CHECK_FALSE(spool.read(a.first_seq));  // delivered: gone from the index at once
  CHECK(spool.pending_seqs() == std::vector<uint64_t>{a.first_seq + 1});
  CHECK(spool.stats().corrupt == 0);
}
