// Spool keys: rotation and destruction under an injected clock. After the retention window
// the wrapped key file is gone, its records are dropped, and leftover segments cannot be read.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
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
using namespace std::chrono_literals;

namespace {

Record make(std::string event, std::string payload) {
  return Record{0, std::move(event), "sub_canary_Quaxworth", "app_1", 1000, 0, std::move(payload)};
}

std::vector<std::string> names(const fs::path& dir, const std::string& prefix) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().rfind(prefix, 0) == 0)
      out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::string all_bytes(const fs::path& dir) {
  std::string out;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::ifstream in(e.path(), std::ios::binary);
    out.append(std::istreambuf_iterator<char>(in), {});
  }
  return out;
}

constexpr int64_t kT0 = 1'800'000'000'000;  // unix ms
constexpr int64_t kHour = 3'600'000;

}  // namespace

TEST_CASE("spool rotates data keys and destroys each when its retention window closes") {
  TempDir dir, leftovers;
  std::atomic<int64_t> now{kT0};
  Options options;
  options.rotation = 1h;
  options.retention = 2h;
  options.clock = [&] { return now.load(); };
  auto opened = Spool::open(dir.path, key_of(3), options);
  REQUIRE(opened.status.ok());
  auto& spool = *opened.spool;

  REQUIRE(spool.append_wait({make("evt_old", "Zebulon Quaxworth")}).status.ok());
  const auto first_key = names(dir.path, "key-");
  REQUIRE(first_key.size() == 1);
  now = kT0 + kHour + 1;  // the next append rotates
  REQUIRE(spool.append_wait({make("evt_new", "zebulon.quaxworth@example.org")}).status.ok());
  CHECK(names(dir.path, "key-").size() == 2);
  CHECK(spool.stats().keys == 2);
  CHECK(spool.stats().segments == 2);  // a new key starts a new segment
  // Keep copies of both segments, as a careless backup would.
  for (const auto& n : names(dir.path, "seg-")) fs::copy(dir.path / n, leftovers.path / n);

  CHECK(spool.expire(kT0 + 3 * kHour - 1) == 0);  // first window still open
  CHECK(spool.pending().size() == 2);
  CHECK(spool.expire(kT0 + 3 * kHour) == 1);  // created + rotation + retention
  auto left = names(dir.path, "key-");
  REQUIRE(left.size() == 1);
  CHECK(left[0] != first_key[0]);
  auto recs = spool.pending();
  REQUIRE(recs.size() == 1);
  CHECK(recs[0].event_id == "evt_new");
  CHECK(spool.stats().expired == 1);

  now = kT0 + 5 * kHour;
  CHECK(spool.expire(now) == 1);
  CHECK(names(dir.path, "key-").empty());
  CHECK(spool.pending().empty());
  spool.close();
  CHECK(names(dir.path, "seg-").empty());
  const std::string bytes = all_bytes(dir.path);
  CHECK(bytes.find("Quaxworth") == std::string::npos);

  // The leftover segment copies, put back, cannot be read: their keys are gone.
  for (const auto& n : names(leftovers.path, "seg-")) fs::copy(leftovers.path / n, dir.path / n);
  auto reopened = Spool::open(dir.path, key_of(3), options);
  REQUIRE(reopened.status.ok());
  CHECK(reopened.spool->pending().empty());
  CHECK(reopened.spool->stats().expired == 2);
  CHECK(all_bytes(leftovers.path).find("Quaxworth") == std::string::npos);
}

TEST_CASE("spool drops records whose key expired while it was closed, counting them") {
  TempDir dir;
  std::atomic<int64_t> now{kT0};
  Options options;
  options.rotation = 1h;
  options.retention = 72h;
  options.clock = [&] { return now.load(); };
  {
    auto opened = Spool::open(dir.path, key_of(3), options);
    REQUIRE(opened.status.ok());
    REQUIRE(opened.spool->append_wait({make("evt_1", "p"), make("evt_2", "p")}).status.ok());
  }
  now = kT0 + 72 * kHour;  // inside the window: rotation period not yet added
  {
    auto opened = Spool::open(dir.path, key_of(3), options);
    REQUIRE(opened.status.ok());
    CHECK(opened.spool->pending().size() == 2);
  }
  now = kT0 + 73 * kHour;
  auto opened = Spool::open(dir.path, key_of(3), options);
  REQUIRE(opened.status.ok());
  CHECK(opened.spool->pending().empty());
  auto st = opened.spool->stats();
  CHECK(st.expired == 2);
  CHECK(st.keys == 0);
  CHECK(names(dir.path, "key-").empty());
  opened.spool->close();
  CHECK(names(dir.path, "seg-").empty());
}
