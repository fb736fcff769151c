#include "integration/harness.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "providers/core/crypto.h"
#include "providers/core/json.h"

namespace weft::it {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

// ---- TempDir ----

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

// ---- log lines ----

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

// ---- Process ----

Process::Process(std::vector<std::string> argv) {
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
    execv(args[0], args.data());
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

// ---- Weftd ----

Weftd::Weftd(const std::string& config_path)
    : Weftd(std::vector<std::string>{"--config", config_path}) {}

Weftd::Weftd(std::vector<std::string> args)
    : process_([&] {
        std::vector<std::string> argv{WEFTD_PATH};
        argv.insert(argv.end(), args.begin(), args.end());
        return argv;
      }()) {
  auto line = wait_for_log([](const std::string& l) {
    auto fields = log_fields(l);
    return fields["msg"] == "listening" && !fields["port"].empty();
  });
  if (line) port_ = static_cast<uint16_t>(std::stoi(log_fields(*line)["port"]));
}

// ---- HttpClient ----

std::string Response::header(std::string_view name) const {
  std::string lower(name);
  for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  auto it = headers.find(lower);
  return it == headers.end() ? std::string() : it->second;
}

struct HttpClient::Impl {
  asio::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;
  bool open = false;

  // Runs one asynchronous operation to completion; the stream's deadline bounds it.
  template <class Start>
  beast::error_code run(Start start) {
    beast::error_code result;
    start([&result](beast::error_code ec, auto&&...) { result = ec; });
    ioc.restart();
    ioc.run();
    return result;
  }
};

HttpClient::HttpClient(uint16_t port, Millis timeout)
    : impl_(std::make_unique<Impl>()), port_(port), timeout_(timeout) {}

HttpClient::~HttpClient() {
  beast::error_code ignored;
  impl_->stream.socket().close(ignored);
}

bool HttpClient::connect() {
  if (impl_->open) return true;
  impl_->buffer.clear();
  impl_->stream.expires_after(timeout_);
  tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port_);
  auto ec = impl_->run([&](auto done) { impl_->stream.async_connect(endpoint, done); });
  if (ec) return false;
  impl_->open = true;
  ++connects_;
  return true;
}

Response HttpClient::request(std::string_view method, std::string_view target,
                             std::string_view body, const std::vector<Header>& headers) {
  Response response;
  if (!connect()) {
    response.error = "connect failed";
    return response;
  }
  http::request<http::string_body> req;
  req.method_string(method);
  req.target(target);
  req.version(11);
  req.set(http::field::host, "127.0.0.1:" + std::to_string(port_));
  for (const auto& h : headers) req.set(h.name, h.value);
  if (!body.empty() || method == "POST") {
    if (req[http::field::content_type].empty())
      req.set(http::field::content_type, "application/json");
    req.body() = std::string(body);
  }
  req.keep_alive(true);
  req.prepare_payload();

  impl_->stream.expires_after(timeout_);
  auto ec = impl_->run([&](auto done) { http::async_write(impl_->stream, req, done); });
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 << 20);
  if (!ec) {
    ec = impl_->run(
        [&](auto done) { http::async_read(impl_->stream, impl_->buffer, parser, done); });
  }
  if (ec) {
    response.error = ec.message();
    beast::error_code ignored;
    impl_->stream.socket().close(ignored);
    impl_->open = false;
    return response;
  }
  auto& res = parser.get();
  response.status = static_cast<int>(res.result_int());
  response.body = res.body();
  response.keep_alive = res.keep_alive();
  for (const auto& field : res) {
    std::string name(field.name_string());
    for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    response.headers[name] = std::string(field.value());
  }
  if (!response.keep_alive) {
    beast::error_code ignored;
    impl_->stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    impl_->stream.socket().close(ignored);
    impl_->open = false;
  }
  return response;
}

// ---- signing ----

std::string hex_hmac(std::string_view secret, std::string_view body) {
  return weft::to_hex(weft::hmac_sha256(secret, body));
}

std::vector<Header> greenhouse_headers(std::string_view body, std::string_view secret,
                                       std::string_view event_id) {
  return {{"Signature", "sha256 " + hex_hmac(secret, body)},
          {"Greenhouse-Event-ID", std::string(event_id)},
          {"User-Agent", "Greenhouse Harvest Webhook"}};
}

std::vector<Header> ashby_headers(std::string_view body, std::string_view secret) {
  return {{"Ashby-Signature", "sha256=" + hex_hmac(secret, body)}};
}

std::string standard_signature(std::string_view whsec_secret, std::string_view id,
                               std::string_view timestamp, std::string_view body) {
  std::string_view encoded = whsec_secret;
  if (encoded.starts_with("whsec_")) encoded.remove_prefix(6);
  auto key = weft::base64_decode(encoded);
  if (!key) return {};
  std::string message = std::string(id) + "." + std::string(timestamp) + "." + std::string(body);
  return "v1," + weft::base64_encode(weft::hmac_sha256(*key, message));
}

bool standard_signature_matches(std::string_view whsec_secret, std::string_view id,
                                std::string_view timestamp, std::string_view body,
                                std::string_view signature_header) {
  const std::string expected = standard_signature(whsec_secret, id, timestamp, body);
  if (expected.empty()) return false;
  std::istringstream list{std::string(signature_header)};
  std::string one;
  while (list >> one) {
    if (one == expected) return true;
  }
  return false;
}

std::optional<std::string> error_reason(std::string_view body) {
  json::Document doc;
  if (!json::parse(body, doc).empty() || !doc.IsObject()) return std::nullopt;
  const auto* error = json::find(doc, "error");
  if (!error || !error->IsString()) return std::nullopt;
  return std::string(error->GetString(), error->GetStringLength());
}

// ---- config ----

namespace {

std::string yaml_quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string flow_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    out += yaml_quoted(items[i]);
  }
  return out + "]";
}

}  // namespace

std::string config_yaml(const ServerSpec& server, const std::vector<ConnectionSpec>& connections,
                        const std::vector<SubscriberSpec>& subscribers) {
  std::ostringstream y;
  y << "server:\n"
    << "  listen: 127.0.0.1:0\n"
    << "  ack_budget: " << server.ack_budget << "\n"
    << "  drain_timeout: " << server.drain_timeout << "\n";
  if (!server.max_body.empty()) y << "  limits:\n    max_body: " << server.max_body << "\n";
  y << "connections:\n";
  for (const auto& c : connections) {
    y << "  - id: " << c.id << "\n"
      << "    tenant: " << c.tenant << "\n"
      << "    provider: " << c.provider << "\n"
      << "    environment: " << c.environment << "\n"
      << "    secrets: " << flow_list(c.secrets) << "\n";
    if (!c.sandbox_interval.empty()) y << "    sandbox: {interval: " << c.sandbox_interval << "}\n";
  }
  y << (subscribers.empty() ? "subscribers: []\n" : "subscribers:\n");
  for (const auto& s : subscribers) {
    y << "  - id: " << s.id << "\n"
      << "    url: " << s.url << "\n"
      << "    secrets: " << flow_list(s.secrets) << "\n"
      << "    events: " << flow_list(s.events) << "\n";
    if (!s.connections.empty()) y << "    connections: " << flow_list(s.connections) << "\n";
    y << "    timeout: " << s.timeout << "\n";
  }
  return y.str();
}

}  // namespace weft::it
