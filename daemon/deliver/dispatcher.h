// Sends sealed events to their subscribers: signs each delivery (Standard Webhooks),
// posts it over the subscriber's keep-alive pool, and records who accepted what so a
// vendor's retry reaches only the subscribers that still lack the event.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

#include "daemon/config/config.h"
#include "daemon/deliver/delivered_set.h"
#include "daemon/http/client.h"
#include "providers/core/envelope.h"

namespace weft::deliver {

struct BatchOutcome {
  std::size_t attempts = 0;    // deliveries sent now
  std::size_t accepted = 0;    // answered 2xx
  std::size_t duplicates = 0;  // skipped: the subscriber had already accepted the event
  std::size_t failed = 0;      // no 2xx within the time budget
  bool all_accepted() const { return failed == 0; }
};

using BatchDone = std::function<void(BatchOutcome)>;

class Dispatcher {
 public:
  Dispatcher(boost::asio::io_context& ioc, std::size_t dedup_capacity);
  ~Dispatcher();

  // Delivers every event to every subscriber the router picks, each attempt bounded by the
  // subscriber's timeout and by the deadline. done runs once, after every attempt ended.
  void deliver(const config::Snapshot& config, std::vector<UnifiedEvent> events,
               std::chrono::steady_clock::time_point deadline, BatchDone done);

  // After a reload: closes pools of subscribers that are gone or whose endpoint changed.
  void retire_stale_endpoints(const config::Config& config);
  void close();

  const DeliveredSet& delivered() const { return delivered_; }

 private:
  struct Endpoint {
    std::string url;
    unsigned max_connections = 0;
    std::vector<std::string> secrets;  // as configured, to notice a rotation on reload
    std::vector<std::string> keys;     // decoded whsec_ secrets
    std::shared_ptr<http::Client> client;

    bool serves(const config::Subscriber& s) const {
      return s.url == url && s.max_connections == max_connections && s.secrets == secrets;
    }
  };
  struct Batch;
  struct Chain;

  std::shared_ptr<Endpoint> endpoint_for(const config::Subscriber& subscriber);
  // Sends the chain's next event; the one after it goes once this one is accepted.
  void send_next(const std::shared_ptr<Batch>& batch, const std::shared_ptr<Chain>& chain);

  boost::asio::io_context& ioc_;
  std::unique_ptr<boost::asio::ssl::context> tls_;
  DeliveredSet delivered_;
  std::mutex endpoints_mutex_;
  std::map<std::string, std::shared_ptr<Endpoint>, std::less<>> endpoints_;
};

}  // namespace weft::deliver
