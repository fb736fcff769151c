// The configuration, parsed once into immutable typed objects. Requests borrow a snapshot
// (std::shared_ptr<const Config>); a reload builds a whole new one and swaps it atomically.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "providers/core/provider.h"

namespace weft::config {

using Duration = std::chrono::milliseconds;

struct Limits {
  std::size_t max_body = 1 << 20;                                 // bytes; over it: 413
  std::size_t max_headers = 16 << 10;                             // bytes; over it: 431
  unsigned max_json_depth = 64;                                   // over it: 400
  std::size_t max_json_values = json::Limits::kDefaultMaxValues;  // over it: 400
  Duration header_timeout{10'000};  // request line and headers, from their first byte: 408
  Duration body_timeout{30'000};    // the body, once the headers are in: 408
  Duration write_timeout{10'000};
  Duration idle_timeout{60'000};  // keep-alive connection without a request

  json::Limits json() const { return {max_json_depth, max_json_values}; }
};

struct Server {
  std::string listen_host = "127.0.0.1";  // IPv4 or IPv6 literal, or "localhost"
  uint16_t listen_port = 8080;            // 0: any free port (tests)
  unsigned threads = 2;
  Duration ack_budget{3'000};            // wait this long for subscribers before answering
  Duration drain_timeout{10'000};        // SIGTERM: finish in-flight work within this
  std::size_t dedup_capacity = 100'000;  // (event id, subscriber) pairs remembered
  Limits limits;
};

// The admin listener (`admin:`): /healthz, /metrics, the admin API (/v1/admin/...) and the
// dashboard (docs/admin.md); absent: no admin listener. Meant for loopback or a private
// network: it is never served on the public listener. Every route but GET /healthz needs
// `Authorization: Bearer <token>`.
struct Admin {
  bool enabled = false;
  std::string listen_host = "127.0.0.1";
  uint16_t listen_port = 8081;  // 0: any free port (tests)
  std::string token;            // >= 32 characters, from ${file:...} or ${env:...}
};

// The encrypted transient spool (`spool:`). `spool: none` (the default): nothing is written;
// a subscriber that did not accept within the ack budget makes the vendor retry (503).
struct Spool {
  bool enabled = false;
  std::string path;  // the spool directory (created 0700); StateDirectory= under systemd
  std::array<uint8_t, 32> key{};  // master key: 64 hex chars or base64 of 32 bytes, from
                                  // ${file:...} or ${env:...}; never stored in `path`
  Duration retention{std::chrono::hours(72)};  // a data key is destroyed this long after it
                                               // stopped being used for new records
  Duration rotation{std::chrono::hours(1)};    // a new data key this often (<= retention)
  uint64_t max_size = 1ull << 30;              // bytes on disk; beyond: 503 + Retry-After
};

// What a subscriber may receive beyond its event patterns (`subscribers[].scope`). Fields are
// classified in schema/ (x-weft-classification: pii, sensitive, document); `sensitive` ones
// are withheld unless named in `sensitive`; `deny` withholds any further field. What was
// withheld is listed in the delivered envelope's `redacted_fields`.
struct Scope {
  std::vector<std::string> sensitive;  // sensitive groups it may see, e.g. eeo, date_of_birth
  std::vector<std::string> deny;       // further fields withheld, e.g. candidate.phone_numbers
};

// Where Weft may connect to deliver (`network:`): the SSRF guard. Non-public addresses
// (loopback, private, link-local, multicast, ...) are refused unless a range here names them.
struct Network {
  std::vector<std::string> allow_private;  // CIDR ranges, e.g. 127.0.0.0/8, "::1/128"
  bool allow_plain_http = true;            // http:// to addresses outside allow_private
};

// A subscriber's retry schedule (`subscribers[].retry`).
struct Retry {
  // The wait before each retry; when used up the event is a dead letter.
  std::vector<Duration> schedule = {std::chrono::seconds(5),  std::chrono::minutes(5),
                                    std::chrono::minutes(30), std::chrono::hours(2),
                                    std::chrono::hours(5),    std::chrono::hours(10),
                                    std::chrono::hours(10)};
  Duration max_age{std::chrono::hours(36)};  // no attempt later than this after receipt
  double jitter = 0.2;                       // each wait scaled by [1 - jitter, 1 + jitter]
};

struct SandboxSettings {
  Duration interval{2'000};  // 0: only on demand
  uint64_t seed = 0;  // 0: a new story at every start (the driver picks one); else repeatable
};

// How Weft authenticates to a vendor's API (api.auth); exactly one kind per connection.
struct ApiAuth {
  enum class Kind { none, basic, bearer, header, oauth2 };
  Kind kind = Kind::none;
  std::string username, password;  // basic: "Authorization: Basic base64(username:password)"
  std::string token;               // bearer: "Authorization: Bearer <token>"; header: the value
  std::string header_name;         // header: e.g. X-SmartToken, X-API-KEY
  // oauth2 client credentials: POST token_url (form: grant_type=client_credentials, scope;
  // client id and secret as HTTP Basic). The access token is cached and refreshed before it
  // expires, and at once when the API answers 401.
  std::string token_url, client_id, client_secret, scope;
};

// The vendor API of one connection: where thin webhooks are enriched from.
struct Api {
  std::string base_url;  // http(s)://host[:port][/prefix]; fetch targets are relative to it
  ApiAuth auth;
  std::vector<Header> headers;         // fixed extra headers (e.g. X-Api-Version)
  double rate_per_second = 5;          // the connection's own request budget (token bucket)
  unsigned burst = 5;                  // requests allowed at once before the rate applies
  Duration timeout{10'000};            // per request attempt
  unsigned max_attempts = 4;           // per request, with backoff, within the enrichment deadline
  unsigned max_pages = 50;             // per paged fetch
  std::size_t max_response = 8 << 20;  // bytes per response
};

struct Connection {
  ConnectionInfo info;      // id, tenant, provider, environment, secrets, replay window
  SandboxSettings sandbox;  // used when info.provider == "sandbox"
  std::optional<Api> api;   // absent: thin webhooks of this connection cannot be enriched
  // Inbound budget (`rate_limit`, `burst`): requests per second this connection's URL takes
  // before answering 429 + Retry-After, checked before the signature. 0: no limit.
  double rate_per_second = 0;
  unsigned burst = 1;
};

struct Subscriber {
  std::string id;
  std::string url;                       // http:// or https://
  std::vector<std::string> secrets;      // "whsec_…" or "whsk_…"; one signature per secret
  std::vector<std::string> connections;  // empty: all connections
  std::vector<std::string> events;       // type patterns: "ats.*", "ats.application.*", exact
  Duration timeout{10'000};              // per delivery attempt
  unsigned max_connections = 8;          // keep-alive pool size
  unsigned max_in_flight = 16;           // deliveries at once (spread over the pool)
  double rate_per_second = 0;            // rate_limit: N/s|m|h; 0: none
  unsigned burst = 1;                    // rate_limit burst (at least 1)
  std::size_t max_queue = 100'000;       // (event, subscriber) pairs waiting; beyond: 503
  Retry retry;
  Scope scope;
};

struct Config {
  std::string path;  // the file it was loaded from
  Server server;
  Admin admin;
  Spool spool;
  Network network;
  std::vector<Connection> connections;
  std::vector<Subscriber> subscribers;

  const Connection* find_connection(std::string_view id) const;
  const Subscriber* find_subscriber(std::string_view id) const;
};

using Snapshot = std::shared_ptr<const Config>;

// Thrown by load() with a message "<file>:<line>: <key path>: <what is wrong>".
struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Reads, resolves ${env:NAME} and ${file:PATH} references, and validates strictly:
// unknown keys and bad values are errors. Start-up, reload and --check-config all use it.
Snapshot load(const std::string& path);

}  // namespace weft::config
