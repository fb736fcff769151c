// weftd's command-line subcommands besides running the daemon.
#pragma once

#include <string>
#include <vector>

namespace weft::cli {

// weftd --check-config FILE: the start-up load path; 0 when valid.
int check_config(const std::string& path);
// weftd normalize --provider NAME [--header 'K: V']... [--connection ID] FILE
int normalize(const std::vector<std::string>& args);
// weftd demo-subscriber --listen HOST:PORT --secret whsec_…|whpk_… [--quiet]
int demo_subscriber(const std::vector<std::string>& args);
// weftd keygen: prints a fresh Ed25519 pair, the whsk_ secret key then the whpk_ public key.
int keygen(const std::vector<std::string>& args);
// weftd send-test --config FILE --subscriber ID: one signed weft.ping to that subscriber, as
// deliveries go; prints status and latency; 0 on a 2xx.
int send_test(const std::vector<std::string>& args);
// weftd verify --secret whsec_…|whpk_… [--tolerance 5m] < capture: checks the signature of a
// captured delivery (an HTTP request: headers, blank line, body); 0 when valid.
int verify(const std::vector<std::string>& args);

}  // namespace weft::cli
