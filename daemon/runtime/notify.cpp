// sd_notify's datagram protocol over $NOTIFY_SOCKET; see notify.h.
#include "daemon/runtime/notify.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include "daemon/log/log.h"

namespace weft::notify {

namespace {

std::atomic<bool> failure_logged{false};

void log_failure(std::string_view reason) {
  if (!failure_logged.exchange(true)) {
    log::warn("notify", "cannot notify systemd", {{"reason", std::string(reason)}});
  }
}

// Fills addr from $NOTIFY_SOCKET; returns the address length, 0 when unset or unusable.
socklen_t notify_address(sockaddr_un& addr) {
  const char* env = std::getenv("NOTIFY_SOCKET");
  if (env == nullptr || *env == '\0') return 0;
  std::string_view name(env);
  if (name.front() != '/' && name.front() != '@') {
    log_failure("NOTIFY_SOCKET is neither an absolute path nor an abstract name");
    return 0;
  }
  if (name.size() >= sizeof addr.sun_path) {
    log_failure("NOTIFY_SOCKET is too long");
    return 0;
  }
  std::memset(&addr, 0, sizeof addr);
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, name.data(), name.size());
  socklen_t length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + name.size());
  if (name.front() == '@') {
    addr.sun_path[0] = '\0';  // the abstract namespace: the length, not a NUL, ends the name
  } else {
    length += 1;  // the terminating NUL of a path
  }
  return length;
}

}  // namespace

bool send(std::string_view state) {
  sockaddr_un addr;
  socklen_t length = notify_address(addr);
  if (length == 0) return false;
  int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    log_failure(std::strerror(errno));
    return false;
  }
  ssize_t sent = ::sendto(fd, state.data(), state.size(), MSG_NOSIGNAL,
                          reinterpret_cast<const sockaddr*>(&addr), length);
  int error = errno;
  ::close(fd);
  if (sent != static_cast<ssize_t>(state.size())) {
    log_failure(sent < 0 ? std::strerror(error) : "short send");
    return false;
  }
  return true;
}

void ready(std::string_view status) {
  send("READY=1\nSTATUS=" + std::string(status));
}

void reloading() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  const long long usec = static_cast<long long>(now.tv_sec) * 1000000 + now.tv_nsec / 1000;
  send("RELOADING=1\nSTATUS=reloading the configuration\nMONOTONIC_USEC=" + std::to_string(usec));
}

void stopping(std::string_view status) {
  send("STOPPING=1\nSTATUS=" + std::string(status));
}

std::optional<std::chrono::microseconds> watchdog_interval() {
  const char* usec = std::getenv("WATCHDOG_USEC");
  if (usec == nullptr || *usec == '\0') return std::nullopt;
  char* end = nullptr;
  errno = 0;
  unsigned long long value = std::strtoull(usec, &end, 10);
  if (errno != 0 || *end != '\0' || value == 0) return std::nullopt;
  if (const char* pid = std::getenv("WATCHDOG_PID"); pid != nullptr && *pid != '\0') {
    // Meant for another process (a parent that forked us): not ours to answer.
    unsigned long long owner = std::strtoull(pid, &end, 10);
    if (*end != '\0' || owner != static_cast<unsigned long long>(::getpid())) return std::nullopt;
  }
  // Never a busy loop, whatever the variable says.
  return std::max(std::chrono::microseconds(static_cast<long long>(value / 2)),
                  std::chrono::microseconds(1000));
}

void Watchdog::start() {
  auto interval = watchdog_interval();
  if (!interval) return;
  interval_ = *interval;
  log::info("notify", "watchdog enabled",
            {{"interval_ms", std::to_string(interval_.count() / 1000)}});
  send("WATCHDOG=1");
  schedule();
}

void Watchdog::schedule() {
  timer_.expires_after(interval_);
  timer_.async_wait([this](boost::system::error_code ec) {
    if (ec) return;
    send("WATCHDOG=1");
    schedule();
  });
}

}  // namespace weft::notify
