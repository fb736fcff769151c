#include "daemon/deliver/dispatcher.h"

#include <atomic>
#include <cstdio>

#include "daemon/deliver/signing.h"
#include "daemon/http/url.h"
#include "daemon/log/log.h"
#include "daemon/route/route.h"
#include "daemon/runtime/clock.h"

namespace weft::deliver {

using std::chrono::steady_clock;

struct Dispatcher::Batch {
  config::Snapshot config;  // the subscribers the chains point at live here
  steady_clock::time_point deadline;
  std::atomic<std::size_t> pending{1};  // one extra hold while chains are being started
  std::atomic<std::size_t> attempts{0}, accepted{0}, duplicates{0}, failed{0};
  BatchDone done;

  void finish_one() {
    if (pending.fetch_sub(1) != 1) return;
    BatchOutcome outcome{attempts.load(), accepted.load(), duplicates.load(), failed.load()};
    auto callback = std::move(done);
    callback(outcome);
  }
};

// The events of one batch about one subject, for one subscriber, in the order the provider
// made them (created before opened, updated before stage_changed): sent one after another.
struct Dispatcher::Chain {
  const config::Subscriber* subscriber;
  std::vector<std::shared_ptr<const UnifiedEvent>> events;
  std::size_t next = 0;
};

Dispatcher::Dispatcher(boost::asio::io_context& ioc, std::size_t dedup_capacity)
    : ioc_(ioc), tls_(http::make_client_tls_context()), delivered_(dedup_capacity) {}

Dispatcher::~Dispatcher() {
  close();
}

void Dispatcher::deliver(const config::Snapshot& config, std::vector<UnifiedEvent> events,
                         steady_clock::time_point deadline, BatchDone done) {
  auto batch = std::make_shared<Batch>();
  batch->config = config;
  batch->deadline = deadline;
  batch->done = std::move(done);
  std::vector<std::shared_ptr<Chain>> chains;
  std::map<std::pair<std::string_view, std::string_view>, std::shared_ptr<Chain>> by_subject;
  for (auto& ev : events) {
    auto event = std::make_shared<const UnifiedEvent>(std::move(ev));
    for (const config::Subscriber* sub : route::match(*config, event->connection_id, event->type)) {
      if (delivered_.contains(event->id, sub->id)) {
        batch->duplicates.fetch_add(1);
        continue;
      }
      auto& chain = by_subject[{sub->id, event->subject_id}];
      if (!chain) {
        chain = std::make_shared<Chain>(Chain{sub, {}, 0});
        chains.push_back(chain);
      }
      chain->events.push_back(event);
    }
  }
  batch->pending.fetch_add(chains.size());
  for (const auto& chain : chains) send_next(batch, chain);
  batch->finish_one();
}

std::shared_ptr<Dispatcher::Endpoint> Dispatcher::endpoint_for(const config::Subscriber& sub) {
  std::lock_guard lock(endpoints_mutex_);
  auto it = endpoints_.find(sub.id);
  if (it != endpoints_.end() && it->second->serves(sub)) return it->second;
  auto endpoint = std::make_shared<Endpoint>();
  endpoint->url = sub.url;
  endpoint->max_connections = sub.max_connections;
  endpoint->secrets = sub.secrets;
  for (const auto& secret : sub.secrets) {
    if (auto key = decode_secret(secret)) endpoint->keys.push_back(std::move(*key));
  }
  auto url = http::Url::parse(sub.url);
  if (url) {
    endpoint->client = std::make_shared<http::Client>(ioc_, *tls_, *url, sub.max_connections);
  }
  if (it != endpoints_.end() && it->second->client) it->second->client->close();
  endpoints_[sub.id] = endpoint;
  return endpoint;
}

void Dispatcher::send_next(const std::shared_ptr<Batch>& batch,
                           const std::shared_ptr<Chain>& chain) {
  if (chain->next == chain->events.size()) return batch->finish_one();
  const config::Subscriber& sub = *chain->subscriber;
  const auto& event = chain->events[chain->next];
  auto endpoint = endpoint_for(sub);
  auto remaining =
      std::chrono::duration_cast<std::chrono::milliseconds>(batch->deadline - steady_clock::now());
  auto timeout = std::min(remaining, std::chrono::milliseconds(sub.timeout));
  if (!endpoint->client || timeout.count() <= 0) {
    // This event and the ones behind it wait for the vendor's retry, in order.
    batch->failed.fetch_add(chain->events.size() - chain->next);
    log::warn("deliver", "attempt skipped",
              {{"event_id", event->id},
               {"type", event->type},
               {"subscriber", sub.id},
               {"error", endpoint->client ? "ack budget exhausted" : "bad url"}});
    return batch->finish_one();
  }
  batch->attempts.fetch_add(1);
  int64_t timestamp = now_unix_seconds();
  std::vector<Header> headers;
  headers.push_back({"webhook-id", event->id});
  headers.push_back({"webhook-timestamp", std::to_string(timestamp)});
  headers.push_back(
      {"webhook-signature", signature_header(endpoint->keys, event->id, timestamp, event->body)});
  // The body is shared, not copied, across subscribers and attempts.
  std::shared_ptr<const std::string> body(event, &event->body);
  endpoint->client->post(
      std::move(headers), std::move(body), timeout, [this, batch, chain](http::PostResult result) {
        const auto& event = chain->events[chain->next];
        const std::string& subscriber_id = chain->subscriber->id;
        bool ok = result.status >= 200 && result.status < 300;
        char latency[32];
        std::snprintf(latency, sizeof latency, "%.3f", result.latency.count() / 1000.0);
        log::write(ok ? log::Level::info : log::Level::warn, "deliver", "attempt",
                   {{"event_id", event->id},
                    {"type", event->type},
                    {"subscriber", subscriber_id},
                    {"status", std::to_string(result.status)},
                    {"latency_ms", latency},
                    {"error", result.error.empty() ? "-" : result.error}});
        if (!ok) {
          batch->failed.fetch_add(chain->events.size() - chain->next);
          return batch->finish_one();
        }
        delivered_.insert(event->id, subscriber_id);
        batch->accepted.fetch_add(1);
        ++chain->next;
        send_next(batch, chain);
      });
}

void Dispatcher::retire_stale_endpoints(const config::Config& config) {
  std::lock_guard lock(endpoints_mutex_);
  for (auto it = endpoints_.begin(); it != endpoints_.end();) {
    const config::Subscriber* sub = config.find_subscriber(it->first);
    bool stale = !sub || !it->second->serves(*sub);
    if (stale) {
      if (it->second->client) it->second->client->close();
      it = endpoints_.erase(it);
    } else {
      ++it;
    }
  }
}

void Dispatcher::close() {
  std::lock_guard lock(endpoints_mutex_);
  for (auto& [id, endpoint] : endpoints_) {
    if (endpoint->client) endpoint->client->close();
  }
  endpoints_.clear();
}

}  // namespace weft::deliver
