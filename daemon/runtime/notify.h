// systemd's service notification protocol (sd_notify) without libsystemd: one datagram of
// "KEY=VALUE" lines to the AF_UNIX socket named by $NOTIFY_SOCKET ('@' = abstract namespace),
// and WATCHDOG=1 pings every WatchdogSec/2 when $WATCHDOG_USEC asks for them. Everything is a
// no-op when the variables are unset (not started by systemd with Type=notify).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace weft::notify {

// Sends `state` (newline-separated assignments) as one datagram. False when $NOTIFY_SOCKET is
// unset, malformed or the send failed; a failure is logged once, never retried.
bool send(std::string_view state);

// READY=1 with a STATUS= line: start-up (or a reload) is complete.
void ready(std::string_view status);
// RELOADING=1 with MONOTONIC_USEC=: a SIGHUP reload begins; ready() ends it.
void reloading();
// STOPPING=1 with a STATUS= line: the drain has begun.
void stopping(std::string_view status);

// The ping interval systemd asks for: half of $WATCHDOG_USEC, when it is set to a positive
// number and $WATCHDOG_PID is unset or names this process; else nullopt.
std::optional<std::chrono::microseconds> watchdog_interval();

// Sends WATCHDOG=1 from a timer on the daemon's io_context, so that a stuck event loop stops
// the pings and systemd restarts the service. Not thread-safe: start() once, from one thread.
class Watchdog {
 public:
  explicit Watchdog(boost::asio::io_context& ioc) : timer_(ioc) {}

  // Pings at once, then every interval; does nothing when watchdog_interval() is nullopt.
  void start();

 private:
  void schedule();

  boost::asio::steady_timer timer_;
  std::chrono::microseconds interval_{0};
};

}  // namespace weft::notify
