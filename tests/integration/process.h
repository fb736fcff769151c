// Runs weftd (or any program) as a child process and reads its output line by line as it
// comes. Every wait is bounded and waits on an event (a line, an exit), never on the clock.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
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
  // The same, with extra "NAME=value" entries added to (or replacing in) the inherited
  // environment.
  Process(std::vector<std::string> argv, const std::vector<std::string>& extra_env);
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
  explicit Weftd(std::vector<std::string> args, const std::vector<std::string>& extra_env = {});

  uint16_t port() const { return port_; }
  // The admin listener's port (config server.admin_listen), 0 when it never logged one.
  uint16_t admin_port();
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

}  // namespace weft::it
