#include "daemon/log/log.h"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace weft::log {

namespace {
std::atomic<Level> g_min_level{Level::info};

const char* level_name(Level l) {
  switch (l) {
    case Level::debug:
      return "debug";
    case Level::info:
      return "info";
    case Level::warn:
      return "warn";
    case Level::error:
      return "error";
  }
  return "info";
}

// Values with spaces or quotes are quoted, so every line stays machine-readable.
void append_value(std::string& line, std::string_view v) {
  bool plain = !v.empty() && v.find_first_of(" \"=\n\r\t") == std::string_view::npos;
  if (plain) {
    line.append(v);
    return;
  }
  line.push_back('"');
  for (char c : v) {
    if (c == '"' || c == '\\') line.push_back('\\');
    if (c == '\n' || c == '\r') c = ' ';
    line.push_back(c);
  }
  line.push_back('"');
}
// "2026-11-29T07:15:02.123Z": the part up to the second is formatted once per second and
// thread, the milliseconds every time.
void append_timestamp(std::string& line, int64_t unix_ms) {
  thread_local int64_t cached_second = -1;
  thread_local char cached[32];
  int64_t second = unix_ms / 1000;
  if (second != cached_second) {
    std::time_t secs = static_cast<std::time_t>(second);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    std::snprintf(cached, sizeof cached, "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    cached_second = second;
  }
  int millis = static_cast<int>(unix_ms % 1000);
  line.append(cached);
  line.push_back('.');
  line.push_back(static_cast<char>('0' + millis / 100));
  line.push_back(static_cast<char>('0' + millis / 10 % 10));
  line.push_back(static_cast<char>('0' + millis % 10));
  line.push_back('Z');
}
}  // namespace

void set_min_level(Level level) {
  g_min_level = level;
}

void write(Level level, std::string_view component, std::string_view message,
           std::initializer_list<Field> fields) {
  if (level < g_min_level.load(std::memory_order_relaxed)) return;
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  std::string line;
  line.reserve(192);
  line.append("ts=");
  append_timestamp(line, ms);
  line.append(" level=").append(level_name(level));
  line.append(" component=").append(component).append(" msg=");
  append_value(line, message);
  for (const auto& [key, value] : fields) {
    line.push_back(' ');
    line.append(key).push_back('=');
    append_value(line, value);
  }
  line.push_back('\n');
  // One write(2) per line, so lines from threads never interleave; a short write (a full
  // pipe) continues where it stopped.
  std::string_view rest = line;
  while (!rest.empty()) {
    ssize_t n = ::write(STDERR_FILENO, rest.data(), rest.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // stderr is gone; a log line is not worth failing for
    rest.remove_prefix(static_cast<size_t>(n));
  }
}

}  // namespace weft::log
