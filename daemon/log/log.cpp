#include "daemon/log/log.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>

#include "daemon/log/writer.h"

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

std::string format(Level level, std::string_view component, std::string_view message,
                   std::initializer_list<Field> fields) {
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
  return line;
}

void write(Level level, std::string_view component, std::string_view message,
           std::initializer_list<Field> fields) {
  if (level < g_min_level.load(std::memory_order_relaxed)) return;
  // Whole lines go to the writer, so lines from threads never interleave.
  Writer& writer = Writer::instance();
  if (uint64_t dropped = writer.push(format(level, component, message, fields))) {
    writer.push(format(Level::warn, "log", "log lines dropped: stderr did not keep up",
                       {{"lines", std::to_string(dropped)}}));
  }
}

void flush() {
  Writer::instance().flush();
}

}  // namespace weft::log
