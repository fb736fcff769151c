// Spool limits and group commit: size and queue bounds fail at once with a clear error, and
// appends from many threads share fsyncs while each thread's order is kept.
#include <doctest/doctest.h>

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "daemon/spool/spool.h"
#include "unit/daemon/spool_support.h"

namespace fs = std::filesystem;
using namespace weft::spool;
using namespace weft::spool::test;

namespace {

Record make(std::string subject, uint32_t n, std::string payload = "payload") {
  return Record{0,
                "evt_" + subject + "_" + std::to_string(n),
                "sub_a",
                std::move(subject),
                1,
                n,
                std::move(payload)};
}

}  // namespace

TEST_CASE("spool refuses appends past max_size with spool_full, and accepts again after") {
  TempDir dir;
  Options options;
  const Record probe = make("s", 0, std::string(100, 'p'));
  // Room for three records and one done marker naming one record.
  options.max_size = 3 * record_frame_size(probe) + kFrameOverhead + 4 + 8;
  options.segment_size = 1;
  auto opened = Spool::open(dir.path, key_of(1), options);
  REQUIRE(opened.status.ok());
  auto& spool = *opened.spool;
  uint64_t first = 0;
  for (uint32_t i = 0; i < 3; ++i) {
    auto a = spool.append_wait({make("s", i, std::string(100, 'p'))});
    REQUIRE(a.status.ok());
    if (i == 0) first = a.first_seq;
  }
  auto full = spool.append({make("s", 3, std::string(100, 'p'))}, {});
  CHECK(full.status.code == Errc::spool_full);
  CHECK(full.status.reason.find("size limit") != std::string::npos);
  CHECK(full.status.reason.find("ppp") == std::string::npos);
  CHECK(spool.stats().records == 3);
  // Delivering frees the space once the segment is compacted (close drains that).
  const uint64_t done[] = {first};
  CHECK(spool.mark_delivered(done) == 1);
  spool.close();
  auto reopened = Spool::open(dir.path, key_of(1), options);
  REQUIRE(reopened.status.ok());
  CHECK(reopened.spool->append_wait({make("s", 4, std::string(100, 'p'))}).status.ok());
}

TEST_CASE("spool refuses more queued records than max_queue, and bad records") {
  TempDir dir;
  Options options;
  options.max_queue = 2;
  auto opened = Spool::open(dir.path, key_of(1), options);
  REQUIRE(opened.status.ok());
  auto a = opened.spool->append({make("s", 0), make("s", 1), make("s", 2)}, {});
  CHECK(a.status.code == Errc::queue_full);
  CHECK(a.status.reason.find("queue full") != std::string::npos);
  CHECK(opened.spool->append_wait({make("s", 0), make("s", 1)}).status.ok());
  Record huge = make("s", 3);
  huge.event_id.assign(70000, 'e');
  CHECK(opened.spool->append({huge}, {}).status.code == Errc::invalid);
  CHECK(opened.spool->stats().records == 2);
}

TEST_CASE("spool group commit: many threads, one fsync per batch, per-thread order kept") {
  TempDir dir;
  auto opened = Spool::open(dir.path, key_of(1), {});
  REQUIRE(opened.status.ok());
  auto& spool = *opened.spool;
  constexpr int kThreads = 8;
  constexpr uint32_t kEach = 200;
  std::mutex m;
  std::condition_variable cv;
  int durable = 0, failed = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (uint32_t i = 0; i < kEach; ++i) {
        auto a = spool.append({make("subject_" + std::to_string(t), i)}, [&](const Status& s) {
          std::lock_guard lock(m);
          (s.ok() ? durable : failed) += 1;
          cv.notify_all();
        });
        if (!a.status.ok()) {
          std::lock_guard lock(m);
          failed += 1;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  {
    std::unique_lock lock(m);
    cv.wait(lock, [&] { return durable + failed == kThreads * static_cast<int>(kEach); });
  }
  CHECK(failed == 0);
  auto st = spool.stats();
  CHECK(st.records == kThreads * kEach);
  CHECK(st.fsyncs == st.batches);
  CHECK(st.batches < kThreads * kEach);  // callers shared fsyncs
  MESSAGE("appends: ", kThreads * kEach, " batches: ", st.batches);
  auto recs = spool.pending();
  REQUIRE(recs.size() == kThreads * kEach);
  std::map<std::string, uint32_t> next;
  uint64_t last_seq = 0;
  for (const auto& r : recs) {
    CHECK(r.seq > last_seq);
    last_seq = r.seq;
    CHECK(r.attempts == next[r.subject_key]);  // each subject in the order appended
    next[r.subject_key] = r.attempts + 1;
  }
}
