// weftd send-test and weftd verify against the real binary: a signed weft.ping to a loopback
// Sink (and to a raw TCP capture, as `nc -l` would save it), then that capture verified.
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "integration/common.h"
#include "providers/core/json.h"
#include "support/schema.h"

namespace weft::it {
namespace {

const std::string kNoGuard = "network:\n  allow_private: [\"127.0.0.0/8\", \"::1/128\"]\n";

std::string sink_config(const std::string& url, bool guard_allows_loopback = true) {
  std::string yaml =
      config_yaml(ServerSpec{}, {greenhouse_connection()}, {subscriber("crm", url, {"ats.*"})});
  if (!guard_allows_loopback) {
    auto at = yaml.find(kNoGuard);
    REQUIRE(at != std::string::npos);
    yaml.erase(at, kNoGuard.size());
  }
  return yaml;
}

std::string member(const std::string& body, std::initializer_list<std::string_view> path) {
  json::Document doc;
  if (!json::parse(body, doc).empty()) return {};
  return json::text(json::find_path(doc, path)).value_or("");
}

// Runs `weftd verify args... < file` through the shell (run_weftd gives weftd no stdin).
CliResult verify_file(const std::string& file, const std::vector<std::string>& args) {
  std::string command = std::string(WEFTD_PATH) + " verify";
  for (const auto& a : args) command += " '" + a + "'";
  command += " < '" + file + "'";
  Process process({"/bin/sh", "-c", command});
  CliResult result;
  result.exit_code = process.wait_exit().value_or(-1);
  result.out = process.text(Process::Stream::out);
  result.err = process.text(Process::Stream::err);
  return result;
}

// A one-shot raw HTTP endpoint on 127.0.0.1, like `nc -l`: keeps the exact bytes of the first
// request (headers and Content-Length body) and answers 200.
class RawCapture {
 public:
  RawCapture() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(fd_, 4) == 0);
    socklen_t length = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &length);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~RawCapture() {
    if (thread_.joinable()) thread_.join();
    ::close(fd_);
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hooks"; }
  // The captured bytes; call after the sender finished (joins the server thread).
  const std::string& bytes() {
    if (thread_.joinable()) thread_.join();
    return bytes_;
  }

 private:
  void serve() {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(kWait.count())) != 1) return;
    int conn = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (conn < 0) return;
    char buffer[4096];
    for (int reads = 0; reads < 1000 && !complete(); ++reads) {
      pollfd c{conn, POLLIN, 0};
      if (::poll(&c, 1, static_cast<int>(kWait.count())) != 1) break;
      ssize_t n = ::read(conn, buffer, sizeof buffer);
      if (n <= 0) break;
      bytes_.append(buffer, static_cast<std::size_t>(n));
    }
    const std::string reply = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    (void)!::write(conn, reply.data(), reply.size());
    ::close(conn);
  }

  bool complete() const {
    auto end = bytes_.find("\r\n\r\n");
    if (end == std::string::npos) return false;
    std::string head = bytes_.substr(0, end);
    for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto at = head.find("content-length:");
    if (at == std::string::npos) return true;
    return bytes_.size() >= end + 4 + std::stoul(head.substr(at + 15));
  }

  int fd_ = -1;
  uint16_t port_ = 0;
  std::string bytes_;
  std::thread thread_;
};

// A capture built by the test: headers signed here, independently of weftd.
std::string capture_text(const std::string& secret, const std::string& id, int64_t timestamp,
                         const std::string& body, const std::string& newline = "\r\n") {
  return "POST /hooks HTTP/1.1" + newline + "Host: 127.0.0.1" + newline +
         "Content-Type: application/json" + newline + "Webhook-Id: " + id + newline +
         "Webhook-Timestamp: " + std::to_string(timestamp) + newline +
         "Webhook-Signature: " + standard_signature(secret, id, std::to_string(timestamp), body) +
         newline + newline + body;
}

int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

TEST_SUITE("cli-tools") {
  TEST_CASE("send-test delivers one signed, schema-valid weft.ping and prints status and latency") {
    Sink sink;
    TempDir dir;
    const std::string config = dir.write("weftd.yaml", sink_config(sink.url()));
    CliResult run = run_weftd({"send-test", "--config", config, "--subscriber", "crm"});
    REQUIRE_MESSAGE(run.exit_code == 0, (run.out + run.err));
    CHECK(run.out.find("status=200") != std::string::npos);
    CHECK(run.out.find("latency_ms=") != std::string::npos);
    REQUIRE(sink.count() == 1);
    const Recorded got = sink.requests().front();
    CHECK(got.method == "POST");
    CHECK(got.header("content-type") == "application/json");
    CHECK(member(got.body, {"type"}) == "weft.ping");
    CHECK(member(got.body, {"subject", "entity"}) == "ping");
    CHECK(member(got.body, {"connection_id"}) == "acme-greenhouse");
    CHECK(member(got.body, {"id"}) == got.header("webhook-id"));
    CHECK(run.out.find("event_id=" + got.header("webhook-id")) != std::string::npos);
    CHECK(weft::test::schema_errors(got.body).empty());
    CHECK(standard_signature_matches(whsec("crm"), got.header("webhook-id"),
                                     got.header("webhook-timestamp"), got.body,
                                     got.header("webhook-signature")));

    // Each run is a new event.
    CliResult again = run_weftd({"send-test", "--config", config, "--subscriber", "crm"});
    REQUIRE(again.exit_code == 0);
    REQUIRE(sink.count() == 2);
    CHECK(sink.requests()[1].header("webhook-id") != got.header("webhook-id"));
  }

  TEST_CASE("send-test exits 1 on a non-2xx answer, and 2 on an unknown subscriber") {
    Sink sink;
    sink.set_status(500);
    TempDir dir;
    const std::string config = dir.write("weftd.yaml", sink_config(sink.url()));
    CliResult run = run_weftd({"send-test", "--config", config, "--subscriber", "crm"});
    CHECK(run.exit_code == 1);
    CHECK(run.out.find("status=500") != std::string::npos);
    CHECK(sink.count() == 1);

    CliResult unknown = run_weftd({"send-test", "--config", config, "--subscriber", "nobody"});
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.err.find("no subscriber 'nobody'") != std::string::npos);
    CHECK(run_weftd({"send-test", "--config", config}).exit_code == 2);
  }

  TEST_CASE("send-test goes through the config's network guard") {
    Sink sink;
    TempDir dir;
    // Without network.allow_private, loopback is refused as it is for deliveries.
    const std::string config = dir.write("weftd.yaml", sink_config(sink.url(), false));
    CliResult run = run_weftd({"send-test", "--config", config, "--subscriber", "crm"});
    CHECK(run.exit_code == 1);
    CHECK(run.out.find("status=0") != std::string::npos);
    CHECK(run.out.find("refused: loopback") != std::string::npos);
    CHECK(sink.count() == 0);
    CHECK(sink.connections_accepted() == 0);
  }

  TEST_CASE("verify accepts a delivery captured off the wire and refuses a tampered one") {
    RawCapture capture;
    TempDir dir;
    const std::string config = dir.write("weftd.yaml", sink_config(capture.url()));
    CliResult sent = run_weftd({"send-test", "--config", config, "--subscriber", "crm"});
    REQUIRE_MESSAGE(sent.exit_code == 0, (sent.out + sent.err));
    const std::string raw = capture.bytes();
    REQUIRE(raw.starts_with("POST /hooks HTTP/1.1\r\n"));

    const std::string file = dir.write("delivery.http", raw);
    CliResult ok = verify_file(file, {"--secret", whsec("crm")});
    CHECK_MESSAGE(ok.exit_code == 0, (ok.out + ok.err));
    CHECK(ok.out.starts_with("ok: webhook-id evt_"));

    CliResult wrong_key = verify_file(file, {"--secret", whsec("someone-else")});
    CHECK(wrong_key.exit_code == 1);
    CHECK(wrong_key.out.starts_with("invalid: "));

    std::string tampered = raw;
    auto at = tampered.find("weft.ping");
    REQUIRE(at != std::string::npos);
    tampered[at] = 'W';
    CliResult changed =
        verify_file(dir.write("tampered.http", tampered), {"--secret", whsec("crm")});
    CHECK(changed.exit_code == 1);
    CHECK(changed.out.starts_with("invalid: "));
    CHECK(changed.out.find('\n') == changed.out.size() - 1);  // one line
  }

  TEST_CASE("send-test signs v1a with a whsk_ key; verify checks it with the whpk_ key") {
    CliResult pair = run_weftd({"keygen"});
    REQUIRE(pair.exit_code == 0);
    const auto newline = pair.out.find('\n');
    const std::string secret_key = pair.out.substr(0, newline);
    const std::string public_key =
        pair.out.substr(newline + 1, pair.out.find('\n', newline + 1) - newline - 1);
    REQUIRE(secret_key.starts_with("whsk_"));
    REQUIRE(public_key.starts_with("whpk_"));

    RawCapture capture;
    TempDir dir;
    SubscriberSpec sub = subscriber("ed", capture.url());
    sub.secrets = {secret_key};
    const std::string config =
        dir.write("weftd.yaml", config_yaml(ServerSpec{}, {greenhouse_connection()}, {sub}));
    CliResult sent = run_weftd({"send-test", "--config", config, "--subscriber", "ed"});
    REQUIRE_MESSAGE(sent.exit_code == 0, (sent.out + sent.err));
    const std::string raw = capture.bytes();
    CHECK(raw.find("v1a,") != std::string::npos);

    const std::string file = dir.write("delivery.http", raw);
    CHECK(verify_file(file, {"--secret", public_key}).exit_code == 0);
    CHECK(verify_file(file, {"--secret", whsec("ed")}).exit_code == 1);
  }

  TEST_CASE("verify: LF captures, chunked bodies, the tolerance, and what is not a capture") {
    TempDir dir;
    const std::string secret = whsec("verify-test");
    const std::string body = R"({"id":"evt_0123","type":"weft.ping"})";
    const int64_t now = now_seconds();

    SUBCASE("LF line endings, no Content-Length: the rest is the body") {
      auto file = dir.write("lf.http", capture_text(secret, "evt_0123", now, body, "\n"));
      CHECK(verify_file(file, {"--secret", secret}).exit_code == 0);
    }
    SUBCASE("Content-Length bounds the body: trailing bytes are ignored") {
      std::string text = capture_text(secret, "evt_0123", now, body);
      text.insert(text.find("\r\n\r\n"), "\r\nContent-Length: " + std::to_string(body.size()));
      auto file = dir.write("cl.http", text + "\r\n");
      CHECK(verify_file(file, {"--secret", secret}).exit_code == 0);
      // Without the header, the trailing newline would be part of the body.
      auto without = dir.write("nocl.http", capture_text(secret, "evt_0123", now, body) + "\n");
      CHECK(verify_file(without, {"--secret", secret}).exit_code == 1);
    }
    SUBCASE("chunked") {
      std::string text = capture_text(secret, "evt_0123", now, "");
      text.insert(text.find("\r\n\r\n"), "\r\nTransfer-Encoding: chunked");
      // The signature covers the de-chunked body.
      std::string signature = standard_signature(secret, "evt_0123", std::to_string(now), body);
      auto sig_at = text.find("Webhook-Signature: ") + 19;
      text.replace(sig_at, text.find("\r\n", sig_at) - sig_at, signature);
      char size1[16], size2[16];
      std::snprintf(size1, sizeof size1, "%zx", std::size_t{10});
      std::snprintf(size2, sizeof size2, "%zx", body.size() - 10);
      text += std::string(size1) + "\r\n" + body.substr(0, 10) + "\r\n" + size2 + "\r\n" +
              body.substr(10) + "\r\n0\r\n\r\n";
      CHECK(verify_file(dir.write("chunked.http", text), {"--secret", secret}).exit_code == 0);
    }
    SUBCASE("a timestamp 10 minutes old: refused by default, accepted with --tolerance 15m") {
      auto file = dir.write("old.http", capture_text(secret, "evt_0123", now - 600, body));
      CliResult strict = verify_file(file, {"--secret", secret});
      CHECK(strict.exit_code == 1);
      CHECK(strict.out.starts_with("invalid: "));
      CHECK(verify_file(file, {"--secret", secret, "--tolerance", "15m"}).exit_code == 0);
    }
    SUBCASE("not a capture, missing headers, bad arguments") {
      CliResult json_only = verify_file(dir.write("body.json", body), {"--secret", secret});
      CHECK(json_only.exit_code == 1);
      CHECK(json_only.out.starts_with("invalid: not a captured HTTP request"));
      CliResult no_headers =
          verify_file(dir.write("plain.http", "POST / HTTP/1.1\r\nHost: x\r\n\r\n" + body),
                      {"--secret", secret});
      CHECK(no_headers.exit_code == 1);
      CHECK(no_headers.out.find("missing webhook-id") != std::string::npos);
      auto file = dir.write("ok.http", capture_text(secret, "evt_0123", now, body));
      CHECK(verify_file(file, {}).exit_code == 2);
      CHECK(verify_file(file, {"--secret", "not-a-key"}).exit_code == 2);
      CHECK(verify_file(file, {"--secret", secret, "--tolerance", "5"}).exit_code == 2);
    }
  }
}

}  // namespace weft::it
