// Fuzz target: the config loader (config::load), the same path as start-up, reload and
// --check-config. The input is written to a temporary file and loaded; a ConfigError is the
// expected answer to a bad file. Any other exception escapes and is a finding: load()
// promises ConfigError for everything wrong with a file.
#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "daemon/config/config.h"

namespace {

// One file per fuzzing process, rewritten for every input and removed at exit.
const std::string& temp_path() {
  static const std::string path = [] {
    const char* dir = std::getenv("TMPDIR");
    std::string p = std::string(dir && *dir ? dir : "/tmp") + "/weft-config-fuzz-XXXXXX";
    int fd = ::mkstemp(p.data());
    if (fd < 0) std::abort();
    ::close(fd);
    std::atexit([] { ::unlink(temp_path().c_str()); });
    return p;
  }();
  return path;
}

void write_file(const std::string& path, const uint8_t* data, size_t size) {
  int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  if (fd < 0) std::abort();
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n <= 0) std::abort();
    data += n;
    size -= static_cast<size_t>(n);
  }
  ::close(fd);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string& path = temp_path();
  write_file(path, data, size);
  try {
    weft::config::Snapshot config = weft::config::load(path);
    if (!config || config->path != path) std::abort();
  } catch (const weft::config::ConfigError& e) {
    // The message is "<file>:<line>: ...": one line.
    if (std::string_view(e.what()).find('\n') != std::string_view::npos) std::abort();
  }
  return 0;
}
