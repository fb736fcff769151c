// The cached OAuth2 client-credentials token; see oauth_tokens.h.
#include "daemon/vendor_api/oauth_tokens.h"

#include <boost/asio/post.hpp>

#include <algorithm>

#include "daemon/log/log.h"
#include "daemon/metrics/counters.h"
#include "daemon/vendor_api/auth.h"
#include "daemon/vendor_api/retry.h"

namespace weft::vendor_api {

namespace asio = boost::asio;

namespace {
constexpr std::size_t kMaxTokenResponse = 64 * 1024;
}  // namespace

OAuthTokens::OAuthTokens(asio::io_context& ioc, http::Strand strand, asio::ssl::context& tls,
                         config::ApiAuth auth, http::Url token_url, std::string connection_id,
                         std::chrono::milliseconds timeout, std::function<void()> on_request,
                         std::shared_ptr<const http::AddressPolicy> policy)
    : strand_(std::move(strand)),
      auth_(std::move(auth)),
      token_url_(std::move(token_url)),
      connection_id_(std::move(connection_id)),
      timeout_(timeout),
      on_request_(std::move(on_request)),
      http_(std::make_shared<http::Client>(ioc, tls, token_url_, 1, 1024,
                                           http::ClientOptions{.policy = std::move(policy)})) {}

void OAuthTokens::get(Clock::time_point deadline, Done done) {
  if (closed_) return done({.authorization = {}, .error = "client closed", .retryable = true});
  auto now = Clock::now();
  if (token_ && now < refresh_at_) return done({.authorization = *token_});
  if (now >= deadline)
    return done({.authorization = {}, .error = "deadline reached", .retryable = true});

  uint64_t id = next_waiter_++;
  auto& waiter = waiters_[id];
  waiter.done = std::move(done);
  waiter.timer = std::make_unique<asio::steady_timer>(strand_, deadline);
  waiter.timer->async_wait([self = shared_from_this(), id](boost::system::error_code ec) {
    if (ec) return;
    auto it = self->waiters_.find(id);
    if (it == self->waiters_.end()) return;
    auto waiting = std::move(it->second.done);
    self->waiters_.erase(it);
    waiting({.authorization = {}, .error = "deadline reached", .retryable = true});
  });
  if (!in_flight_) request_token(deadline);
}

void OAuthTokens::invalidate(const std::string& authorization) {
  if (token_ && *token_ == authorization) token_.reset();
}

void OAuthTokens::close() {
  closed_ = true;
  http_->close();
  answer_all({.authorization = {}, .error = "client closed", .retryable = true});
}

void OAuthTokens::request_token(Clock::time_point deadline) {
  in_flight_ = true;
  if (on_request_) on_request_();
  auto now = Clock::now();
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
  http::ClientRequest request;
  request.method = "POST";
  request.target = token_url_.target;
  request.headers = {{"Authorization", oauth_client_authorization(auth_)},
                     {"Content-Type", "application/x-www-form-urlencoded"},
                     {"Accept", "application/json"}};
  request.body = oauth_token_form(auth_);
  http_->send(std::move(request), std::clamp(left, std::chrono::milliseconds(1), timeout_),
              kMaxTokenResponse, [self = shared_from_this(), now](http::ClientResponse response) {
                asio::post(self->strand_, [self, now, response = std::move(response)]() mutable {
                  self->on_response(std::move(response), now);
                });
              });
}

void OAuthTokens::on_response(http::ClientResponse response, Clock::time_point sent) {
  in_flight_ = false;
  auto latency = std::chrono::duration_cast<std::chrono::milliseconds>(response.latency);
  log::info("vendor_api", "oauth2 token request",
            {{"connection", connection_id_},
             {"status", std::to_string(response.status)},
             {"latency_ms", std::to_string(latency.count())},
             {"error", response.error}});
  metrics::counters().add(
      metrics::Counter::vendor_api_token_requests,
      {connection_id_, metrics::vendor_api_outcome(response.status, response.error)});
  if (closed_) return;
  Result result;
  if (response.status == 0) {
    result.error = "oauth2 token request: " + response.error;
    result.retryable = response.error != "response too large";
  } else if (auto kind = classify_status(response.status); kind != StatusClass::success) {
    result.error = "oauth2 token request: HTTP " + std::to_string(response.status);
    result.retryable = kind == StatusClass::retry;
  } else {
    std::string error;
    auto token = parse_token_response(response.body, error);
    if (!error.empty()) {
      result.error = error;
    } else {
      token_ = token.authorization;
      // Counted from when the request left: the server's clock started no earlier.
      refresh_at_ = sent + token.lifetime - refresh_margin(token.lifetime);
      result.authorization = std::move(token.authorization);
    }
  }
  if (!result.error.empty()) token_.reset();
  answer_all(result);
}

void OAuthTokens::answer_all(const Result& result) {
  auto waiting = std::move(waiters_);
  waiters_.clear();
  for (auto& [id, waiter] : waiting) {
    waiter.timer->cancel();
    waiter.done(result);
  }
}

}  // namespace weft::vendor_api
