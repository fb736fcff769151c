#include "daemon/config/describe.h"

#include <cstdio>

#include "daemon/config/units.h"

namespace weft::config {

namespace {

std::string listen_address(const Server& server) {
  bool ipv6 = server.listen_host.find(':') != std::string::npos;
  std::string host = ipv6 ? "[" + server.listen_host + "]" : server.listen_host;
  return host + ":" + std::to_string(server.listen_port);
}

std::string without_query(const std::string& url) {
  auto query = url.find('?');
  return query == std::string::npos ? url : url.substr(0, query) + "?…";
}

std::string joined(const std::vector<std::string>& items, std::string_view empty) {
  if (items.empty()) return std::string(empty);
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ",";
    out += item;
  }
  return out;
}

std::string count(std::size_t n, std::string_view noun) {
  return std::to_string(n) + " " + std::string(noun) + (n == 1 ? "" : "s");
}

}  // namespace

std::string describe(const Config& config) {
  const Server& server = config.server;
  const Limits& limits = server.limits;
  std::string out;
  out += "config " + config.path + "\n";
  out += "server listen=" + listen_address(server) + " threads=" + std::to_string(server.threads) +
         " ack_budget=" + format_duration(server.ack_budget) +
         " drain_timeout=" + format_duration(server.drain_timeout) +
         " dedup_capacity=" + std::to_string(server.dedup_capacity) + "\n";
  out += "limits max_body=" + format_size(limits.max_body) +
         " max_headers=" + format_size(limits.max_headers) +
         " max_json_depth=" + std::to_string(limits.max_json_depth) +
         " read_timeout=" + format_duration(limits.read_timeout) +
         " write_timeout=" + format_duration(limits.write_timeout) +
         " idle_timeout=" + format_duration(limits.idle_timeout) + "\n";
  out += "spool none\n";
  out += count(config.connections.size(), "connection") + "\n";
  for (const Connection& c : config.connections) {
    out += "  " + c.info.id + " tenant=" + c.info.tenant + " provider=" + c.info.provider +
           " environment=" + c.info.environment + " " + count(c.info.secrets.size(), "secret");
    if (c.api) {
      static constexpr const char* kAuth[] = {"none", "basic", "bearer", "header", "oauth2"};
      char rate[32];
      std::snprintf(rate, sizeof rate, "%g/s", c.api->rate_per_second);
      out += " api=" + c.api->base_url + " auth=" + kAuth[static_cast<int>(c.api->auth.kind)] +
             " rate_limit=" + rate;
    }
    if (c.info.provider == "sandbox") {
      out += " interval=" + format_duration(c.sandbox.interval) +
             " seed=" + std::to_string(c.sandbox.seed);
    }
    out += "\n";
  }
  out += count(config.subscribers.size(), "subscriber") + "\n";
  for (const Subscriber& s : config.subscribers) {
    out += "  " + s.id + " url=" + without_query(s.url) + " " + count(s.secrets.size(), "secret") +
           " connections=" + joined(s.connections, "all") + " events=" + joined(s.events, "") +
           " timeout=" + format_duration(s.timeout) +
           " max_connections=" + std::to_string(s.max_connections) + "\n";
  }
  return out;
}

}  // namespace weft::config
