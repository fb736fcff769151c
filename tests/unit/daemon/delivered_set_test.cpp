// The delivered set: pairs not events, bounded eviction, and persistence across restarts,
// torn writes, kill -9, foreign keys, compaction and concurrent use.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "daemon/deliver/delivered_set.h"
#include "unit/daemon/spool_support.h"

using weft::deliver::DeliveredSet;
using weft::deliver::kLogEntrySize;
using weft::deliver::kLogHeaderSize;
using weft::spool::test::TempDir;

namespace {

DeliveredSet::MasterKey master_of(uint8_t fill) {
  DeliveredSet::MasterKey k;
  k.fill(fill);
  return k;
}

std::string event(int i) {
  return "evt_" + std::to_string(i);
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::uintmax_t size_for(std::size_t entries) {
  return kLogHeaderSize + entries * kLogEntrySize;
}

}  // namespace

TEST_CASE("delivered set remembers (event, subscriber) pairs, not events alone") {
  DeliveredSet set(10);
  set.insert("evt_1", "a");
  CHECK(set.contains("evt_1", "a"));
  CHECK_FALSE(set.contains("evt_1", "b"));
  CHECK_FALSE(set.contains("evt_2", "a"));
  // The separator keeps ("evt_1a", "") and ("evt_1", "a") apart.
  CHECK_FALSE(set.contains("evt_1a", ""));
}

TEST_CASE("delivered set keeps pairs apart whatever bytes the ids hold") {
  DeliveredSet set(10);
  set.insert(std::string("a\x1f"
                         "b"),
             "c");
  CHECK(set.contains(std::string("a\x1f"
                                 "b"),
                     "c"));
  CHECK_FALSE(set.contains("a", std::string("b\x1f"
                                            "c")));
  CHECK_FALSE(set.contains(std::string("a\x1f"
                                       "b\x1f"
                                       "c"),
                           ""));
}

TEST_CASE("delivered set is bounded and forgets the oldest first") {
  DeliveredSet set(3);
  set.insert("e1", "s");
  set.insert("e2", "s");
  set.insert("e3", "s");
  set.insert("e2", "s");  // already there: no new slot
  CHECK(set.size() == 3);
  set.insert("e4", "s");
  CHECK(set.size() == 3);
  CHECK_FALSE(set.contains("e1", "s"));
  CHECK(set.contains("e2", "s"));
  CHECK(set.contains("e4", "s"));
}

TEST_CASE("delivered set of capacity 0 remembers nothing, persisted or not") {
  TempDir dir;
  DeliveredSet set(0);
  REQUIRE(set.persist_to(dir.path / "delivered.log", master_of(1)) == "");
  set.insert("e1", "s");
  CHECK(set.size() == 0);
  CHECK_FALSE(set.contains("e1", "s"));
  CHECK(set.file_entries() == 0);
}

TEST_CASE("delivered set survives a restart on the same file") {
  TempDir dir;
  auto file = dir.path / "delivered.log";
  {
    DeliveredSet set(100);
    REQUIRE(set.persist_to(file, master_of(7)) == "");
    CHECK(set.loaded() == 0);
    CHECK_FALSE(set.started_afresh());
    for (int i = 1; i <= 5; ++i) set.insert(event(i), "sub_a");
    set.insert(event(1), "sub_b");
    set.insert(event(1), "sub_a");  // already there: not appended again
    CHECK(set.file_entries() == 6);
  }
  struct stat st {};
  REQUIRE(::stat(file.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(std::filesystem::file_size(file) == size_for(6));
  {
    DeliveredSet set(100);
    REQUIRE(set.persist_to(file, master_of(7)) == "");
    CHECK(set.loaded() == 6);
    for (int i = 1; i <= 5; ++i) CHECK(set.contains(event(i), "sub_a"));
    CHECK(set.contains(event(1), "sub_b"));
    CHECK_FALSE(set.contains(event(2), "sub_b"));
    CHECK_FALSE(set.contains(event(6), "sub_a"));
    set.insert(event(6), "sub_a");
  }
  DeliveredSet set(100);
  REQUIRE(set.persist_to(file, master_of(7)) == "");
  CHECK(set.loaded() == 7);
  CHECK(set.contains(event(6), "sub_a"));
  CHECK(set.write_errors() == 0);
}

TEST_CASE("delivered set loads only the newest capacity entries") {
  TempDir dir;
  auto file = dir.path / "delivered.log";
  {
    DeliveredSet set(10);
    REQUIRE(set.persist_to(file, master_of(7)) == "");
    for (int i = 1; i <= 5; ++i) set.insert(event(i), "s");
  }
  DeliveredSet set(3);
  REQUIRE(set.persist_to(file, master_of(7)) == "");
  CHECK(set.loaded() == 3);
  CHECK_FALSE(set.contains(event(1), "s"));
  CHECK_FALSE(set.contains(event(2), "s"));
  for (int i = 3; i <= 5; ++i) CHECK(set.contains(event(i), "s"));
}

TEST_CASE("delivered set loads every whole entry before a torn last one") {
  TempDir dir;
  auto file = dir.path / "delivered.log";
  {
    DeliveredSet set(100);
    REQUIRE(set.persist_to(file, master_of(7)) == "");
    for (int i = 1; i <= 4; ++i) set.insert(event(i), "s");
  }
  std::filesystem::resize_file(file, size_for(4) - 5);  // a crash in the middle of entry 4

  DeliveredSet set(100);
  REQUIRE(set.persist_to(file, master_of(7)) == "");
  CHECK(set.loaded() == 3);
  for (int i = 1; i <= 3; ++i) CHECK(set.contains(event(i), "s"));
  CHECK_FALSE(set.contains(event(4), "s"));
  CHECK(std::filesystem::file_size(file) == size_for(3));
  set.insert(event(4), "s");
  set.close();

  DeliveredSet again(100);
  REQUIRE(again.persist_to(file, master_of(7)) == "");
  CHECK(again.loaded() == 4);
  CHECK(again.contains(event(4), "s"));
}

TEST_CASE("delivered set drops a corrupt entry and rewrites the file without it") {
  TempDir dir;
  auto file = dir.path / "delivered.log";
  {
    DeliveredSet set(100);
    REQUIRE(set.persist_to(file, master_of(7)) == "");
    for (int i = 1; i <= 4; ++i) set.insert(event(i), "s");
  }
  {
    std::fstream f(file, std::ios::binary | std::ios::in | std::ios::out);
    f.seekp(static_cast<std::streamoff>(size_for(1) + 2));  // inside entry 2
    f.put('\x00');
    f.seekp(static_cast<std::streamoff>(size_for(1) + 3));
    f.put('\xff');
  }
  DeliveredSet set(100);
  REQUIRE(set.persist_to(file, master_of(7)) == "");
  CHECK(set.skipped() == 1);
  CHECK(set.loaded() == 3);
  CHECK_FALSE(set.contains(event(2), "s"));
  CHECK(set.contains(event(4), "s"));
  CHECK(set.file_entries() == 3);
  CHECK(std::filesystem::file_size(file) == size_for(3));
}

TEST_CASE("delivered set starts afresh on another master key or a garbage file") {
  TempDir dir;
  auto file = dir.path / "delivered.log";
  {
    DeliveredSet set(100);
    REQUIRE(set.persist_to(file, master_of(7)) == "");
    set.insert(event(1), "s");
  }
  {
    DeliveredSet set(100);
    REQUIRE(set.persist_to(file, master_of(8)) == "");
    CHECK(set.started_afresh());
    CHECK(set.loaded() == 0);
    CHECK_FALSE(set.contains(event(1), "s"));
    set.insert(event(2), "s");
  }
  {
    DeliveredSet set(100);  // the old key's entries are gone for good
    REQUIRE(set.persist_to(file, master_of(7)) == "");
    CHECK(set.started_afresh());
    CHECK(set.loaded() == 0);
  }
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << std::string(300, 'x');
  }
  {
    DeliveredSet set(100);
    REQUIRE(set.persist_to(file, master_of(7)) == "");
    CHECK(set.started_afresh());
    CHECK(set.loaded() == 0);
    CHECK(std::filesystem::file_size(file) == size_for(0));
    set.insert(event(3), "s");
  }
  DeliveredSet set(100);
  REQUIRE(set.persist_to(file, master_of(7)) == "");
  CHECK_FALSE(set.started_afresh());
  CHECK(set.loaded() == 1);
  CHECK(set.contains(event(3), "s"));
}

TEST_CASE("delivered set compacts the file to the newest capacity entries") {
  TempDir dir;
  auto file = dir.path / "delivered.log";
  {
    DeliveredSet set(4);
    REQUIRE(set.persist_to(file, master_of(7)) == "");
    for (int i = 1; i <= 8; ++i) set.insert(event(i), "s");
    CHECK(set.file_entries() == 8);  // 2 x capacity: not yet
    CHECK(std::filesystem::file_size(file) == size_for(8));
    set.insert(event(9), "s");
    CHECK(set.file_entries() == 4);
    CHECK(std::filesystem::file_size(file) == size_for(4));
    CHECK_FALSE(std::filesystem::exists(dir.path / "delivered.log.tmp"));
    set.insert(event(10), "s");  // appends go on into the new file
    CHECK(set.file_entries() == 5);
    CHECK(set.write_errors() == 0);
  }
  DeliveredSet set(4);
  REQUIRE(set.persist_to(file, master_of(7)) == "");
  CHECK(set.loaded() == 4);
  for (int i = 7; i <= 10; ++i) CHECK(set.contains(event(i), "s"));
  CHECK_FALSE(set.contains(event(6), "s"));
}

TEST_CASE("delivered set file holds no id bytes") {
  TempDir dir;
  auto file = dir.path / "delivered.log";
  const std::string event_id = "evt_greenhouse_candidate_8812734";
  const std::string subscriber_id = "subscriber_crm_primary";
  {
    DeliveredSet set(100);
    REQUIRE(set.persist_to(file, master_of(7)) == "");
    set.insert(event_id, subscriber_id);
    CHECK(set.file_entries() == 1);
  }
  auto raw = read_text(file);
  CHECK(raw.size() == size_for(1));
  CHECK(raw.find(event_id) == std::string::npos);
  CHECK(raw.find(subscriber_id) == std::string::npos);
  CHECK(raw.find("8812734") == std::string::npos);
  CHECK(raw.find("crm") == std::string::npos);
}

TEST_CASE("delivered set entries carry the time they were accepted") {
  TempDir dir;
  auto file = dir.path / "delivered.log";
  auto now_ms = [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
  auto before = now_ms();
  {
    DeliveredSet set(10);
    REQUIRE(set.persist_to(file, master_of(7)) == "");
    set.insert(event(1), "s");
  }
  auto after = now_ms();
  auto raw = read_text(file);
  REQUIRE(raw.size() == size_for(1));
  auto entry = weft::deliver::parse_log_entry(
      std::span(reinterpret_cast<const uint8_t*>(raw.data()) + kLogHeaderSize, kLogEntrySize));
  REQUIRE(entry);
  CHECK(entry->accepted_at_ms >= before);
  CHECK(entry->accepted_at_ms <= after);
}

TEST_CASE("delivered set survives a kill -9 without flush or close") {
  TempDir dir;
  auto file = dir.path / "delivered.log";
  pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    DeliveredSet set(100);
    if (!set.persist_to(file, master_of(7)).empty()) ::_exit(3);
    for (int i = 1; i <= 20; ++i) set.insert(event(i), "s");
    ::kill(::getpid(), SIGKILL);
    ::_exit(4);  // not reached
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGKILL);

  DeliveredSet set(100);
  REQUIRE(set.persist_to(file, master_of(7)) == "");
  CHECK(set.loaded() == 20);
  for (int i = 1; i <= 20; ++i) CHECK(set.contains(event(i), "s"));
}

TEST_CASE("delivered set: one file, one owner; persist_to once, before the first insert") {
  TempDir dir;
  auto file = dir.path / "delivered.log";
  DeliveredSet first(10);
  REQUIRE(first.persist_to(file, master_of(7)) == "");
  CHECK(first.persist_to(file, master_of(7)) == "delivered set: already persisted");

  DeliveredSet second(10);
  CHECK(second.persist_to(file, master_of(7)) ==
        "delivered set: file is in use by another process");

  DeliveredSet used(10);
  used.insert(event(1), "s");
  CHECK(used.persist_to(dir.path / "other.log", master_of(7)) ==
        "delivered set: persist_to must come before the first insert");
  CHECK(used.contains(event(1), "s"));

  DeliveredSet nowhere(10);
  auto error = nowhere.persist_to(dir.path / "missing" / "delivered.log", master_of(7));
  CHECK(error.rfind("delivered set: cannot open file:", 0) == 0);
  nowhere.insert(event(1), "s");  // still a working memory-only set
  CHECK(nowhere.contains(event(1), "s"));

  first.close();
  first.close();  // idempotent
  first.insert(event(2), "s");
  CHECK(first.contains(event(2), "s"));
  CHECK(first.file_entries() == 0);
  REQUIRE(second.persist_to(file, master_of(7)) == "");  // the lock went with close()
  CHECK_FALSE(second.contains(event(2), "s"));
}

TEST_CASE("delivered set: concurrent inserts, lookups and flushes") {
  TempDir dir;
  auto file = dir.path / "delivered.log";
  constexpr int kThreads = 4;
  constexpr int kPerThread = 300;
  {
    DeliveredSet set(10000);
    REQUIRE(set.persist_to(file, master_of(7)) == "");
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&set, t] {
        std::string subscriber = "sub_" + std::to_string(t);
        for (int i = 0; i < kPerThread; ++i) {
          set.insert(event(i), subscriber);
          if (!set.contains(event(i), subscriber)) FAIL_CHECK("lost right after insert");
          if (i % 50 == 0) set.flush();
        }
      });
    }
    for (auto& th : threads) th.join();
    CHECK(set.size() == kThreads * kPerThread);
    CHECK(set.file_entries() == kThreads * kPerThread);
    CHECK(set.write_errors() == 0);
  }
  DeliveredSet set(10000);
  REQUIRE(set.persist_to(file, master_of(7)) == "");
  CHECK(set.loaded() == kThreads * kPerThread);
  int missing = 0;
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kPerThread; ++i) {
      if (!set.contains(event(i), "sub_" + std::to_string(t))) ++missing;
    }
  }
  CHECK(missing == 0);
}

TEST_CASE("delivered set: concurrent inserts across compactions; the file matches memory") {
  TempDir dir;
  auto file = dir.path / "delivered.log";
  constexpr int kThreads = 4;
  constexpr int kPerThread = 250;
  DeliveredSet set(100);
  REQUIRE(set.persist_to(file, master_of(7)) == "");
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&set, t] {
      for (int i = 0; i < kPerThread; ++i) set.insert(event(i), "sub_" + std::to_string(t));
    });
  }
  for (auto& th : threads) th.join();
  CHECK(set.size() == 100);
  CHECK(set.write_errors() == 0);
  CHECK(set.file_entries() <= 200);
  CHECK(std::filesystem::file_size(file) <= size_for(200));

  DeliveredSet again(100);
  set.close();
  REQUIRE(again.persist_to(file, master_of(7)) == "");
  CHECK(again.loaded() == 100);
  int in_memory = 0;
  int differ = 0;
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kPerThread; ++i) {
      std::string subscriber = "sub_" + std::to_string(t);
      bool before = set.contains(event(i), subscriber);
      in_memory += before ? 1 : 0;
      if (before != again.contains(event(i), subscriber)) ++differ;
    }
  }
  CHECK(in_memory == 100);
  CHECK(differ == 0);
}
