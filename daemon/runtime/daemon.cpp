#include "daemon/runtime/daemon.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <csignal>
#include <optional>
#include <thread>

#include "daemon/deliver/dispatcher.h"
#include "daemon/http/server.h"
#include "daemon/ingest/ingest.h"
#include "daemon/log/log.h"
#include "daemon/runtime/admin.h"
#include "daemon/runtime/endpoints.h"
#include "daemon/runtime/notify.h"
#include "daemon/sandbox/driver.h"

namespace weft {

namespace asio = boost::asio;
using std::chrono::steady_clock;

namespace {

http::ServerLimits server_limits(const config::Server& s) {
  const config::Limits& l = s.limits;
  return http::ServerLimits{l.max_body,     l.max_headers,   l.header_timeout,
                            l.body_timeout, l.write_timeout, l.idle_timeout};
}

// What the listener and the delivery record were built with at start.
bool needs_restart(const config::Server& a, const config::Server& b) {
  const auto &x = a.limits, &y = b.limits;
  return a.listen_host != b.listen_host || a.listen_port != b.listen_port ||
         a.threads != b.threads || a.dedup_capacity != b.dedup_capacity ||
         x.max_body != y.max_body || x.max_headers != y.max_headers ||
         x.header_timeout != y.header_timeout || x.body_timeout != y.body_timeout ||
         x.write_timeout != y.write_timeout || x.idle_timeout != y.idle_timeout;
}

bool spool_or_admin_changed(const config::Config& a, const config::Config& b) {
  const auto &s = a.spool, &t = b.spool;
  return s.enabled != t.enabled || s.path != t.path || s.key != t.key ||
         s.retention != t.retention || s.rotation != t.rotation || s.max_size != t.max_size ||
         a.admin.enabled != b.admin.enabled || a.admin.listen_host != b.admin.listen_host ||
         a.admin.listen_port != b.admin.listen_port;
}

std::string counts(const config::Config& c) {
  return std::to_string(c.connections.size()) + "/" + std::to_string(c.subscribers.size());
}

class Process {
 public:
  Process(std::string path, config::Snapshot initial)
      : path_(std::move(path)),
        config_(initial),
        dispatcher_(ioc_, initial->server.dedup_capacity),
        enricher_(ioc_),
        ingest_(config_, dispatcher_, enricher_),
        sandbox_(ioc_, ingest_),
        server_(ioc_, initial->server.listen_host, initial->server.listen_port,
                server_limits(initial->server),
                make_public_handler(ingest_, sandbox_, config_, ready_), "server"),
        signals_(ioc_, SIGHUP, SIGTERM, SIGINT),
        drain_timer_(ioc_) {}

  int run() {
    auto snapshot = config_.current();
    if (snapshot->spool.enabled) {
      // Replays what an earlier run left undelivered before any new webhook is taken.
      if (auto error = dispatcher_.open_spool(snapshot); !error.empty()) {
        log::error("daemon", "cannot open the spool", {{"reason", error}});
        return 1;
      }
    }
    server_.start();
    if (snapshot->admin.enabled) {
      admin_.emplace(ioc_, snapshot->admin.listen_host, snapshot->admin.listen_port,
                     server_limits(snapshot->server), make_admin_handler(dispatcher_, config_),
                     "admin");
      admin_->start();
    }
    sandbox_.apply(*snapshot);
    ready_ = true;
    log::info("daemon", "started",
              {{"config", path_},
               {"connections", std::to_string(snapshot->connections.size())},
               {"subscribers", std::to_string(snapshot->subscribers.size())},
               {"threads", std::to_string(snapshot->server.threads)}});
    // systemd (Type=notify): listeners up, spool replayed.
    notify::ready("running; connections/subscribers " + counts(*snapshot));
    watchdog_.start();
    wait_for_signal();
    std::vector<std::thread> threads;
    for (unsigned i = 1; i < snapshot->server.threads; ++i)
      threads.emplace_back([this] { ioc_.run(); });
    ioc_.run();
    for (auto& t : threads) t.join();
    release();
    log::info("daemon", "stopped", {{"exit_code", std::to_string(exit_code_)}});
    return exit_code_;
  }

 private:
  void wait_for_signal() {
    signals_.async_wait([this](boost::system::error_code ec, int signo) {
      if (ec) return;
      if (signo == SIGHUP) {
        notify::reloading();
        reload();
        notify::ready("running; connections/subscribers " + counts(*config_.current()));
      } else if (draining_) {
        log::warn("daemon", "second stop signal: exiting now");
        exit_code_ = 1;
        ioc_.stop();
        return;
      } else {
        drain();
      }
      wait_for_signal();
    });
  }

  void reload() {
    auto old = config_.current();
    config::Snapshot next;
    try {
      next = config::load(path_);
    } catch (const std::exception& e) {
      // The old snapshot stays; the reason names file, line and key, never a secret.
      log::error("config", "reload failed", {{"reason", e.what()}});
      return;
    }
    if (needs_restart(old->server, next->server)) {
      log::warn("config",
                "server.listen, threads, limits and dedup_capacity change only on restart");
    }
    if (spool_or_admin_changed(*old, *next)) {
      log::warn("config", "spool and admin settings change only on restart");
    }
    config_.replace(next);
    dispatcher_.reconfigure(next);
    enricher_.retire_stale_clients(*next);
    sandbox_.apply(*next);
    log::info("config", "reloaded",
              {{"connections", std::to_string(next->connections.size())},
               {"subscribers", std::to_string(next->subscribers.size())},
               {"before", counts(*old)}});
  }

  void drain() {
    draining_ = true;
    notify::stopping("draining");
    ready_ = false;
    auto timeout = config_.current()->server.drain_timeout;
    drain_deadline_ = steady_clock::now() + timeout;
    log::info("daemon", "draining",
              {{"in_flight", std::to_string(server_.in_flight())},
               {"timeout_ms", std::to_string(timeout.count())}});
    server_.stop_accepting();
    sandbox_.stop();
    check_drained();
  }

  // After the last run: the closes the stop posted (HTTP pools, vendor API clients, OAuth2
  // waiters) have not run yet, and what they close keeps its own callbacks alive. They run
  // here, on this thread alone, so that only operations still out (a subscriber that never
  // answers) are left; io_context's destructor destroys their handlers, and with them the
  // last references to the connections, requests and fetches they carried.
  void release() {
    dispatcher_.close();  // already closed after a drain; not after a second stop signal
    enricher_.close();
    signals_.cancel();
    drain_timer_.cancel();
    ioc_.restart();
    ioc_.poll();
  }

  // Polls the in-flight count: requests finish on their own strands, at their own pace.
  void check_drained() {
    bool done = server_.in_flight() == 0;
    if (done || steady_clock::now() >= drain_deadline_) {
      // Requests cut off here were never answered "accepted": their vendors retry them, so
      // nothing is lost and the stop is still a clean one.
      if (!done) {
        log::warn("daemon", "drain deadline passed",
                  {{"in_flight", std::to_string(server_.in_flight())}});
      }
      if (admin_) admin_->stop_accepting();
      dispatcher_.close();  // flushes and closes the spool
      enricher_.close();
      signals_.cancel();
      ioc_.stop();
      return;
    }
    drain_timer_.expires_after(std::chrono::milliseconds(20));
    drain_timer_.async_wait([this](boost::system::error_code ec) {
      if (!ec) check_drained();
    });
  }

  asio::io_context ioc_;
  std::string path_;
  ConfigHolder config_;
  deliver::Dispatcher dispatcher_;
  ingest::Enricher enricher_;
  ingest::Ingest ingest_;
  sandbox::Driver sandbox_;
  std::atomic<bool> ready_{false};
  http::Server server_;
  std::optional<http::Server> admin_;
  asio::signal_set signals_;
  asio::steady_timer drain_timer_;
  notify::Watchdog watchdog_{ioc_};  // WATCHDOG=1 pings while the event loop runs
  steady_clock::time_point drain_deadline_;
  bool draining_ = false;
  int exit_code_ = 0;
};

}  // namespace

int run_daemon(const std::string& config_path, config::Snapshot initial) {
  std::signal(SIGPIPE, SIG_IGN);
  Process process(config_path, std::move(initial));
  return process.run();
}

}  // namespace weft
