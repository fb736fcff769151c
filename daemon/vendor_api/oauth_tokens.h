// The OAuth2 client-credentials token of one connection: fetched from api.auth.token_url when
// first needed, cached, refreshed shortly before it expires (auth.h: refresh_margin) or at once
// after the API refused it. However many requests wait for a token, one token request is made.
// Runs on the ApiClient's strand: every member is called there, and every callback runs there.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "daemon/http/address_policy.h"

#include "daemon/config/config.h"
#include "daemon/http/client.h"
#include "daemon/http/client_connection.h"

namespace weft::vendor_api {

class OAuthTokens : public std::enable_shared_from_this<OAuthTokens> {
 public:
  using Clock = std::chrono::steady_clock;
  struct Result {
    std::string authorization{};  // "Bearer …" when ok; a secret: never log it
    std::string error{};          // one line, no secret
    bool retryable = false;
  };
  using Done = std::function<void(Result)>;

  // timeout: per token request (api.timeout); on_request runs for each token request sent.
  OAuthTokens(boost::asio::io_context& ioc, http::Strand strand, boost::asio::ssl::context& tls,
              config::ApiAuth auth, http::Url token_url, std::string connection_id,
              std::chrono::milliseconds timeout, std::function<void()> on_request,
              std::shared_ptr<const http::AddressPolicy> policy = {});

  // done gets a usable token, at once when one is cached, or an error; "deadline reached" when
  // deadline passes first. Exactly once, on the strand.
  void get(Clock::time_point deadline, Done done);
  // The API refused this authorization: forget it unless a newer token replaced it already, so
  // the next get() fetches one (once, for every request that saw the same refusal).
  void invalidate(const std::string& authorization);
  // Fails waiting requests with "client closed"; later gets fail too.
  void close();

 private:
  struct Waiter {
    Done done;
    std::unique_ptr<boost::asio::steady_timer> timer;
  };
  void request_token(Clock::time_point deadline);
  void on_response(http::ClientResponse response, Clock::time_point sent);
  void answer_all(const Result& result);

  http::Strand strand_;
  config::ApiAuth auth_;
  http::Url token_url_;
  std::string connection_id_;
  std::chrono::milliseconds timeout_;
  std::function<void()> on_request_;
  std::shared_ptr<http::Client> http_;
  std::optional<std::string> token_;  // the cached authorization
  Clock::time_point refresh_at_;      // when the cached one stops being handed out
  bool in_flight_ = false;
  bool closed_ = false;
  uint64_t next_waiter_ = 0;
  std::map<uint64_t, Waiter> waiters_;
};

}  // namespace weft::vendor_api
