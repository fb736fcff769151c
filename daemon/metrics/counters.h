// Process-wide labelled counters for the request paths that have no lock of their own
// (ingest, vendor API calls): an insert-only hash table of atomic counters. An increment
// takes no lock: it hashes the label values, finds (or once, inserts with a compare-and-swap)
// its series and adds atomically. Label values must be ids and enums (connection ids, event
// types, outcome names), never payload content. The set of series is bounded by the table;
// past it, increments are counted in weft_metrics_series_dropped_total instead.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/metrics/text.h"

namespace weft::metrics {

// The families counted here; their names, help and label names are in counters.cpp.
enum class Counter : uint8_t {
  inbound_requests,           // {connection, outcome}
  verification_failures,      // {connection, reason}: reason is a VerifyFailure class
  events_emitted,             // {connection, type}
  vendor_api_calls,           // {connection, outcome}
  vendor_api_rate_waits,      // {connection}
  vendor_api_rate_wait_us,    // {connection}: rendered in seconds
  vendor_api_token_requests,  // {connection, outcome}: OAuth2 token endpoint requests
  http_refused,               // {listener, status}: refused by the HTTP server, no handler
};
inline constexpr std::size_t kCounterFamilies = 8;

class Counters {
 public:
  static constexpr std::size_t kSlots = 4096;

  Counters() = default;
  ~Counters();
  Counters(const Counters&) = delete;
  Counters& operator=(const Counters&) = delete;

  // labels: one value per label name of the family, in order.
  void add(Counter family, std::initializer_list<std::string_view> labels, uint64_t n = 1);
  // The current count of one series (0 when it was never counted); for tests.
  uint64_t value(Counter family, std::initializer_list<std::string_view> labels) const;
  // Every family (HELP and TYPE even when empty), series sorted by label values.
  void render(Text& text) const;

 private:
  struct Node {
    Counter family;
    std::vector<std::string> labels;
    std::atomic<uint64_t> value{0};
    bool matches(Counter f, std::initializer_list<std::string_view> values) const;
  };
  Node* find(Counter family, std::initializer_list<std::string_view> labels) const;

  std::array<std::atomic<Node*>, kSlots> slots_{};
  std::atomic<uint64_t> dropped_{0};
};

// The daemon's counters (one per process).
Counters& counters();

// A verification failure's reason class, from the provider's one-line reason: a small fixed
// set, so that free text never becomes a label value.
std::string_view verify_failure_class(std::string_view reason);

// The outcome class of one vendor API or token request: 2xx, 3xx, 4xx, 5xx, rate_limited
// (429), timeout, connect_error (resolve, connect, TLS) or error.
std::string_view vendor_api_outcome(int status, std::string_view error);

}  // namespace weft::metrics
