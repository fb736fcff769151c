// describe(): the one-screen summary --check-config prints. Ids, counts, URLs without their
// query and settings; never a secret or the spool key.
#include "daemon/config/describe.h"

#include <cmath>
#include <cstdio>
#include <utility>
#include <vector>

#include "daemon/config/units.h"

namespace weft::config {

namespace {

std::string listen_address(const std::string& host, uint16_t port) {
  bool ipv6 = host.find(':') != std::string::npos;
  return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::string listen_address(const Server& server) {
  return listen_address(server.listen_host, server.listen_port);
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

// A rate per second in the largest unit that gives a whole count: 10/s, 90/m, 1/h.
std::string rate(double per_second) {
  for (auto [per, unit] : {std::pair{1.0, "/s"}, std::pair{60.0, "/m"}, std::pair{3600.0, "/h"}}) {
    double count = per_second * per;
    if (std::abs(count - std::round(count)) < 1e-6 * count) {
      return std::to_string(static_cast<uint64_t>(std::llround(count))) + unit;
    }
  }
  char text[32];
  std::snprintf(text, sizeof text, "%g/s", per_second);
  return text;
}

std::string spool_line(const Spool& spool) {
  if (!spool.enabled) return "spool none\n";
  // The key is reported only as present: not its length, bytes or a fingerprint.
  return "spool path=" + spool.path + " retention=" + format_duration(spool.retention) +
         " rotation=" + format_duration(spool.rotation) +
         " max_size=" + format_size(spool.max_size) + " key=set\n";
}

// "none", or e.g. "sensitive:eeo,compensation;deny:candidate.phone_numbers".
std::string scope_text(const Scope& scope) {
  std::string out;
  if (!scope.sensitive.empty()) out = "sensitive:" + joined(scope.sensitive, "");
  if (!scope.deny.empty()) out += (out.empty() ? "deny:" : ";deny:") + joined(scope.deny, "");
  return out.empty() ? "none" : out;
}

std::string delivery_settings(const Subscriber& s) {
  std::vector<std::string> steps;
  for (Duration step : s.retry.schedule) steps.push_back(format_duration(step));
  char jitter[32];
  std::snprintf(jitter, sizeof jitter, "%g", s.retry.jitter);
  std::string limit = s.rate_per_second > 0
                          ? rate(s.rate_per_second) + " burst=" + std::to_string(s.burst)
                          : std::string("none");
  return " max_in_flight=" + std::to_string(s.max_in_flight) + " rate_limit=" + limit +
         " max_queue=" + std::to_string(s.max_queue) + " retry=" + joined(steps, "none") +
         " max_age=" + format_duration(s.retry.max_age) + " jitter=" + jitter;
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
         " max_json_values=" + std::to_string(limits.max_json_values) +
         " header_timeout=" + format_duration(limits.header_timeout) +
         " body_timeout=" + format_duration(limits.body_timeout) +
         " write_timeout=" + format_duration(limits.write_timeout) +
         " idle_timeout=" + format_duration(limits.idle_timeout) + "\n";
  if (config.admin.enabled) {
    out +=
        "admin listen=" + listen_address(config.admin.listen_host, config.admin.listen_port) + "\n";
  }
  out += spool_line(config.spool);
  out += "network allow_private=" + joined(config.network.allow_private, "none") +
         " allow_plain_http=" + (config.network.allow_plain_http ? "true" : "false") + "\n";
  out += count(config.connections.size(), "connection") + "\n";
  for (const Connection& c : config.connections) {
    out += "  " + c.info.id + " tenant=" + c.info.tenant + " provider=" + c.info.provider +
           " environment=" + c.info.environment + " " + count(c.info.secrets.size(), "secret");
    if (c.api) {
      static constexpr const char* kAuth[] = {"none", "basic", "bearer", "header", "oauth2"};
      out += " api=" + c.api->base_url + " auth=" + kAuth[static_cast<int>(c.api->auth.kind)] +
             " rate_limit=" + rate(c.api->rate_per_second);
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
           " scope=" + scope_text(s.scope) + " timeout=" + format_duration(s.timeout) +
           " max_connections=" + std::to_string(s.max_connections) + delivery_settings(s) + "\n";
  }
  return out;
}

}  // namespace weft::config
