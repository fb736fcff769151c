// systemd notification (sd_notify) from the real weftd: READY=1 once it serves, WATCHDOG=1
// pings when WATCHDOG_USEC asks for them, RELOADING=1/READY=1 around SIGHUP, STOPPING=1 on
// SIGTERM. A unix datagram socket in a temp dir (or the abstract namespace) plays systemd.
#include <doctest/doctest.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstddef>
#include <cstring>
#include <random>

#include "integration/common.h"

namespace weft::it {
namespace {

// A bound AF_UNIX datagram socket; `name` is a path or "@abstract".
class NotifySocket {
 public:
  explicit NotifySocket(const std::string& name) : name_(name) {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    REQUIRE(name.size() < sizeof addr.sun_path);
    std::memcpy(addr.sun_path, name.data(), name.size());
    socklen_t length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + name.size());
    if (name.front() == '@') {
      addr.sun_path[0] = '\0';
    } else {
      length += 1;
    }
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), length) == 0);
  }
  ~NotifySocket() { ::close(fd_); }

  // The next datagram, or nullopt when none came within timeout.
  std::optional<std::string> receive(Millis timeout = kWait) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(timeout.count())) != 1) return std::nullopt;
    char buffer[4096];
    ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
    if (n < 0) return std::nullopt;
    std::string message(buffer, static_cast<std::size_t>(n));
    received_.push_back(message);
    return message;
  }

  // Receives until a datagram has `line` as one of its lines (bounded: max_messages, each
  // within kWait); returns that datagram.
  std::optional<std::string> receive_until(const std::string& line, int max_messages = 200) {
    for (int i = 0; i < max_messages; ++i) {
      auto message = receive();
      if (!message) return std::nullopt;
      if (has_line(*message, line)) return message;
    }
    return std::nullopt;
  }

  static bool has_line(const std::string& message, const std::string& line) {
    std::size_t start = 0;
    while (start <= message.size()) {
      std::size_t end = message.find('\n', start);
      if (end == std::string::npos) end = message.size();
      if (message.compare(start, end - start, line) == 0) return true;
      start = end + 1;
    }
    return false;
  }

  const std::vector<std::string>& received() const { return received_; }
  const std::string& name() const { return name_; }

 private:
  std::string name_;
  int fd_ = -1;
  std::vector<std::string> received_;
};

std::string config_file(const TempDir& dir) {
  return dir.write("weftd.yaml", config_yaml(ServerSpec{}, {greenhouse_connection()}, {}));
}

}  // namespace

TEST_SUITE("notify") {
  TEST_CASE("READY=1 after the listener is up, WATCHDOG=1 pings, STOPPING=1 on SIGTERM") {
    TempDir dir;
    NotifySocket systemd(dir.path() + "/notify.sock");
    Weftd weftd({"--config", config_file(dir)},
                {"NOTIFY_SOCKET=" + systemd.name(), "WATCHDOG_USEC=200000"});
    REQUIRE(weftd.port() != 0);

    auto ready = systemd.receive_until("READY=1");
    REQUIRE_MESSAGE(ready, "no READY=1 datagram");
    CHECK(ready->find("STATUS=") != std::string::npos);
    // Once READY=1 has come, the public listener answers.
    HttpClient client(weftd.port());
    CHECK(client.get("/healthz").status == 200);

    // Pings keep coming while the event loop runs (every 100 ms for WatchdogSec=200ms).
    int pings = 0;
    for (int i = 0; i < 50 && pings < 3; ++i) {
      auto message = systemd.receive();
      REQUIRE_MESSAGE(message, "the watchdog pings stopped");
      if (NotifySocket::has_line(*message, "WATCHDOG=1")) ++pings;
    }
    CHECK(pings == 3);

    weftd.send_signal(SIGTERM);
    auto stopping = systemd.receive_until("STOPPING=1");
    CHECK_MESSAGE(stopping, "no STOPPING=1 datagram");
    CHECK(weftd.wait_exit() == 0);
  }

  TEST_CASE("abstract socket names, RELOADING=1 around SIGHUP, no pings for another pid") {
    TempDir dir;
    std::random_device random;
    NotifySocket systemd("@weft-notify-test-" + std::to_string(::getpid()) + "-" +
                         std::to_string(random()));
    // WATCHDOG_PID names a process that is not weftd: the pings are not weftd's to send.
    Weftd weftd({"--config", config_file(dir)},
                {"NOTIFY_SOCKET=" + systemd.name(), "WATCHDOG_USEC=200000",
                 "WATCHDOG_PID=" + std::to_string(::getpid())});
    REQUIRE(weftd.port() != 0);
    REQUIRE(systemd.receive_until("READY=1"));

    weftd.send_signal(SIGHUP);
    auto reloading = systemd.receive_until("RELOADING=1");
    REQUIRE_MESSAGE(reloading, "no RELOADING=1 datagram");
    CHECK(reloading->find("MONOTONIC_USEC=") != std::string::npos);
    CHECK(systemd.receive_until("READY=1"));

    weftd.send_signal(SIGTERM);
    CHECK(systemd.receive_until("STOPPING=1"));
    CHECK(weftd.wait_exit() == 0);
    for (const auto& message : systemd.received()) {
      CAPTURE(message);
      CHECK_FALSE(NotifySocket::has_line(message, "WATCHDOG=1"));
    }
  }

  TEST_CASE("without NOTIFY_SOCKET nothing is sent and the daemon runs as before") {
    TempDir dir;
    Weftd weftd({"--config", config_file(dir)}, {"NOTIFY_SOCKET=", "WATCHDOG_USEC=200000"});
    REQUIRE(weftd.port() != 0);
    HttpClient client(weftd.port());
    CHECK(client.get("/healthz").status == 200);
    weftd.send_signal(SIGTERM);
    CHECK(weftd.wait_exit() == 0);
    CHECK(weftd.log_text().find("cannot notify") == std::string::npos);
  }
}

}  // namespace weft::it
