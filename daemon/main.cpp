// weftd: receives ATS vendor webhooks, normalizes them, and pushes signed unified events.
#include <cstdio>
#include <string>
#include <vector>

#include "daemon/cli/commands.h"
#include "daemon/config/config.h"
#include "daemon/log/log.h"
#include "daemon/runtime/daemon.h"
#include "version.h"

namespace {

constexpr const char* kDefaultConfig = "/etc/weft/weftd.yaml";

int usage(FILE* out) {
  std::fprintf(out,
               "usage:\n"
               "  weftd [--config FILE]            run the daemon (default %s)\n"
               "  weftd --check-config FILE        validate a config file and exit\n"
               "  weftd normalize --provider NAME [--header 'K: V']... FILE\n"
               "                                   print the unified events of one payload\n"
               "  weftd demo-subscriber --listen HOST:PORT --secret whsec_...|whpk_...\n"
               "                                   a local endpoint that verifies and prints\n"
               "  weftd keygen                     print a new Ed25519 key pair (whsk_, whpk_)\n"
               "  weftd send-test --config FILE --subscriber ID\n"
               "                                   send one signed weft.ping to a subscriber\n"
               "  weftd verify --secret whsec_...|whpk_... [--tolerance 5m] < CAPTURE\n"
               "                                   check a captured delivery's signature\n"
               "  weftd --version\n",
               kDefaultConfig);
  return out == stdout ? 0 : 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty()) {
    const std::string& first = args.front();
    std::vector<std::string> rest(args.begin() + 1, args.end());
    if (first == "normalize") return weft::cli::normalize(rest);
    if (first == "demo-subscriber") return weft::cli::demo_subscriber(rest);
    if (first == "keygen") return weft::cli::keygen(rest);
    if (first == "send-test") return weft::cli::send_test(rest);
    if (first == "verify") return weft::cli::verify(rest);
    if (first == "--check-config")
      return rest.size() == 1 ? weft::cli::check_config(rest[0]) : usage(stderr);
    if (first == "--help" || first == "-h") return usage(stdout);
    if (first == "--version") {
      std::printf("weftd %s\n", weft::kVersion);
      return 0;
    }
  }
  std::string path = kDefaultConfig;
  if (args.size() == 2 && args[0] == "--config") {
    path = args[1];
  } else if (!args.empty()) {
    return usage(stderr);
  }
  weft::config::Snapshot snapshot;
  try {
    snapshot = weft::config::load(path);
  } catch (const std::exception& e) {
    weft::log::error("config", "cannot start", {{"reason", e.what()}});
    return 1;
  }
  try {
    return weft::run_daemon(path, std::move(snapshot));
  } catch (const std::exception& e) {
    // Start-up failures such as a listen address already in use.
    weft::log::error("daemon", "cannot start", {{"reason", e.what()}});
    return 1;
  }
}
