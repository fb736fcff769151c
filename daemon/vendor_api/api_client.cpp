// ApiClient: batches of fetches and their pages. One request's life (credentials, budget,
// send, retry) is in request.cpp.
#include "daemon/vendor_api/api_client.h"

#include <boost/asio/post.hpp>

#include <algorithm>
#include <cctype>

#include "daemon/log/log.h"
#include "daemon/vendor_api/auth.h"
#include "daemon/vendor_api/client_impl.h"
#include "daemon/vendor_api/target.h"

namespace weft::vendor_api {

namespace asio = boost::asio;

namespace {
// Keep-alive connections to the API: the budget spaces requests, so a few suffice.
constexpr unsigned kMaxConnections = 8;
}  // namespace

ApiClient::Impl::Impl(asio::io_context& ioc_, asio::ssl::context& tls, std::string id,
                      std::shared_ptr<const http::AddressPolicy> policy, config::Api api)
    : ioc(ioc_),
      strand(asio::make_strand(ioc_)),
      connection_id(std::move(id)),
      settings(std::move(api)),
      base(http::Url::parse(settings.base_url)),
      gate(settings.rate_per_second, settings.burst),
      random(std::random_device{}()) {
  if (!base) {
    setup_error = "invalid api.base_url";
    return;
  }
  http = std::make_shared<http::Client>(ioc, tls, *base,
                                        std::clamp(settings.burst, 1u, kMaxConnections), 1024,
                                        http::ClientOptions{.policy = policy});
  headers.push_back({"Accept", "application/json"});
  for (const auto& header : settings.headers) headers.push_back(header);
  if (auto credential = static_auth_header(settings.auth)) headers.push_back(*credential);
  if (settings.auth.kind == config::ApiAuth::Kind::oauth2) {
    auto token_url = http::Url::parse(settings.auth.token_url);
    if (!token_url) {
      setup_error = "invalid api.auth.token_url";
      return;
    }
    tokens = std::make_shared<OAuthTokens>(
        ioc, strand, tls, settings.auth, *token_url, connection_id, settings.timeout,
        [this] { count([](ApiStats& s) { ++s.token_requests; }); }, policy);
  }
}

void ApiClient::Impl::start(std::vector<Fetch> fetches, Clock::time_point deadline,
                            FetchDone done) {
  auto batch = std::make_shared<Batch>();
  batch->deadline = deadline;
  batch->done = std::move(done);
  batch->remaining = fetches.size();
  batch->results.resize(fetches.size());
  if (fetches.empty()) {
    batch->finished = true;
    asio::post(ioc, [done = std::move(batch->done)] { done({}); });
    return;
  }
  // Every fetch is checked before any is sent: a bad one fails the batch with nothing sent.
  std::vector<RunPtr> runs;
  for (std::size_t i = 0; i < fetches.size(); ++i) {
    auto run = std::make_shared<FetchRun>();
    run->batch = batch;
    run->index = i;
    run->fetch = std::move(fetches[i]);
    if (!setup_error.empty()) return fail(run, setup_error, false);
    if (closed) return fail(run, "client closed", true);
    auto& method = run->fetch.method;
    std::transform(method.begin(), method.end(), method.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (method != "GET" && method != "POST") return fail(run, "unsupported method", false);
    auto target = resolve_fetch_target(*base, run->fetch.target);
    // Credentials never go to another origin.
    if (!target) return fail(run, "fetch target outside api.base_url", false);
    run->pager.emplace(run->fetch, std::move(*target), *base, std::max(settings.max_pages, 1u));
    run->pager->limit_records(settings.max_response);
    auto first = run->pager->first();
    if (!first) return fail(run, run->pager->error(), false);
    run->page = std::move(*first);
    runs.push_back(std::move(run));
  }
  for (const auto& run : runs) start_page(run);
}

void ApiClient::Impl::start_page(const RunPtr& run) {
  run->attempt = 0;
  run->refreshed = false;
  attempt(run);
}

void ApiClient::Impl::on_page(const RunPtr& run, const http::ClientResponse& response) {
  auto step = run->pager->add_page(response.body, response.headers);
  if (!step.error.empty()) return fail(run, step.error, false);
  if (step.next) {
    run->page = std::move(*step.next);
    return start_page(run);
  }
  complete(run, response.status, run->pager->result());
}

void ApiClient::Impl::complete(const RunPtr& run, int status, std::string body) {
  auto& batch = *run->batch;
  if (batch.finished) return;
  batch.results[run->index] = {.key = run->fetch.key, .status = status, .body = std::move(body)};
  if (--batch.remaining > 0) return;
  batch.finished = true;
  FetchOutcome outcome;
  outcome.results = std::move(batch.results);
  asio::post(ioc, [done = std::move(batch.done), outcome = std::move(outcome)]() mutable {
    done(std::move(outcome));
  });
}

void ApiClient::Impl::fail(const RunPtr& run, const std::string& reason, bool retryable) {
  auto& batch = *run->batch;
  if (batch.finished) return;
  batch.finished = true;
  count([](ApiStats& s) { ++s.failures; });
  FetchOutcome outcome;
  outcome.error = "fetch " + run->fetch.key + ": " + reason;
  outcome.retryable = retryable;
  log::warn("vendor_api", "fetch failed",
            {{"connection", connection_id},
             {"fetch", run->fetch.key},
             {"reason", reason},
             {"retryable", retryable ? "true" : "false"}});
  asio::post(ioc, [done = std::move(batch.done), outcome = std::move(outcome)]() mutable {
    done(std::move(outcome));
  });
}

void ApiClient::Impl::close() {
  closed = true;
  for (const auto& timer : timers) timer->cancel();
  if (http) http->close();
  if (tokens) tokens->close();
}

ApiClient::ApiClient(asio::io_context& ioc, asio::ssl::context& tls, std::string connection_id,
                     config::Api settings, std::shared_ptr<const http::AddressPolicy> policy)
    : impl_(std::make_shared<Impl>(ioc, tls, std::move(connection_id), std::move(policy),
                                   std::move(settings))) {}

ApiClient::~ApiClient() {
  close();
}

void ApiClient::fetch_all(std::vector<Fetch> fetches, Clock::time_point deadline, FetchDone done) {
  asio::post(impl_->strand, [impl = impl_, fetches = std::move(fetches), deadline,
                             done = std::move(done)]() mutable {
    impl->start(std::move(fetches), deadline, std::move(done));
  });
}

ApiStats ApiClient::stats() const {
  std::lock_guard lock(impl_->stats_mutex);
  return impl_->stats;
}

const config::Api& ApiClient::settings() const {
  return impl_->settings;
}

void ApiClient::close() {
  asio::post(impl_->strand, [impl = impl_] { impl->close(); });
}

}  // namespace weft::vendor_api
