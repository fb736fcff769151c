// The integration harness: runs the real weftd binary as a child process, reads its logs
// as they come, and talks HTTP to it on loopback. Every wait is bounded and waits on an
// event (a log line, an exit, a recorded request), never on the clock alone.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace weft::it {

using namespace std::chrono_literals;
using Millis = std::chrono::milliseconds;

// How long any test waits for something that should happen at once.
inline constexpr Millis kWait = 10s;

// A fresh directory under /tmp, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // Writes (or replaces) a file in the directory and returns its full path.
  std::string write(std::string_view name, std::string_view content) const;

 private:
  std::string path_;
};

// The key=value fields of one log line; values may be "quoted with \" escapes".
std::map<std::string, std::string> log_fields(std::string_view line);

using LinePredicate = std::function<bool(const std::string&)>;
// A predicate for log lines whose field `key` equals `value`.
LinePredicate field_is(std::string key, std::string value);
inline LinePredicate msg_is(std::string value) {
  return field_is("msg", std::move(value));
}

// A child process with stdout and stderr captured line by line by reader threads.
// The destructor kills it (SIGKILL) if it is still running and reaps it.
class Process {
 public:
  enum class Stream { out, err };

  explicit Process(std::vector<std::string> argv);
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  pid_t pid() const { return pid_; }
  void send_signal(int signal);

  // Waits until a line at index >= from on the stream satisfies pred; returns that line.
  std::optional<std::string> wait_for_line(Stream stream, const LinePredicate& pred,
                                           Millis timeout = kWait, std::size_t from = 0);
  std::vector<std::string> lines(Stream stream) const;
  std::size_t line_count(Stream stream) const;
  std::string text(Stream stream) const;  // all lines joined with '\n'

  // Waits for the exit and for both streams to be read to the end. The exit code, or
  // 128 + signal number when killed by a signal; nullopt on timeout.
  std::optional<int> wait_exit(Millis timeout = kWait);
  bool exited() const;

 private:
  struct Captured {
    std::vector<std::string> lines;
    bool eof = false;
  };
  void read_stream(int fd, Captured& into);
  void reap();
  Captured& captured(Stream s) { return s == Stream::out ? out_ : err_; }
  const Captured& captured(Stream s) const { return s == Stream::out ? out_ : err_; }

  pid_t pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  Captured out_;
  Captured err_;
  std::optional<int> exit_code_;
  std::thread out_reader_;
  std::thread err_reader_;
  std::thread reaper_;
};

struct CliResult {
  int exit_code = -1;  // -1: did not finish in time (and was killed)
  std::string out;
  std::string err;
};

// Runs `weftd args...` to completion (bounded) and returns what it printed.
CliResult run_weftd(const std::vector<std::string>& args, Millis timeout = kWait);

// A running `weftd --config FILE` (or any long-running weftd mode that logs
// msg=listening port=N). port() is 0 when it never logged that line.
class Weftd {
 public:
  explicit Weftd(const std::string& config_path);
  explicit Weftd(std::vector<std::string> args);

  uint16_t port() const { return port_; }
  Process& process() { return process_; }

  // Log lines on stderr.
  std::optional<std::string> wait_for_log(const LinePredicate& pred, Millis timeout = kWait,
                                          std::size_t from = 0) {
    return process_.wait_for_line(Process::Stream::err, pred, timeout, from);
  }
  std::size_t log_count() const { return process_.line_count(Process::Stream::err); }
  std::string log_text() const { return process_.text(Process::Stream::err); }
  void send_signal(int signal) { process_.send_signal(signal); }
  std::optional<int> wait_exit(Millis timeout = kWait) { return process_.wait_exit(timeout); }

 private:
  Process process_;
  uint16_t port_ = 0;
};

struct Header {
  std::string name;
  std::string value;
};

struct Response {
  int status = 0;  // 0: transport failure, see error
  std::string error;
  std::map<std::string, std::string> headers;  // names lowercased
  std::string body;
  bool keep_alive = false;

  std::string header(std::string_view name) const;
};

// A blocking HTTP/1.1 client over one keep-alive connection to 127.0.0.1:port. It
// reconnects only when the previous response asked to close (or there was none), so a
// server that drops a keep-alive connection unannounced shows as a transport error.
class HttpClient {
 public:
  explicit HttpClient(uint16_t port, Millis timeout = 15s);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  Response request(std::string_view method, std::string_view target, std::string_view body = {},
                   const std::vector<Header>& headers = {});
  Response get(std::string_view target) { return request("GET", target); }
  Response post(std::string_view target, std::string_view body,
                const std::vector<Header>& headers = {}) {
    return request("POST", target, body, headers);
  }
  // Opens the connection now (so a later request goes over a connection made earlier).
  bool connect();
  int connects() const { return connects_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  uint16_t port_;
  Millis timeout_;
  int connects_ = 0;
};

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
  std::string sandbox_interval;  // provider sandbox only, e.g. "0s"
};

struct SubscriberSpec {
  std::string id;
  std::string url;
  std::vector<std::string> secrets;
  std::vector<std::string> events = {"ats.*"};
  std::vector<std::string> connections;  // empty: all
  std::string timeout = "5s";
};

struct ServerSpec {
  std::string ack_budget = "3s";
  std::string drain_timeout = "10s";
  std::string max_body;  // empty: the default
};

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
