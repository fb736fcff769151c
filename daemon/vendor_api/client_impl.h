// The inside of ApiClient, shared by api_client.cpp (batches of fetches, pages) and
// request.cpp (one request: token, budget, send, retry). Everything here runs on strand.
#pragma once

#include <boost/asio/steady_timer.hpp>

#include <mutex>
#include <optional>
#include <random>
#include <set>

#include "daemon/http/client.h"
#include "daemon/http/client_connection.h"
#include "daemon/vendor_api/api_client.h"
#include "daemon/vendor_api/oauth_tokens.h"
#include "daemon/vendor_api/pager.h"
#include "daemon/vendor_api/rate_gate.h"

namespace weft::vendor_api {

// One fetch_all call.
struct Batch {
  std::vector<FetchResult> results;
  std::size_t remaining = 0;
  Clock::time_point deadline;
  FetchDone done;
  bool finished = false;
};

// One Fetch of a batch, page after page.
struct FetchRun {
  std::shared_ptr<Batch> batch;
  std::size_t index = 0;
  Fetch fetch;
  std::optional<Pager> pager;
  PageRequest page;           // the current page's request
  unsigned attempt = 0;       // attempts made for the current page
  bool refreshed = false;     // a 401 already made the token be refreshed for this page
  std::string authorization;  // the OAuth2 authorization of the attempt in flight
};
using RunPtr = std::shared_ptr<FetchRun>;

struct ApiClient::Impl : std::enable_shared_from_this<ApiClient::Impl> {
  Impl(boost::asio::io_context& ioc, boost::asio::ssl::context& tls, std::string connection_id,
       std::shared_ptr<const http::AddressPolicy> policy, config::Api settings);

  // api_client.cpp
  void start(std::vector<Fetch> fetches, Clock::time_point deadline, FetchDone done);
  void start_page(const RunPtr& run);
  void on_page(const RunPtr& run, const http::ClientResponse& response);
  void complete(const RunPtr& run, int status, std::string body);
  void fail(const RunPtr& run, const std::string& reason, bool retryable);
  void close();

  // request.cpp
  void attempt(const RunPtr& run);
  void pass_gate(const RunPtr& run);
  void send(const RunPtr& run);
  void on_response(const RunPtr& run, http::ClientResponse response);
  void retry_later(const RunPtr& run, const std::string& why);
  // Runs then on the strand at when, or at once (then checking closed) when close() cancels.
  void wait_until(Clock::time_point when, std::function<void()> then);
  // False (after failing the run) when the batch is over or the client closed.
  bool still_wanted(const RunPtr& run);

  template <class F>
  void count(F&& f) {
    std::lock_guard lock(stats_mutex);
    f(stats);
  }

  boost::asio::io_context& ioc;
  http::Strand strand;
  std::string connection_id;
  config::Api settings;
  std::optional<http::Url> base;
  std::string setup_error;  // a configuration that cannot work: every fetch fails with it
  std::shared_ptr<http::Client> http;
  std::shared_ptr<OAuthTokens> tokens;  // oauth2 only
  std::vector<Header> headers;          // Accept, settings.headers, a fixed credential
  RateGate gate;
  std::minstd_rand random;
  bool closed = false;
  std::set<std::shared_ptr<boost::asio::steady_timer>> timers;
  mutable std::mutex stats_mutex;
  ApiStats stats;
};

}  // namespace weft::vendor_api
