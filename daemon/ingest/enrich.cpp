#include "daemon/ingest/enrich.h"

#include "daemon/http/client.h"

namespace weft::ingest {

namespace {

// Everything that makes two api settings serve differently; compared, never logged.
std::string fingerprint(const config::Api& api) {
  std::string f = api.base_url + '\n' + std::to_string(static_cast<int>(api.auth.kind)) + '\n' +
                  api.auth.username + '\n' + api.auth.password + '\n' + api.auth.token + '\n' +
                  api.auth.header_name + '\n' + api.auth.token_url + '\n' + api.auth.client_id +
                  '\n' + api.auth.client_secret + '\n' + api.auth.scope + '\n' +
                  std::to_string(api.rate_per_second) + '\n' + std::to_string(api.burst) + '\n' +
                  std::to_string(api.timeout.count()) + '\n' + std::to_string(api.max_attempts) +
                  '\n' + std::to_string(api.max_pages) + '\n' + std::to_string(api.max_response);
  for (const auto& h : api.headers) f += '\n' + h.name + ':' + h.value;
  return f;
}

// The API settings and the network policy an ApiClient was built with.
std::string fingerprint(const config::Api& api, const config::Network& network) {
  std::string f = fingerprint(api) + "\nnetwork:" + std::to_string(network.allow_plain_http);
  for (const auto& range : network.allow_private) f += ',' + range;
  return f;
}

}  // namespace

struct Enricher::Round {
  std::shared_ptr<const ThinRequest> thin;
  std::shared_ptr<vendor_api::ApiClient> client;
  std::chrono::steady_clock::time_point deadline;
  EnrichDone done;
  std::vector<FetchResult> results;
  EnrichOutcome outcome;
};

Enricher::Enricher(boost::asio::io_context& ioc)
    : ioc_(ioc), tls_(http::make_client_tls_context()) {}

Enricher::~Enricher() {
  close();
}

std::shared_ptr<vendor_api::ApiClient> Enricher::client_for(const config::Connection& connection,
                                                            const config::Network& network) {
  // The same SSRF guard as deliveries: a vendor API may not be a private address either.
  std::string f = fingerprint(*connection.api, network);
  std::lock_guard lock(mutex_);
  Entry& entry = clients_[connection.info.id];
  if (!entry.client || entry.fingerprint != f) {
    if (entry.client) entry.client->close();
    entry.client = std::make_shared<vendor_api::ApiClient>(
        ioc_, *tls_, connection.info.id, *connection.api,
        std::make_shared<const http::AddressPolicy>(
            http::AddressPolicy::from_strings(network.allow_private, network.allow_plain_http)));
    entry.fingerprint = std::move(f);
  }
  return entry.client;
}

void Enricher::run(std::shared_ptr<const ThinRequest> thin, Normalized first,
                   std::chrono::steady_clock::time_point deadline, EnrichDone done) {
  auto round = std::make_shared<Round>();
  round->thin = std::move(thin);
  round->deadline = deadline;
  round->done = std::move(done);
  const config::Connection& connection = *round->thin->connection;
  if (!connection.api || !round->thin->provider->enrich) {
    // The config loader requires api for thin vendors; this guards the invariant.
    round->outcome.error = "connection has no vendor API configured to fetch the records";
    return round->done(std::move(round->outcome));
  }
  round->client = client_for(connection, round->thin->snapshot->network);
  next_round(round, std::move(first));
}

void Enricher::next_round(const std::shared_ptr<Round>& round, Normalized normalized) {
  EnrichOutcome& outcome = round->outcome;
  if (!normalized.error.empty() || normalized.fetches.empty()) {
    outcome.normalized = std::move(normalized);
    return round->done(std::move(outcome));
  }
  if (outcome.rounds == static_cast<unsigned>(kMaxEnrichRounds)) {
    outcome.error = "the provider asked for more rounds of API reads than allowed";
    return round->done(std::move(outcome));
  }
  ++outcome.rounds;
  outcome.fetches += normalized.fetches.size();
  round->client->fetch_all(
      std::move(normalized.fetches), round->deadline,
      [this, round](vendor_api::FetchOutcome fetched) {
        if (!fetched.error.empty()) {
          round->outcome.error = "vendor API: " + fetched.error;
          round->outcome.retryable = fetched.retryable;
          return round->done(std::move(round->outcome));
        }
        for (auto& r : fetched.results) round->results.push_back(std::move(r));
        const ThinRequest& thin = *round->thin;
        NormalizeContext context{thin.connection->info, thin.received_at,
                                 thin.snapshot->server.limits.json()};
        next_round(round, thin.provider->enrich(thin.request(), context, round->results));
      });
}

void Enricher::retire_stale_clients(const config::Config& config) {
  std::lock_guard lock(mutex_);
  for (auto it = clients_.begin(); it != clients_.end();) {
    const config::Connection* c = config.find_connection(it->first);
    if (!c || !c->api || fingerprint(*c->api, config.network) != it->second.fingerprint) {
      it->second.client->close();
      it = clients_.erase(it);
    } else {
      ++it;
    }
  }
}

void Enricher::close() {
  std::lock_guard lock(mutex_);
  for (auto& [id, entry] : clients_) entry.client->close();
  clients_.clear();
}

}  // namespace weft::ingest
