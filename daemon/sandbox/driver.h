// Drives the sandbox connections: on a timer, and on demand, it asks the pure sandbox
// generator for the next signed vendor-style webhook and feeds it to ingest, exactly as if
// the test ATS account had sent it.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>

#include "daemon/ingest/ingest.h"

namespace weft::sandbox {

class Driver {
 public:
  Driver(boost::asio::io_context& ioc, ingest::Ingest& ingest);

  // Starts timers for the sandbox connections of this snapshot, stops the others.
  void apply(const config::Config& config);
  // One webhook of the named scenario on this connection; answers like ingest, or 404/400.
  void trigger(const config::Config& config, std::string_view connection_id,
               std::string_view scenario, ingest::Answer answer);
  void stop();

 private:
  struct Ticker;
  void schedule(const std::shared_ptr<Ticker>& ticker);
  void emit(const std::shared_ptr<Ticker>& ticker);

  // The seed of connections configured with seed 0: one per process, from its start time.
  uint64_t seed_for(const config::Connection& c) const;

  boost::asio::io_context& ioc_;
  ingest::Ingest& ingest_;
  const uint64_t start_seed_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Ticker>, std::less<>> tickers_;
  // Sequence numbers per connection survive reloads, so the story continues.
  std::map<std::string, std::shared_ptr<std::atomic<uint64_t>>, std::less<>> sequences_;

  std::shared_ptr<std::atomic<uint64_t>> sequence_for(std::string_view connection_id);
};

}  // namespace weft::sandbox
