// One line per event: "ts=… level=info component=ingest msg=… key=value …". Never bodies,
// names, e-mails or secrets: callers pass ids, types, counts and timings only.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace weft::log {

enum class Level { debug, info, warn, error };

using Field = std::pair<std::string_view, std::string>;

void write(Level level, std::string_view component, std::string_view message,
           std::initializer_list<Field> fields = {});
// The line write() would log, with its newline.
std::string format(Level level, std::string_view component, std::string_view message,
                   std::initializer_list<Field> fields = {});

inline void info(std::string_view c, std::string_view m, std::initializer_list<Field> f = {}) {
  write(Level::info, c, m, f);
}
inline void warn(std::string_view c, std::string_view m, std::initializer_list<Field> f = {}) {
  write(Level::warn, c, m, f);
}
inline void error(std::string_view c, std::string_view m, std::initializer_list<Field> f = {}) {
  write(Level::error, c, m, f);
}

void set_min_level(Level level);

// Returns once every line logged before the call is on stderr (lines are written by a thread
// of their own: writer.h).
void flush();

}  // namespace weft::log
