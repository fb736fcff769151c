// The spool's error values: a code the caller can act on (503 on full) and a one-line
// reason that names ids and counts only, never payload content.
#pragma once

#include <string>

namespace weft::spool {

enum class Errc {
  ok,
  queue_full,  // too many appends waiting for the writer
  spool_full,  // the spool reached max_size bytes
  closed,      // close() was called
  invalid,     // a record or option out of range
  wrong_key,   // the master key does not open the spool's key files
  io,          // the file system refused
  crypto,      // OpenSSL failed (no randomness, cipher error)
};

struct Status {
  Errc code = Errc::ok;
  std::string reason;

  bool ok() const { return code == Errc::ok; }
  static Status error(Errc code, std::string reason) { return {code, std::move(reason)}; }
};

}  // namespace weft::spool
