// A local subscriber endpoint for the demo and for integrators: verifies each delivery's
// Standard Webhooks signature (v1 with a whsec_ secret, v1a with a whpk_ public key) and prints
// the event.
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <cstdio>
#include <mutex>

#include "daemon/cli/commands.h"
#include "daemon/config/checks.h"
#include "daemon/deliver/signing.h"
#include "daemon/http/server.h"
#include "daemon/log/log.h"
#include "daemon/runtime/clock.h"
#include "providers/core/json.h"

namespace weft::cli {

namespace {

int usage() {
  std::fprintf(stderr,
               "usage: weftd demo-subscriber --listen HOST:PORT --secret whsec_…|whpk_… "
               "[--secret …] [--quiet]\n");
  return 2;
}

std::string header(const http::Request& req, std::string_view name) {
  auto it = req.find(boost::beast::string_view(name.data(), name.size()));
  return it == req.end() ? std::string() : std::string(it->value());
}

std::string pretty(const json::Document& doc) {
  rapidjson::StringBuffer buf;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buf);
  w.SetIndent(' ', 2);
  doc.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

}  // namespace

int demo_subscriber(const std::vector<std::string>& args) {
  std::string listen;
  std::vector<std::string> secrets;
  bool quiet = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--listen" && i + 1 < args.size()) {
      listen = args[++i];
    } else if (args[i] == "--secret" && i + 1 < args.size()) {
      secrets.push_back(args[++i]);
    } else if (args[i] == "--quiet") {
      quiet = true;
    } else {
      return usage();
    }
  }
  auto address = config::parse_listen(listen);
  if (!address || secrets.empty()) return usage();
  for (std::size_t i = 0; i < secrets.size(); ++i) {
    // Checked here rather than as a 401 on every delivery; the message never shows the key.
    if (!deliver::decode_public_key(secrets[i]) && !deliver::decode_signing_key(secrets[i])) {
      std::fprintf(stderr,
                   "demo-subscriber: --secret #%zu must be whsec_ (HMAC) or whpk_ (Ed25519 "
                   "public key) followed by base64\n",
                   i + 1);
      return 2;
    }
  }

  std::mutex out_mutex;
  std::size_t received = 0;
  auto handler = [&](http::Request&& req, http::Respond respond) {
    auto id = header(req, "webhook-id");
    auto outcome =
        deliver::verify(secrets, id, header(req, "webhook-timestamp"),
                        header(req, "webhook-signature"), req.body(), now_unix_seconds());
    if (!outcome.ok) {
      std::lock_guard lock(out_mutex);
      std::printf("REJECTED %s: %s\n", id.empty() ? "-" : id.c_str(), outcome.reason.c_str());
      std::fflush(stdout);
      return respond(http::error_response(req.version(), 401, outcome.reason));
    }
    json::Document doc;
    std::string error = json::parse(req.body(), doc);
    std::lock_guard lock(out_mutex);
    ++received;
    if (!error.empty()) {
      std::printf("#%zu %s signature ok, but the body is not JSON: %s\n", received, id.c_str(),
                  error.c_str());
    } else {
      auto type = json::text(doc, "type").value_or("?");
      auto subject = json::find(doc, "subject");
      auto entity = subject ? json::text(*subject, "entity").value_or("?") : "?";
      auto remote = subject ? json::text(*subject, "remote_id").value_or("?") : "?";
      std::printf("#%zu %s %s %s=%s signature=verified\n", received, id.c_str(), type.c_str(),
                  entity.c_str(), remote.c_str());
      if (!quiet) std::printf("%s\n", pretty(doc).c_str());
    }
    std::fflush(stdout);
    respond(http::json_response(req.version(), 200, "{\"status\":\"received\"}"));
  };

  boost::asio::io_context ioc;
  std::unique_ptr<http::Server> server;
  try {
    server = std::make_unique<http::Server>(ioc, address->host, address->port, http::ServerLimits{},
                                            handler, "demo-subscriber");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "demo-subscriber: %s\n", e.what());
    return 1;
  }
  server->start();
  boost::asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](boost::system::error_code, int) { ioc.stop(); });
  ioc.run();
  return 0;
}

}  // namespace weft::cli
