// The vendor API client: the one place where Weft reads from vendors' APIs (enrichment of
// thin webhooks now; backfill and polling later). One ApiClient per connection with an
// `api:` section. It adds the connection's credentials (Basic, Bearer, API-key header, OAuth2
// client credentials with a cached token), keeps to the connection's request budget and to
// the vendor's rate-limit signals (429 + Retry-After, X-RateLimit-* / X-Rate-Limit-*),
// retries failed reads with backoff, and follows the five pagination styles of Paging.
//
// Targets: a Fetch::target that is a path joins api.base_url's path ("/v1" + "/opportunities/1"
// = "/v1/opportunities/1"); an absolute URL is used only when its scheme, host and port are
// api.base_url's (target.h). Pages: pager.h. Budget and vendor holds: rate_gate.h,
// rate_signals.h. Retries: retry.h (connection errors, timeouts, 408, 429, 5xx; at most
// api.max_attempts per request, never past the deadline). OAuth2 tokens: oauth_tokens.h.
// Every request is logged (connection, fetch key, method, page, attempt, status, latency):
// never its target, headers or body.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "daemon/config/config.h"
#include "daemon/http/address_policy.h"
#include "providers/core/provider.h"

namespace weft::vendor_api {

using Clock = std::chrono::steady_clock;

struct FetchOutcome {
  std::vector<FetchResult> results;  // one per fetch asked, in the same order, when ok
  // Empty when every fetch succeeded; else one line, no secret, no payload:
  // "fetch <key>: <reason>", reason one of "fetch target outside api.base_url",
  // "HTTP <status>" (final), "<cause> after <n> attempts", "<cause>; no time left to retry",
  // "deadline reached", "vendor rate limit holds past the deadline", "request budget exhausted
  // before the deadline", "response too large", "more than <n> pages", "page <n>: …",
  // "next page outside api.base_url", "oauth2 …", "client closed", "invalid api.base_url".
  std::string error;
  // Why it failed may pass (timeouts, 429, 5xx, connection errors): the vendor should retry
  // the webhook later. False for 4xx other than 408/429 and for misconfiguration.
  bool retryable = false;
};
using FetchDone = std::function<void(FetchOutcome)>;

// Counters for logs and metrics; ids and counts only.
struct ApiStats {
  uint64_t requests = 0;        // HTTP requests sent to the API (token requests excluded)
  uint64_t token_requests = 0;  // OAuth2 token endpoint calls
  uint64_t rate_limited = 0;    // 429 answers received
  uint64_t budget_waits = 0;    // requests that waited for the budget or a vendor reset
  uint64_t retries = 0;         // attempts after the first
  uint64_t failures = 0;        // fetch_all calls that ended in error
};

class ApiClient : public std::enable_shared_from_this<ApiClient> {
 public:
  // connection_id is for logs. ioc and tls must outlive the client. policy: the SSRF guard
  // (network:) for the API and token endpoints; nullptr refuses nothing.
  ApiClient(boost::asio::io_context& ioc, boost::asio::ssl::context& tls, std::string connection_id,
            config::Api settings, std::shared_ptr<const http::AddressPolicy> policy = {});
  ~ApiClient();

  // Performs every fetch (each paged one to its last page, within settings.max_pages),
  // concurrently where the budget allows, all within deadline. done runs exactly once, on
  // an executor of ioc, with every result or the first failure. Thread-safe.
  void fetch_all(std::vector<Fetch> fetches, Clock::time_point deadline, FetchDone done);

  ApiStats stats() const;
  const config::Api& settings() const;
  // Ends pending waits with an error ("client closed", retryable); requests already sent
  // finish first. Later fetch_all calls fail the same way. For reload and shutdown; the
  // destructor closes too.
  void close();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace weft::vendor_api
