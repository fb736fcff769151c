#include "daemon/log/log.h"

#include <atomic>
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
}  // namespace

void set_min_level(Level level) {
  g_min_level = level;
}

void write(Level level, std::string_view component, std::string_view message,
           std::initializer_list<Field> fields) {
  if (level < g_min_level.load(std::memory_order_relaxed)) return;
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char ts[64];
  std::snprintf(ts, sizeof ts, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ms % 1000));
  std::string line;
  line.reserve(160);
  line.append("ts=").append(ts).append(" level=").append(level_name(level));
  line.append(" component=").append(component).append(" msg=");
  append_value(line, message);
  for (const auto& [key, value] : fields) {
    line.push_back(' ');
    line.append(key).push_back('=');
    append_value(line, value);
  }
  line.push_back('\n');
  // One fwrite per line: stdio locks the stream, so lines from threads never interleave.
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace weft::log
