// Where log lines go: stderr, written by a thread of its own. A caller appends its line to a
// buffer under a short lock and returns; the writer thread writes whatever has gathered with
// one write(2), so under load many lines share one system call and no request waits on
// stderr. At low load each line is written within microseconds of being logged.
//
// Bounded: while more than kMaxPending bytes wait (stderr blocked), new lines are counted,
// not kept; the next line that is kept returns that count, so its caller can say how many
// were dropped (log.cpp logs a warning). At exit
// (std::atexit) the rest is written and the thread joined; lines logged after that are
// written directly.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace weft::log {

class Writer {
 public:
  static constexpr std::size_t kMaxPending = 4 << 20;

  // The process's writer (started on first use; never destroyed, stopped at exit).
  static Writer& instance();

  // Queues the line; returns how many lines were dropped (buffer full) since the last push
  // that returned a count, or 0. A dropped line returns 0 too.
  uint64_t push(std::string_view line);
  // Returns once every line pushed before the call has been written (or stderr failed).
  void flush();
  // Writes the rest, joins the thread; later lines are written directly.
  void stop();

 private:
  Writer() = default;
  void run();

  std::mutex mutex_;
  std::condition_variable wake_;     // lines waiting, or stop
  std::condition_variable written_;  // a batch was written
  std::string pending_;
  uint64_t pushed_ = 0, done_ = 0;  // batches: flush() waits for done_ to reach pushed_
  uint64_t dropped_ = 0;
  bool started_ = false, stopping_ = false, stopped_ = false;
  std::thread thread_;
};

// Writes all of data to stderr, continuing after short writes; gives up if stderr is gone.
void write_all(std::string_view data);

}  // namespace weft::log
