// Connection specs and small helpers shared by the integration test files.
#pragma once

#include <signal.h>

#include <string>
#include <vector>

#include "integration/expect.h"
#include "integration/harness.h"

namespace weft::it {

inline ConnectionSpec greenhouse_connection(std::string id = "acme-greenhouse") {
  ConnectionSpec c;
  c.id = std::move(id);
  c.provider = "greenhouse";
  c.secrets = {kGreenhouseSecret};
  return c;
}

inline ConnectionSpec ashby_connection(std::string id = "acme-ashby") {
  ConnectionSpec c;
  c.id = std::move(id);
  c.provider = "ashby";
  c.secrets = {kAshbySecret};
  return c;
}

inline ConnectionSpec sandbox_connection(std::string id, std::string interval) {
  ConnectionSpec c;
  c.id = std::move(id);
  c.provider = "sandbox";
  c.secrets = {kSandboxSecret};
  c.tenant = "demo";
  c.environment = "sandbox";
  c.sandbox_interval = std::move(interval);
  return c;
}

// A subscriber of the sink whose one secret is whsec(id).
inline SubscriberSpec subscriber(std::string id, const std::string& url,
                                 std::vector<std::string> events = {"ats.*"}) {
  SubscriberSpec s;
  s.secrets = {whsec(id)};
  s.id = std::move(id);
  s.url = url;
  s.events = std::move(events);
  return s;
}

inline SubscriberSpec subscriber(std::string id, const Sink& sink,
                                 std::vector<std::string> events = {"ats.*"}) {
  return subscriber(std::move(id), sink.url(), std::move(events));
}

// POSTs a signed Greenhouse webhook to /v1/webhooks/{connection}.
inline Response post_greenhouse(HttpClient& client, const std::string& body,
                                const std::string& event_id,
                                const std::string& connection = "acme-greenhouse",
                                const std::string& secret = kGreenhouseSecret) {
  return client.post("/v1/webhooks/" + connection, body,
                     greenhouse_headers(body, secret, event_id));
}

inline Response post_ashby(HttpClient& client, const std::string& body,
                           const std::string& connection = "acme-ashby",
                           const std::string& secret = kAshbySecret) {
  return client.post("/v1/webhooks/" + connection, body, ashby_headers(body, secret));
}

// Sends SIGHUP and waits for the outcome line logged after it ("reloaded" or "reload failed").
inline std::optional<std::string> reload_config(TestDaemon& daemon) {
  const std::size_t mark = daemon.weftd().log_count();
  daemon.weftd().send_signal(SIGHUP);
  return daemon.weftd().wait_for_log(
      [](const std::string& line) {
        auto msg = log_fields(line)["msg"];
        return msg == "reloaded" || msg == "reload failed";
      },
      kWait, mark);
}

inline bool contains(const std::vector<std::string>& list, const std::string& item) {
  for (const auto& x : list) {
    if (x == item) return true;
  }
  return false;
}

}  // namespace weft::it
