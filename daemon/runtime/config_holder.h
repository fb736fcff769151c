// The current config snapshot. Readers take a shared_ptr copy and keep it for the whole
// request; a reload swaps in a new snapshot atomically.
#pragma once

#include <mutex>

#include "daemon/config/config.h"

namespace weft {

class ConfigHolder {
 public:
  explicit ConfigHolder(config::Snapshot initial) : current_(std::move(initial)) {}
  config::Snapshot current() const {
    std::lock_guard lock(mutex_);
    return current_;
  }
  void replace(config::Snapshot next) {
    std::lock_guard lock(mutex_);
    current_ = std::move(next);
  }

 private:
  mutable std::mutex mutex_;
  config::Snapshot current_;
};

}  // namespace weft
