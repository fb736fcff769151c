// The bounded in-memory record of which subscriber accepted which event (ids only), so a
// vendor's retry is not delivered twice to a subscriber that already has it. When full, the
// oldest entries are forgotten first.
#pragma once

#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>

namespace weft::deliver {

class DeliveredSet {
 public:
  explicit DeliveredSet(std::size_t capacity) : capacity_(capacity) {}

  bool contains(std::string_view event_id, std::string_view subscriber_id) const;
  void insert(std::string_view event_id, std::string_view subscriber_id);
  std::size_t size() const;

 private:
  static std::string key(std::string_view event_id, std::string_view subscriber_id);

  mutable std::mutex mutex_;
  std::size_t capacity_;
  std::unordered_set<std::string> keys_;
  std::deque<std::string> order_;  // insertion order, for eviction
};

}  // namespace weft::deliver
