// One API request of a fetch, from credentials to answer: the OAuth2 token (if any), the
// connection's budget and vendor holds, the HTTP exchange, then retry with backoff or hand
// the page to the pager. Runs on the ApiClient's strand.
#include <boost/asio/post.hpp>

#include <algorithm>

#include "daemon/log/log.h"
#include "daemon/metrics/counters.h"
#include "daemon/vendor_api/client_impl.h"
#include "daemon/vendor_api/rate_signals.h"
#include "daemon/vendor_api/retry.h"
#include "daemon/vendor_api/target.h"

namespace weft::vendor_api {

namespace asio = boost::asio;
using std::chrono::milliseconds;

bool ApiClient::Impl::still_wanted(const RunPtr& run) {
  if (run->batch->finished) return false;
  if (closed) {
    fail(run, "client closed", true);
    return false;
  }
  return true;
}

void ApiClient::Impl::attempt(const RunPtr& run) {
  if (!still_wanted(run)) return;
  if (++run->attempt > 1) count([](ApiStats& s) { ++s.retries; });
  if (Clock::now() >= run->batch->deadline) return fail(run, "deadline reached", true);
  if (!tokens) return pass_gate(run);
  tokens->get(run->batch->deadline, [self = shared_from_this(), run](OAuthTokens::Result token) {
    if (!self->still_wanted(run)) return;
    if (!token.error.empty()) {
      if (token.retryable) return self->retry_later(run, token.error);
      return self->fail(run, token.error, false);
    }
    run->authorization = std::move(token.authorization);
    self->pass_gate(run);
  });
}

void ApiClient::Impl::pass_gate(const RunPtr& run) {
  if (!still_wanted(run)) return;
  auto now = Clock::now();
  auto deadline = run->batch->deadline;
  auto slot = gate.reserve(now, deadline);
  if (!slot) {
    // Waiting until after the deadline is useless: the vendor will retry the webhook.
    if (gate.held_until() > deadline) {
      return fail(run, "vendor rate limit holds past the deadline", true);
    }
    return fail(run, "request budget exhausted before the deadline", true);
  }
  if (*slot <= now) return send(run);
  count([](ApiStats& s) { ++s.budget_waits; });
  metrics::counters().add(metrics::Counter::vendor_api_rate_waits, {connection_id});
  metrics::counters().add(
      metrics::Counter::vendor_api_rate_wait_us, {connection_id},
      static_cast<uint64_t>(
          std::chrono::duration_cast<std::chrono::microseconds>(*slot - now).count()));
  wait_until(*slot, [self = shared_from_this(), run] {
    if (!self->still_wanted(run)) return;
    // A vendor hold that arrived while this request waited still applies.
    if (self->gate.held_until() > Clock::now()) return self->pass_gate(run);
    self->send(run);
  });
}

void ApiClient::Impl::send(const RunPtr& run) {
  auto left = std::chrono::duration_cast<milliseconds>(run->batch->deadline - Clock::now());
  if (left <= milliseconds::zero()) return fail(run, "deadline reached", true);
  http::ClientRequest request;
  request.method = run->fetch.method;
  request.target = run->page.target;
  request.headers = headers;
  if (!run->authorization.empty()) request.headers.push_back({"Authorization", run->authorization});
  if (request.method == "POST") {
    request.headers.push_back({"Content-Type", "application/json"});
    request.body = run->page.body;
  }
  count([](ApiStats& s) { ++s.requests; });
  http->send(std::move(request), std::min(settings.timeout, left), settings.max_response,
             [self = shared_from_this(), run](http::ClientResponse response) {
               asio::post(self->strand, [self, run, response = std::move(response)]() mutable {
                 self->on_response(run, std::move(response));
               });
             });
}

void ApiClient::Impl::on_response(const RunPtr& run, http::ClientResponse response) {
  auto latency = std::chrono::duration_cast<milliseconds>(response.latency);
  // Method, status and timing only: the target's path and query may hold people's ids.
  log::info("vendor_api", "api request",
            {{"connection", connection_id},
             {"fetch", run->fetch.key},
             {"method", run->fetch.method},
             {"page", std::to_string(run->pager->pages() + 1)},
             {"attempt", std::to_string(run->attempt)},
             {"status", std::to_string(response.status)},
             {"latency_ms", std::to_string(latency.count())},
             {"error", response.error.empty() ? std::string("-") : response.error}});
  if (response.status == 429) count([](ApiStats& s) { ++s.rate_limited; });
  metrics::counters().add(
      metrics::Counter::vendor_api_calls,
      {connection_id, metrics::vendor_api_outcome(response.status, response.error)});
  if (auto hold =
          vendor_hold(response.status, response.headers, std::chrono::system_clock::now())) {
    gate.hold_until(Clock::now() + *hold);
  }
  if (!still_wanted(run)) return;

  if (response.status == 0) {
    if (response.error == "response too large" || response.error.starts_with("write: invalid")) {
      return fail(run, response.error, false);
    }
    if (response.error == "client closed") return fail(run, response.error, true);
    return retry_later(run, response.error);
  }
  int status = response.status;
  switch (classify_status(status)) {
    case StatusClass::success:
      return on_page(run, response);
    case StatusClass::retry:
      return retry_later(run, "HTTP " + std::to_string(status));
    case StatusClass::final:
      break;
  }
  if (status == 401 && tokens && !run->refreshed) {
    // The token may have been revoked or expired early: one fresh token, one more try.
    run->refreshed = true;
    tokens->invalidate(run->authorization);
    return attempt(run);
  }
  if (status == 404 && run->fetch.optional && run->pager->pages() == 0) {
    return complete(run, 404, {});
  }
  fail(run, "HTTP " + std::to_string(status), false);
}

void ApiClient::Impl::retry_later(const RunPtr& run, const std::string& why) {
  unsigned max_attempts = std::max(settings.max_attempts, 1u);
  if (run->attempt >= max_attempts) {
    return fail(run, why + " after " + std::to_string(run->attempt) + " attempts", true);
  }
  // Not before a vendor hold ends either: waking up only to wait again gains nothing.
  auto at = std::max(Clock::now() + backoff_delay(run->attempt + 1, random), gate.held_until());
  if (at >= run->batch->deadline) {
    if (gate.held_until() >= run->batch->deadline) {
      return fail(run, "vendor rate limit holds past the deadline", true);
    }
    return fail(run, why + "; no time left to retry", true);
  }
  wait_until(at, [self = shared_from_this(), run] { self->attempt(run); });
}

void ApiClient::Impl::wait_until(Clock::time_point when, std::function<void()> then) {
  auto timer = std::make_shared<asio::steady_timer>(strand, when);
  timers.insert(timer);
  timer->async_wait([self = shared_from_this(), timer, then = std::move(then)](auto) {
    self->timers.erase(timer);
    then();
  });
}

}  // namespace weft::vendor_api
