#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "daemon/cli/canned_api.h"
#include "daemon/cli/commands.h"
#include "daemon/runtime/clock.h"
#include "providers/core/offline.h"

namespace weft::cli {

namespace {
int usage() {
  std::fprintf(stderr,
               "usage: weftd normalize --provider NAME [--header 'Name: value']... "
               "[--connection ID] [--tenant ID] [--received-at RFC3339] [--query QUERY] "
               "[--api-dir DIR] FILE|-\n");
  return 2;
}
}  // namespace

int normalize(const std::vector<std::string>& args) {
  std::string provider_name, file, connection_id, tenant = "local", received_at = now_rfc3339();
  std::string query, api_dir;
  Headers headers;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    bool has_value = i + 1 < args.size();
    if (a == "--provider" && has_value) {
      provider_name = args[++i];
    } else if (a == "--header" && has_value) {
      const std::string& h = args[++i];
      auto colon = h.find(':');
      if (colon == std::string::npos) return usage();
      auto value = h.substr(colon + 1);
      value.erase(0, value.find_first_not_of(' '));
      headers.add(h.substr(0, colon), value);
    } else if (a == "--connection" && has_value) {
      connection_id = args[++i];
    } else if (a == "--tenant" && has_value) {
      tenant = args[++i];
    } else if (a == "--query" && has_value) {
      query = args[++i];
    } else if (a == "--api-dir" && has_value) {
      api_dir = args[++i];
    } else if (a == "--received-at" && has_value) {
      received_at = args[++i];
    } else if (file.empty() && (a == "-" || a[0] != '-')) {
      file = a;
    } else {
      return usage();
    }
  }
  if (provider_name.empty() || file.empty()) return usage();
  const Provider* provider = find_provider(provider_name);
  if (!provider) {
    std::string names;
    for (auto n : provider_names()) names.append(names.empty() ? "" : ", ").append(n);
    std::fprintf(stderr, "unknown provider '%s'; known: %s\n", provider_name.c_str(),
                 names.c_str());
    return 2;
  }
  std::ostringstream body;
  if (file == "-") {
    body << std::cin.rdbuf();
  } else {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "%s: cannot read\n", file.c_str());
      return 2;
    }
    body << in.rdbuf();
  }
  if (connection_id.empty()) connection_id = "local-" + provider_name;
  ConnectionInfo connection{connection_id, tenant, provider_name, "production", {}};
  auto result = normalize_offline(*provider, connection, headers, body.str(), received_at, query,
                                  api_dir.empty() ? FetchAnswer{} : answer_from_dir(api_dir));
  if (!result.error.empty()) {
    std::fprintf(stderr, "rejected: %s\n", result.error.c_str());
    return 1;
  }
  if (result.reply) {
    std::fprintf(stderr, "handshake: the vendor would be answered %d; no events\n",
                 result.reply->status);
    return 0;
  }
  for (const auto& ev : result.events) std::printf("%s\n", ev.body.c_str());
  return 0;
}

}  // namespace weft::cli
