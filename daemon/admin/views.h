// The admin API's JSON bodies (docs/admin-api.yaml): connections, subscribers, delivery
// attempts, held pairs and dead letters. Metadata only: ids, types, statuses, counts, times;
// never an event body, never a secret.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "daemon/config/config.h"
#include "daemon/deliver/dispatcher.h"

namespace weft::admin {

// A page of a listing; next_cursor empty: the last page.
template <typename T>
struct Page {
  std::vector<T> items;
  std::string next_cursor;
};

// A held pair with its subscriber, for the spool listing.
struct HeldRow {
  std::string subscriber;
  deliver::HeldPair pair;
};

// "2026-04-02T09:15:03.250Z" from unix milliseconds.
std::string timestamp_ms(int64_t unix_ms);

std::string connections_json(const config::Config& config, const deliver::Dispatcher& dispatcher);
std::string subscribers_json(const config::Config& config, const deliver::Dispatcher& dispatcher);
std::string deliveries_json(const Page<deliver::AttemptRecord>& page);
std::string dead_letters_json(const Page<deliver::DeadLetterRecord>& page);
std::string spool_json(const Page<HeldRow>& page, const deliver::Dispatcher& dispatcher);

}  // namespace weft::admin
