// The configuration, parsed once into immutable typed objects. Requests borrow a snapshot
// (std::shared_ptr<const Config>); a reload builds a whole new one and swaps it atomically.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "providers/core/provider.h"

namespace weft::config {

using Duration = std::chrono::milliseconds;

struct Limits {
  std::size_t max_body = 1 << 20;      // bytes; over it: 413
  std::size_t max_headers = 16 << 10;  // bytes; over it: 431
  unsigned max_json_depth = 64;        // over it: 400
  Duration read_timeout{10'000};       // whole request (headers + body)
  Duration write_timeout{10'000};
  Duration idle_timeout{60'000};  // keep-alive connection without a request
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

struct SandboxSettings {
  Duration interval{2'000};  // 0: only on demand
  uint64_t seed = 0;  // 0: a new story at every start (the driver picks one); else repeatable
};

struct Connection {
  ConnectionInfo info;      // id, tenant, provider, environment, secrets
  SandboxSettings sandbox;  // used when info.provider == "sandbox"
};

struct Subscriber {
  std::string id;
  std::string url;                       // http:// or https://
  std::vector<std::string> secrets;      // "whsec_…"; one signature per secret
  std::vector<std::string> connections;  // empty: all connections
  std::vector<std::string> events;       // type patterns: "ats.*", "ats.application.*", exact
  Duration timeout{10'000};              // per delivery attempt
  unsigned max_connections = 8;          // keep-alive pool size
};

struct Config {
  std::string path;  // the file it was loaded from
  Server server;
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
