// The log writer thread, with stderr pointed at a pipe: lines from several threads arrive
// whole, none lost, and flush() returns only once they are written.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <unistd.h>

#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "daemon/log/log.h"
#include "daemon/log/writer.h"

namespace {

// Points stderr at a pipe for the scope; read() takes what has been written so far.
class CapturedStderr {
 public:
  CapturedStderr() {
    REQUIRE(::pipe(fds_) == 0);
    ::fcntl(fds_[0], F_SETFL, O_NONBLOCK);
    saved_ = ::dup(STDERR_FILENO);
    ::dup2(fds_[1], STDERR_FILENO);
  }
  ~CapturedStderr() {
    ::dup2(saved_, STDERR_FILENO);
    ::close(saved_);
    ::close(fds_[0]);
    ::close(fds_[1]);
  }
  std::string read() {
    std::string out;
    char buf[4096];
    for (;;) {
      ssize_t n = ::read(fds_[0], buf, sizeof buf);
      if (n <= 0) return out;
      out.append(buf, static_cast<size_t>(n));
    }
  }

 private:
  int fds_[2] = {-1, -1};
  int saved_ = -1;
};

}  // namespace

TEST_CASE("log lines from several threads are written whole, all of them, by flush()") {
  constexpr int kThreads = 4;
  constexpr int kLines = 100;  // 400 lines of ~110 bytes: within the pipe's 64 KiB
  CapturedStderr captured;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([t] {
      for (int i = 0; i < kLines; ++i) {
        weft::log::info("test", "writer line",
                        {{"thread", std::to_string(t)}, {"n", std::to_string(i)}});
      }
    });
  }
  for (auto& t : threads) t.join();
  weft::log::flush();
  const std::string out = captured.read();

  std::istringstream lines(out);
  std::string line;
  std::vector<int> next(kThreads, 0);
  int count = 0;
  while (std::getline(lines, line)) {
    REQUIRE_MESSAGE(line.starts_with("ts="), line);
    CHECK(line.find(" level=info component=test msg=\"writer line\" thread=") != std::string::npos);
    const int t = std::stoi(line.substr(line.find(" thread=") + 8));
    const int n = std::stoi(line.substr(line.find(" n=") + 3));
    REQUIRE(t >= 0);
    REQUIRE(t < kThreads);
    CHECK(n == next[t]);  // each thread's lines in its order, none missing
    next[t] = n + 1;
    ++count;
  }
  CHECK(count == kThreads * kLines);
}

TEST_CASE("past its bound the writer drops lines and then says how many it dropped") {
  // stderr is a pipe nobody reads for a while: the writer thread blocks on it, the buffer
  // fills to its bound, and later lines are dropped. Then a reader drains the pipe.
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const int saved = ::dup(STDERR_FILENO);
  ::dup2(fds[1], STDERR_FILENO);
  const std::string padding(200, 'x');
  const int lines = static_cast<int>(weft::log::Writer::kMaxPending / 200) + 5000;
  for (int i = 0; i < lines; ++i) {
    weft::log::info("test", "fill", {{"n", std::to_string(i)}, {"pad", padding}});
  }
  std::string out;
  std::thread reader([&] {
    char buf[65536];
    for (;;) {
      ssize_t n = ::read(fds[0], buf, sizeof buf);
      if (n <= 0) return;  // EOF once every write end is closed
      out.append(buf, static_cast<size_t>(n));
    }
  });
  weft::log::flush();                          // the reader drains the buffer: there is room again
  weft::log::info("test", "after the flood");  // kept: it carries the dropped count
  weft::log::flush();
  ::dup2(saved, STDERR_FILENO);
  ::close(saved);
  ::close(fds[1]);
  reader.join();
  ::close(fds[0]);

  int kept = 0;
  long dropped = -1;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) {
    REQUIRE_MESSAGE(line.starts_with("ts="), line.substr(0, 80));
    if (line.find("msg=fill") != std::string::npos) ++kept;
    const auto at = line.find("msg=\"log lines dropped: stderr did not keep up\" lines=");
    if (at != std::string::npos) dropped = std::stol(line.substr(line.rfind('=') + 1));
  }
  CHECK(out.find("msg=\"after the flood\"") != std::string::npos);
  CHECK(dropped > 0);
  CHECK(kept + dropped == lines);  // every line either written whole or counted
}

TEST_CASE("a log line is formatted with its fields, quoting values with spaces") {
  const std::string line = weft::log::format(weft::log::Level::warn, "deliver", "attempt",
                                             {{"event_id", "ev_1"}, {"error", "read: eof x"}});
  CHECK(line.starts_with("ts="));
  CHECK(
      line.ends_with(" level=warn component=deliver msg=attempt event_id=ev_1 "
                     "error=\"read: eof x\"\n"));
}
