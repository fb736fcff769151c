// Enrichment of thin webhooks: the rounds of vendor API reads a provider asks for
// (Normalized::fetches), performed through each connection's vendor API client, until the
// provider has what it needs to make full events (Provider::enrich).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "daemon/config/config.h"
#include "daemon/vendor_api/api_client.h"
#include "providers/core/provider.h"

namespace weft::ingest {

// One thin webhook being enriched; it owns copies of the request (the inbound connection may
// move on) and the snapshot its connection belongs to.
struct ThinRequest {
  config::Snapshot snapshot;
  const config::Connection* connection = nullptr;  // inside snapshot
  const Provider* provider = nullptr;
  Headers headers;
  std::string body;
  std::string query;
  std::string received_at;
  int64_t now = 0;

  VendorRequest request() const { return VendorRequest{headers, body, query, now}; }
};

struct EnrichOutcome {
  Normalized normalized;   // events (or a provider error) when error is empty
  std::string error;       // the vendor API could not be read; one line
  bool retryable = false;  // the same webhook later may succeed
  unsigned rounds = 0;
  std::size_t fetches = 0;  // API reads asked for, over every round
};
using EnrichDone = std::function<void(EnrichOutcome)>;

class Enricher {
 public:
  explicit Enricher(boost::asio::io_context& ioc);
  ~Enricher();

  // Runs the rounds for first (the normalize() result that asked for fetches), all within
  // deadline. done runs exactly once.
  void run(std::shared_ptr<const ThinRequest> thin, Normalized first,
           std::chrono::steady_clock::time_point deadline, EnrichDone done);

  // After a reload: drops clients of connections that are gone or whose api changed.
  void retire_stale_clients(const config::Config& config);
  void close();

 private:
  struct Round;
  // The connection's API client; a new one when its api block or the network policy changed.
  std::shared_ptr<vendor_api::ApiClient> client_for(const config::Connection& connection,
                                                    const config::Network& network);
  void next_round(const std::shared_ptr<Round>& round, Normalized normalized);

  boost::asio::io_context& ioc_;
  std::unique_ptr<boost::asio::ssl::context> tls_;
  std::mutex mutex_;  // guards clients_
  struct Entry {
    std::string fingerprint;  // the api settings it was made with
    std::shared_ptr<vendor_api::ApiClient> client;
  };
  std::map<std::string, Entry> clients_;  // by connection id
};

}  // namespace weft::ingest
