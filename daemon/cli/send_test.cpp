// weftd send-test: sends one signed weft.ping to a subscriber of a config file, as a real
// delivery would go (same envelope, headers, signatures, network guard and timeout), and
// prints the HTTP status and latency. Exit 0 on a 2xx, 1 otherwise, 2 on a usage or config
// error.
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>

#include "daemon/admin/ping.h"
#include "daemon/cli/commands.h"
#include "daemon/config/config.h"
#include "daemon/deliver/signing.h"
#include "daemon/http/address_policy.h"
#include "daemon/http/client.h"
#include "daemon/http/url.h"
#include "daemon/runtime/clock.h"

namespace weft::cli {

namespace {

int usage() {
  std::fprintf(stderr, "usage: weftd send-test --config FILE --subscriber ID\n");
  return 2;
}

int64_t unix_ms_now() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

int send_test(const std::vector<std::string>& args) {
  std::string path, subscriber_id;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--config" && i + 1 < args.size()) {
      path = args[++i];
    } else if (args[i] == "--subscriber" && i + 1 < args.size()) {
      subscriber_id = args[++i];
    } else {
      return usage();
    }
  }
  if (path.empty() || subscriber_id.empty()) return usage();

  config::Snapshot snapshot;
  try {
    snapshot = config::load(path);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "send-test: %s\n", e.what());
    return 2;
  }
  const config::Subscriber* subscriber = snapshot->find_subscriber(subscriber_id);
  if (subscriber == nullptr) {
    std::fprintf(stderr, "send-test: no subscriber '%s' in %s\n", subscriber_id.c_str(),
                 path.c_str());
    return 2;
  }
  const config::Connection* connection = admin::ping_connection(*snapshot, *subscriber);
  if (connection == nullptr) {
    std::fprintf(stderr, "send-test: the config has no connection to send a ping from\n");
    return 2;
  }
  auto url = http::Url::parse(subscriber->url);
  if (!url) {
    std::fprintf(stderr, "send-test: subscriber '%s' has an unusable url\n", subscriber_id.c_str());
    return 2;
  }
  std::vector<deliver::SigningKey> keys;
  for (const auto& secret : subscriber->secrets) {
    if (auto key = deliver::decode_signing_key(secret)) keys.push_back(std::move(*key));
  }

  UnifiedEvent ping = admin::make_ping(*connection, unix_ms_now());
  auto body = std::make_shared<const std::string>(std::move(ping.body));
  // The outbox's headers: webhook-id, -timestamp and -signature (content-type is the client's).
  const int64_t timestamp = now_unix_seconds();
  std::vector<Header> headers;
  headers.push_back({"webhook-id", ping.id});
  headers.push_back({"webhook-timestamp", std::to_string(timestamp)});
  headers.push_back(
      {"webhook-signature", deliver::signature_header(keys, ping.id, timestamp, *body)});

  boost::asio::io_context ioc;
  auto tls = http::make_client_tls_context();
  // The SSRF guard of the config's `network:` block, exactly as deliveries use it.
  auto policy = std::make_shared<const http::AddressPolicy>(http::AddressPolicy::from_strings(
      snapshot->network.allow_private, snapshot->network.allow_plain_http));
  auto client = std::make_shared<http::Client>(ioc, *tls, *url, 1, 1,
                                               http::ClientOptions{.policy = std::move(policy)});
  std::optional<http::PostResult> outcome;
  client->post(std::move(headers), body, subscriber->timeout,
               [&outcome, client](http::PostResult result) {
                 outcome = std::move(result);
                 client->close();
               });
  // The client's deadline ends the attempt; the margin only bounds the closing.
  ioc.run_for(subscriber->timeout + std::chrono::seconds(5));

  if (!outcome) {
    std::printf("subscriber=%s event_id=%s status=0 error=timeout\n", subscriber_id.c_str(),
                ping.id.c_str());
    return 1;
  }
  char latency[32];
  std::snprintf(latency, sizeof latency, "%.1f", outcome->latency.count() / 1000.0);
  if (outcome->status == 0) {
    std::printf("subscriber=%s event_id=%s status=0 latency_ms=%s error=\"%s\"\n",
                subscriber_id.c_str(), ping.id.c_str(), latency, outcome->error.c_str());
    return 1;
  }
  const bool accepted = outcome->status >= 200 && outcome->status < 300;
  std::printf("subscriber=%s event_id=%s status=%d latency_ms=%s result=%s\n",
              subscriber_id.c_str(), ping.id.c_str(), outcome->status, latency,
              accepted ? "accepted" : "refused");
  return accepted ? 0 : 1;
}

}  // namespace weft::cli
