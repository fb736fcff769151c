#include "daemon/deliver/delivered_set.h"

namespace weft::deliver {

std::string DeliveredSet::key(std::string_view event_id, std::string_view subscriber_id) {
  std::string k;
  k.reserve(event_id.size() + subscriber_id.size() + 1);
  k.append(event_id).push_back('\x1f');
  k.append(subscriber_id);
  return k;
}

bool DeliveredSet::contains(std::string_view event_id, std::string_view subscriber_id) const {
  auto k = key(event_id, subscriber_id);
  std::lock_guard lock(mutex_);
  return keys_.count(k) != 0;
}

void DeliveredSet::insert(std::string_view event_id, std::string_view subscriber_id) {
  auto k = key(event_id, subscriber_id);
  std::lock_guard lock(mutex_);
  if (capacity_ == 0 || !keys_.insert(k).second) return;
  order_.push_back(std::move(k));
  while (order_.size() > capacity_) {
    keys_.erase(order_.front());
    order_.pop_front();
  }
}

std::size_t DeliveredSet::size() const {
  std::lock_guard lock(mutex_);
  return keys_.size();
}

}  // namespace weft::deliver
