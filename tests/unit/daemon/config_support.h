// Shared by the config tests: a scratch directory for the files they write (removed at exit)
// and a scoped environment variable for ${env:...} references.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>

#include <doctest/doctest.h>

#include "daemon/config/config.h"

namespace weft::config::test {

// A directory of this test run for the files tests write, removed at exit.
struct ScratchDir {
  std::string path;
  ScratchDir() {
    path = (std::filesystem::temp_directory_path() / "weft-config-XXXXXX").string();
    if (mkdtemp(path.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
};

inline const std::string& scratch_dir() {
  static const ScratchDir dir;
  return dir.path;
}

inline std::string write_file(const std::string& name, const std::string& content) {
  std::string path = scratch_dir() + "/" + name;
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

// Sets (or, with nullopt, unsets) an environment variable until the end of the scope.
class ScopedEnv {
 public:
  ScopedEnv(std::string name, std::optional<std::string> value) : name_(std::move(name)) {
    if (const char* old = getenv(name_.c_str())) old_ = old;
    if (value) {
      setenv(name_.c_str(), value->c_str(), 1);
    } else {
      unsetenv(name_.c_str());
    }
  }
  ~ScopedEnv() {
    if (old_) {
      setenv(name_.c_str(), old_->c_str(), 1);
    } else {
      unsetenv(name_.c_str());
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  std::string name_;
  std::optional<std::string> old_;
};

// A config loaded from text: the snapshot, or the error after "<path>:" (its file:line part
// without the scratch path).
struct Loaded {
  Snapshot config;
  std::string error;  // empty when it loaded
};

// Writes `text` to a fresh scratch file named after `prefix` and loads it.
inline Loaded load_text(const std::string& text, const std::string& prefix = "config") {
  static int counter = 0;
  std::string path = write_file(prefix + "-" + std::to_string(++counter) + ".yaml", text);
  Loaded out;
  try {
    out.config = load(path);
  } catch (const ConfigError& e) {
    std::string message = e.what();
    REQUIRE(message.starts_with(path + ":"));
    out.error = message.substr(path.size() + 1);
  }
  return out;
}

}  // namespace weft::config::test
