// The integration harness: the real weftd binary as a child process (process.h), HTTP on
// loopback (http_client.h), vendor signing computed independently of the daemon, and the
// config files the tests write.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "integration/http_client.h"
#include "integration/process.h"

namespace weft::it {

// Vendor request signing, computed here independently of the daemon.
std::string hex_hmac(std::string_view secret, std::string_view body);
std::vector<Header> greenhouse_headers(std::string_view body, std::string_view secret,
                                       std::string_view event_id);
std::vector<Header> ashby_headers(std::string_view body, std::string_view secret);

// Standard Webhooks "v1,<base64>" computed independently of the daemon.
std::string standard_signature(std::string_view whsec_secret, std::string_view id,
                               std::string_view timestamp, std::string_view body);
// Standard Webhooks check computed independently: one "v1,<base64>" of the space-separated
// list must equal base64(HMAC-SHA256(base64-decoded secret, id.timestamp.body)).
bool standard_signature_matches(std::string_view whsec_secret, std::string_view id,
                                std::string_view timestamp, std::string_view body,
                                std::string_view signature_header);

// The "error" member of a JSON error body; nullopt when the body is not {"error": "..."}.
std::optional<std::string> error_reason(std::string_view body);

// Config file pieces. Tests write their YAML with these so the file shape lives in one place.
struct ConnectionSpec {
  std::string id;
  std::string provider;
  std::vector<std::string> secrets;
  std::string tenant = "acme";
  std::string environment = "production";
  std::string sandbox_interval{};  // provider sandbox only, e.g. "0s"
  std::string api{};  // the api block as a YAML flow mapping, e.g. "{base_url: ..., auth: ...}"
  std::vector<std::string> extra{};  // more keys, written as is, e.g. "rate_limit: 2/s"
};

struct SubscriberSpec {
  std::string id;
  std::string url;
  std::vector<std::string> secrets;
  std::vector<std::string> events = {"ats.*"};
  std::vector<std::string> connections;  // empty: all
  std::string timeout = "5s";
  // Extra keys, written as is under the subscriber (YAML lines without indentation), e.g.
  // {"retry: {schedule: [200ms, 400ms], max_age: 1h}", "max_in_flight: 4"}.
  std::vector<std::string> extra;
};

struct ServerSpec {
  std::string ack_budget = "3s";
  std::string drain_timeout = "10s";
  std::string max_body;             // empty: the default
  std::vector<std::string> limits;  // more `key: value` lines under server.limits
  // The spool block: empty for `spool: none`; else the directory, with the master key given as
  // 64 hex characters through ${env:WEFT_TEST_SPOOL_KEY} (Weftd passes its environment on).
  std::string spool_path;
  std::string spool_retention;  // empty: the default
  std::string spool_max_size;   // empty: the default
  std::string threads;          // empty: the default
  // An admin listener on 127.0.0.1:0 (Weftd::admin_port()), its token given as
  // ${env:WEFT_TEST_ADMIN_TOKEN} (kTestAdminToken; config_yaml sets the variable).
  bool admin = false;
};

// The admin bearer token the tests use, and the header that carries it.
inline constexpr const char* kTestAdminToken = "weft-test-admin-token-0123456789abcdef";
inline Header admin_auth() {
  return {"Authorization", std::string("Bearer ") + kTestAdminToken};
}

// The spool master key the tests use (64 hex characters); set in the test process's
// environment as WEFT_TEST_SPOOL_KEY by the test main, inherited by weftd.
inline constexpr const char* kTestSpoolKey =
    "3f1c2a9b8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928170605f4e3";

std::string config_yaml(const ServerSpec& server, const std::vector<ConnectionSpec>& connections,
                        const std::vector<SubscriberSpec>& subscribers);

// A weftd started on a config file of its own in a temp dir; the file can be rewritten
// for reload tests. port() is 0 when the daemon never logged msg=listening.
class TestDaemon {
 public:
  TestDaemon(const ServerSpec& server, const std::vector<ConnectionSpec>& connections,
             const std::vector<SubscriberSpec>& subscribers)
      : config_path_(dir_.write("weftd.yaml", config_yaml(server, connections, subscribers))),
        weftd_(config_path_) {}

  uint16_t port() const { return weftd_.port(); }
  Weftd& weftd() { return weftd_; }
  const std::string& config_path() const { return config_path_; }
  void rewrite_config(std::string_view yaml) { dir_.write("weftd.yaml", yaml); }
  std::string log() const { return weftd_.log_text(); }

 private:
  TempDir dir_;
  std::string config_path_;
  Weftd weftd_;
};

}  // namespace weft::it
