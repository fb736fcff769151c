#include "integration/process.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace weft::it {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "weft-it-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::write(std::string_view name, std::string_view content) const {
  std::string full = path_ + "/" + std::string(name);
  // Write beside and rename, so a reloading daemon never reads a half-written file.
  std::string partial = full + ".partial";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out) throw std::runtime_error("cannot write " + partial);
  }
  std::filesystem::rename(partial, full);
  return full;
}

std::map<std::string, std::string> log_fields(std::string_view line) {
  std::map<std::string, std::string> fields;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && line[i] == ' ') ++i;
    std::size_t eq = line.find('=', i);
    std::size_t space = line.find(' ', i);
    if (eq == std::string_view::npos || (space != std::string_view::npos && space < eq)) {
      i = space == std::string_view::npos ? line.size() : space;  // a bare word: skip it
      continue;
    }
    std::string key(line.substr(i, eq - i));
    i = eq + 1;
    std::string value;
    if (i < line.size() && line[i] == '"') {
      ++i;
      while (i < line.size() && line[i] != '"') {
        if (line[i] == '\\' && i + 1 < line.size()) ++i;
        value += line[i++];
      }
      ++i;  // closing quote
    } else {
      std::size_t end = line.find(' ', i);
      if (end == std::string_view::npos) end = line.size();
      value = std::string(line.substr(i, end - i));
      i = end;
    }
    fields[key] = value;
  }
  return fields;
}

LinePredicate field_is(std::string key, std::string value) {
  return [key = std::move(key), value = std::move(value)](const std::string& line) {
    auto fields = log_fields(line);
    auto it = fields.find(key);
    return it != fields.end() && it->second == value;
  };
}

Process::Process(std::vector<std::string> argv) : Process(std::move(argv), {}) {}

namespace {

// The inherited environment with `extra` ("NAME=value") added or replacing same-named entries.
std::vector<std::string> merged_environment(const std::vector<std::string>& extra) {
  std::vector<std::string> out;
  auto name_of = [](const std::string& entry) { return entry.substr(0, entry.find('=')); };
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry(*e);
    bool replaced = false;
    for (const auto& x : extra) replaced = replaced || name_of(x) == name_of(entry);
    if (!replaced) out.push_back(std::move(entry));
  }
  out.insert(out.end(), extra.begin(), extra.end());
  return out;
}

}  // namespace

Process::Process(std::vector<std::string> argv, const std::vector<std::string>& extra_env) {
  std::vector<std::string> env = merged_environment(extra_env);
  std::vector<char*> envp;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  int out_pipe[2];
  int err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe2 failed");
  }
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(a.data());
  args.push_back(nullptr);

  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    // The child: only async-signal-safe calls until exec. Close every other descriptor so
    // the daemon never holds a test sink's listening socket open.
    int null_fd = open("/dev/null", O_RDONLY);
    dup2(null_fd, 0);
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    closefrom(3);
    execve(args[0], args.data(), envp.data());
    _exit(127);
  }
  close(out_pipe[1]);
  close(err_pipe[1]);
  out_fd_ = out_pipe[0];
  err_fd_ = err_pipe[0];
  out_reader_ = std::thread([this] { read_stream(out_fd_, out_); });
  err_reader_ = std::thread([this] { read_stream(err_fd_, err_); });
  reaper_ = std::thread([this] { reap(); });
}

Process::~Process() {
  if (!exited()) kill(pid_, SIGKILL);
  reaper_.join();
  out_reader_.join();
  err_reader_.join();
  close(out_fd_);
  close(err_fd_);
}

void Process::send_signal(int signal) {
  if (!exited()) kill(pid_, signal);
}

void Process::read_stream(int fd, Captured& into) {
  std::string partial;
  char buffer[4096];
  for (;;) {
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    std::lock_guard lock(mutex_);
    if (n <= 0) {
      if (!partial.empty()) into.lines.push_back(partial);
      into.eof = true;
      changed_.notify_all();
      return;
    }
    partial.append(buffer, static_cast<std::size_t>(n));
    std::size_t newline;
    bool added = false;
    while ((newline = partial.find('\n')) != std::string::npos) {
      into.lines.push_back(partial.substr(0, newline));
      partial.erase(0, newline + 1);
      added = true;
    }
    if (added) changed_.notify_all();
  }
}

void Process::reap() {
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  std::lock_guard lock(mutex_);
  exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  changed_.notify_all();
}

std::optional<std::string> Process::wait_for_line(Stream stream, const LinePredicate& pred,
                                                  Millis timeout, std::size_t from) {
  std::unique_lock lock(mutex_);
  const Captured& c = captured(stream);
  std::size_t next = from;
  std::optional<std::string> found;
  changed_.wait_for(lock, timeout, [&] {
    for (; next < c.lines.size(); ++next) {
      if (pred(c.lines[next])) {
        found = c.lines[next];
        return true;
      }
    }
    return c.eof;  // nothing more will come
  });
  return found;
}

std::vector<std::string> Process::lines(Stream stream) const {
  std::lock_guard lock(mutex_);
  return captured(stream).lines;
}

std::size_t Process::line_count(Stream stream) const {
  std::lock_guard lock(mutex_);
  return captured(stream).lines.size();
}

std::string Process::text(Stream stream) const {
  std::lock_guard lock(mutex_);
  std::string all;
  for (const auto& line : captured(stream).lines) all += line + "\n";
  return all;
}

std::optional<int> Process::wait_exit(Millis timeout) {
  std::unique_lock lock(mutex_);
  bool done = changed_.wait_for(lock, timeout,
                                [&] { return exit_code_.has_value() && out_.eof && err_.eof; });
  if (!done) return std::nullopt;
  return exit_code_;
}

bool Process::exited() const {
  std::lock_guard lock(mutex_);
  return exit_code_.has_value();
}

CliResult run_weftd(const std::vector<std::string>& args, Millis timeout) {
  std::vector<std::string> argv{WEFTD_PATH};
  argv.insert(argv.end(), args.begin(), args.end());
  Process process(argv);
  CliResult result;
  auto code = process.wait_exit(timeout);
  result.exit_code = code.value_or(-1);
  result.out = process.text(Process::Stream::out);
  result.err = process.text(Process::Stream::err);
  return result;
}

Weftd::Weftd(const std::string& config_path)
    : Weftd(std::vector<std::string>{"--config", config_path}) {}

Weftd::Weftd(std::vector<std::string> args, const std::vector<std::string>& extra_env)
    : process_(
          [&] {
            std::vector<std::string> argv{WEFTD_PATH};
            argv.insert(argv.end(), args.begin(), args.end());
            return argv;
          }(),
          extra_env) {
  auto line = wait_for_log([](const std::string& l) {
    auto fields = log_fields(l);
    // The first listener (the public one, or a demo-subscriber's), never the admin one.
    return fields["msg"] == "listening" && fields["component"] != "admin" &&
           !fields["port"].empty();
  });
  if (line) port_ = static_cast<uint16_t>(std::stoi(log_fields(*line)["port"]));
}

uint16_t Weftd::admin_port() {
  auto line = wait_for_log([](const std::string& l) {
    auto fields = log_fields(l);
    return fields["msg"] == "listening" && fields["component"] == "admin" &&
           !fields["port"].empty();
  });
  return line ? static_cast<uint16_t>(std::stoi(log_fields(*line)["port"])) : 0;
}

}  // namespace weft::it
