// The log writer thread: see writer.h.
#include "daemon/log/writer.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <utility>

namespace weft::log {

void write_all(std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(STDERR_FILENO, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // stderr is gone; a log line is not worth failing for
    data.remove_prefix(static_cast<size_t>(n));
  }
}

Writer& Writer::instance() {
  // Never destroyed: static destructors may still log; stop() at exit writes the rest.
  static Writer* writer = [] {
    auto* w = new Writer();
    std::atexit([] { instance().stop(); });
    return w;
  }();
  return *writer;
}

uint64_t Writer::push(std::string_view line) {
  std::unique_lock lock(mutex_);
  if (stopped_) {
    lock.unlock();
    write_all(line);
    return 0;
  }
  if (!started_ && !stopping_) {  // while stopping, stop() writes what is pending
    started_ = true;
    thread_ = std::thread([this] { run(); });
  }
  if (pending_.size() + line.size() > kMaxPending) {
    dropped_ += 1;
    return 0;
  }
  const bool was_empty = pending_.empty();
  pending_.append(line);
  pushed_ += 1;
  if (was_empty) wake_.notify_one();
  return std::exchange(dropped_, 0);
}

void Writer::flush() {
  std::unique_lock lock(mutex_);
  const uint64_t target = pushed_;
  written_.wait(lock, [&] { return done_ >= target || stopped_ || !started_; });
}

void Writer::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopped_ || stopping_) return;
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(mutex_);
  write_all(pending_);  // lines pushed while the thread was finishing
  pending_.clear();
  stopped_ = true;
  written_.notify_all();
}

void Writer::run() {
  std::string batch;
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return !pending_.empty() || stopping_; });
    if (pending_.empty() && stopping_) return;
    batch.clear();
    batch.swap(pending_);
    const uint64_t upto = pushed_;
    lock.unlock();
    write_all(batch);
    lock.lock();
    done_ = upto;
    written_.notify_all();
  }
}

}  // namespace weft::log
