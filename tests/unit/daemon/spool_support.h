// What the spool tests share: a scratch directory removed at the end, and master keys.
#pragma once

#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <string>

#include "daemon/spool/spool.h"

namespace weft::spool::test {

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "weft-spool-XXXXXX").string();
    path = ::mkdtemp(tmpl.data());
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

// A master key of 32 equal bytes.
inline Key key_of(uint8_t fill) {
  Key k;
  k.fill(fill);
  return k;
}

}  // namespace weft::spool::test
