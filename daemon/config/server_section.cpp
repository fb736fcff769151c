// The `server:` block (listener, threads, budgets, limits) and the `admin:` block (listener and
// bearer token).
#include "daemon/config/checks.h"
#include "daemon/config/fields.h"
#include "daemon/config/sections.h"

namespace weft::config {

namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

Limits read_limits(const Value& value) {
  Mapping map(value, {"max_body", "max_headers", "max_json_depth", "max_json_values",
                      "header_timeout", "body_timeout", "write_timeout", "idle_timeout"});
  Limits limits;
  if (auto v = map.find("max_body")) limits.max_body = read_size(*v, 1, 256 << 20);
  if (auto v = map.find("max_headers")) limits.max_headers = read_size(*v, 1 << 10, 1 << 20);
  if (auto v = map.find("max_json_depth")) {
    limits.max_json_depth = static_cast<unsigned>(read_integer(*v, 1, 512));
  }
  if (auto v = map.find("max_json_values")) {
    limits.max_json_values = static_cast<std::size_t>(read_integer(*v, 100, 10'000'000));
  }
  if (auto v = map.find("header_timeout")) {
    limits.header_timeout = read_duration(*v, milliseconds(100), minutes(10));
  }
  if (auto v = map.find("body_timeout")) {
    limits.body_timeout = read_duration(*v, milliseconds(100), minutes(10));
  }
  if (auto v = map.find("write_timeout")) {
    limits.write_timeout = read_duration(*v, milliseconds(100), minutes(10));
  }
  if (auto v = map.find("idle_timeout")) {
    limits.idle_timeout = read_duration(*v, milliseconds(100), hours(1));
  }
  return limits;
}

// The admin bearer token: a reference only (a token written into the file would travel with
// it), at least 32 characters, printable ASCII without spaces (it goes in a header).
std::string read_admin_token(const Value& value) {
  std::string token = read_secret_reference(value);
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
  if (token.size() < 32 || token.size() > 512) value.fail("must be 32..512 characters long");
  for (char c : token) {
    if (c <= 0x20 || c >= 0x7f) value.fail("must be printable ASCII without spaces");
  }
  return token;
}

}  // namespace

Admin read_admin(const Value& value) {
  Mapping map(value, {"listen", "token"});
  Admin admin;
  admin.enabled = true;
  Value listen = map.require("listen");
  constexpr std::string_view expected =
      "host:port with an IP address or localhost, like 127.0.0.1:8081 or [::1]:8081";
  auto address = parse_listen(read_text(listen, expected));
  if (!address) listen.fail("must be " + std::string(expected));
  admin.listen_host = address->host;
  admin.listen_port = address->port;
  admin.token = read_admin_token(map.require("token"));
  return admin;
}

Server read_server(const Value& value) {
  Mapping map(value,
              {"listen", "threads", "ack_budget", "drain_timeout", "dedup_capacity", "limits"});
  Server server;
  if (auto v = map.find("listen")) {
    constexpr std::string_view expected =
        "host:port with an IP address or localhost, like 127.0.0.1:8080 or [::1]:8080";
    auto address = parse_listen(read_text(*v, expected));
    if (!address) v->fail("must be " + std::string(expected));
    server.listen_host = address->host;
    server.listen_port = address->port;
  }
  if (auto v = map.find("threads")) server.threads = static_cast<unsigned>(read_integer(*v, 1, 64));
  if (auto v = map.find("ack_budget")) {
    server.ack_budget = read_duration(*v, milliseconds(100), seconds(30));
  }
  if (auto v = map.find("drain_timeout")) {
    server.drain_timeout = read_duration(*v, milliseconds(0), minutes(10));
  }
  if (auto v = map.find("dedup_capacity")) {
    server.dedup_capacity = read_integer(*v, 1, 10'000'000);
  }
  if (auto v = map.find("limits")) server.limits = read_limits(*v);
  return server;
}

}  // namespace weft::config
