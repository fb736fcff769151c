// Reads a small file whole (a config file, a secret), refusing anything over a size bound.
#pragma once

#include <cstddef>
#include <string>

namespace weft::config {

struct FileContent {
  std::string text;
  std::string error;  // non-empty: why it could not be read ("No such file or directory", ...)
};

FileContent read_small_file(const std::string& path, std::size_t max_bytes);

}  // namespace weft::config
