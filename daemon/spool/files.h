// Small POSIX file helpers for the spool: full writes, durable creation, directory fsync
// and overwrite-then-unlink.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <vector>

namespace weft::spool {

bool write_all(int fd, std::span<const uint8_t> data);
bool fsync_dir(const std::filesystem::path& dir);
std::optional<std::vector<uint8_t>> read_file(const std::filesystem::path& path);
// Creates `path` (must not exist) with `data`, fsyncs it and its directory.
bool create_durable(const std::filesystem::path& path, std::span<const uint8_t> data);
// Overwrites the file with random bytes, fsyncs, unlinks and fsyncs the directory.
// On copy-on-write or flash storage the old blocks may survive; the data there is
// ciphertext whose key is already gone, which is what crypto-shredding relies on.
bool shred_file(const std::filesystem::path& path);

}  // namespace weft::spool
