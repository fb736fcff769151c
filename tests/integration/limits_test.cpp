// Inbound limits with the real weftd: each limit has its own status and a one-line reason
// (431 headers, 400 JSON depth and value count, 408 for each slow phase), is logged as a
// refused request, and costs nothing else: connections held open by slow clients and a
// flood of forged signatures do not keep good webhooks from being served.
#include <doctest/doctest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <array>
#include <atomic>
#include <latch>
#include <memory>
#include <thread>

#include "integration/bodies.h"
#include "integration/common.h"
#include "integration/metrics.h"

namespace weft::it {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;

// A loopback connection that has sent `sent` and then reads whatever the daemon answers
// until it closes the connection; every wait is bounded by a 10 s deadline.
struct HeldConnection {
  HeldConnection(asio::io_context& ioc, uint16_t port, std::string sent,
                 std::latch* all_sent = nullptr)
      : stream(ioc), sent(std::move(sent)), all_sent(all_sent) {
    stream.expires_after(10s);
    stream.async_connect({asio::ip::make_address("127.0.0.1"), port}, [this](auto ec) {
      if (ec) return finish(ec);
      asio::async_write(stream, asio::buffer(this->sent), [this](auto ec, std::size_t) {
        if (ec) return finish(ec);
        mark_sent();
        read_more();
      });
    });
  }
  void mark_sent() {
    if (all_sent && !counted) all_sent->count_down();
    counted = true;
  }
  void read_more() {
    stream.async_read_some(asio::buffer(chunk), [this](auto ec, std::size_t n) {
      received.append(chunk.data(), n);
      if (ec) return finish(ec);
      read_more();
    });
  }
  void finish(boost::system::error_code ec) {
    end = ec;
    mark_sent();
  }

  beast::tcp_stream stream;
  std::string sent;
  std::latch* all_sent;
  bool counted = false;
  std::array<char, 512> chunk{};
  std::string received;
  boost::system::error_code end;  // eof: the daemon closed the connection
};

// A signed Greenhouse request line + headers for body, without the blank line that ends them.
std::string greenhouse_head(const std::string& body, const std::string& event_id) {
  std::string head = "POST /v1/webhooks/acme-greenhouse HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (const auto& h : greenhouse_headers(body, kGreenhouseSecret, event_id)) {
    head += h.name + ": " + h.value + "\r\n";
  }
  return head + "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n";
}

// The refusal's status, reason and log line; and nothing was delivered for it.
void expect_refusal(TestDaemon& daemon, const Sink& sink, const Response& res, int status,
                    std::string_view reason_part) {
  CHECK(sink.count() == 0);
  CHECK_MESSAGE(res.status == status, res.status << " " << res.error << " " << res.body);
  auto reason = error_reason(res.body);
  REQUIRE_MESSAGE(reason.has_value(), res.body);
  CHECK_MESSAGE(reason->find(reason_part) != std::string::npos, *reason);
  CHECK(reason->find('\n') == std::string::npos);
  const std::string code = std::to_string(status);
  auto logged = daemon.weftd().wait_for_log([&](const std::string& line) {
    auto f = log_fields(line);
    // Refused by the HTTP server ("request refused") or by ingest (its "request" line).
    return (f["msg"] == "request refused" || f["msg"] == "request") && f["status"] == code;
  });
  CHECK_MESSAGE(logged.has_value(), "no log line for the " << status);
}

// The daemon still answers a good webhook, and the sink got it.
void expect_still_serving(TestDaemon& daemon, Sink& sink, const std::string& event_id) {
  const std::size_t before = sink.count();
  HttpClient client(daemon.port());
  Response ok = post_greenhouse(client, greenhouse_stage_change(), event_id);
  CHECK_MESSAGE(ok.status == 200, ok.status << " " << ok.error << " " << ok.body);
  CHECK(sink.count() > before);
}

}  // namespace

TEST_SUITE("limits") {
  TEST_CASE("limits: headers, JSON depth and JSON values each get their own status") {
    Sink sink;
    ServerSpec server;
    server.limits = {"max_headers: 2KiB", "max_json_depth: 8", "max_json_values: 200"};
    TestDaemon daemon(server, {greenhouse_connection()}, {subscriber("all", sink)});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());

    SUBCASE("431: headers over max_headers") {
      HttpClient client(daemon.port());
      auto headers = greenhouse_headers(greenhouse_stage_change(), kGreenhouseSecret, "gh-431");
      headers.push_back({"X-Padding", std::string(4096, 'p')});
      Response res =
          client.post("/v1/webhooks/acme-greenhouse", greenhouse_stage_change(), headers);
      expect_refusal(daemon, sink, res, 431, "headers exceed");
    }
    SUBCASE("400: JSON nested deeper than max_json_depth, correctly signed") {
      std::string deep = R"({"action":"candidate_stage_change","payload":)";
      for (int i = 0; i < 10; ++i) deep += R"({"a":)";
      deep += "1" + std::string(10, '}') + "}";
      HttpClient client(daemon.port());
      expect_refusal(daemon, sink, post_greenhouse(client, deep, "gh-deep"), 400,
                     "nested deeper than 8");
    }
    SUBCASE("400: more JSON values than max_json_values, correctly signed") {
      std::string wide = R"({"action":"candidate_stage_change","payload":{"list":[0)";
      for (int i = 0; i < 300; ++i) wide += ",0";
      wide += "]}}";
      HttpClient client(daemon.port());
      expect_refusal(daemon, sink, post_greenhouse(client, wide, "gh-wide"), 400,
                     "more than 200 values");
    }
    SUBCASE("a real webhook is well within the defaults") {
      HttpClient client(daemon.port());
      Response ok = post_greenhouse(client, greenhouse_stage_change(), "gh-fits");
      CHECK_MESSAGE(ok.status == 200, ok.status << " " << ok.body);
    }
    expect_still_serving(daemon, sink, "gh-after-limits");
  }

  TEST_CASE("limits: each slow phase gets a 408 with its own reason; an idle one is closed") {
    Sink sink;
    ServerSpec server;
    server.limits = {"header_timeout: 400ms", "body_timeout: 600ms", "idle_timeout: 500ms"};
    server.admin = true;
    TestDaemon daemon(server, {greenhouse_connection()}, {subscriber("all", sink)});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    const std::string body = greenhouse_stage_change();

    SUBCASE("408: headers that never end") {
      Response res = raw_request(daemon.port(), greenhouse_head(body, "gh-slow-head"), 5s);
      expect_refusal(daemon, sink, res, 408, "headers not received within 0.4s");
      // Counted by the server, before any handler: ingest never saw it.
      const std::string text = metrics_text(daemon.weftd());
      CHECK(metric_value(text, R"(weft_http_refused_total{listener="server",status="408"})") == 1);
      CHECK(metric_sum(text, "weft_inbound_requests_total") == 0);
    }
    SUBCASE("408: a body shorter than its Content-Length") {
      const std::string partial =
          greenhouse_head(body, "gh-slow-body") + "\r\n" + body.substr(0, 40);
      Response res = raw_request(daemon.port(), partial, 5s);
      expect_refusal(daemon, sink, res, 408, "body not received within 0.6s");
    }
    SUBCASE("a connection that sends nothing is closed without an answer") {
      Response res = raw_request(daemon.port(), "", 5s);
      CHECK(res.status == 0);
      CHECK_FALSE(res.error.empty());
    }
    SUBCASE("a kept-alive connection is closed after idle_timeout, without a second answer") {
      asio::io_context ioc;
      HeldConnection held(ioc, daemon.port(), greenhouse_head(body, "gh-ka") + "\r\n" + body);
      ioc.run();
      CHECK_MESSAGE(held.end == asio::error::eof, held.end.message());
      CHECK(held.received.starts_with("HTTP/1.1 200"));
      CHECK(held.received.find("HTTP/1.1", 1) == std::string::npos);
    }
    expect_still_serving(daemon, sink, "gh-after-slow");
  }

  TEST_CASE("limits: slow clients holding connections do not keep a good webhook waiting") {
    Sink sink;
    ServerSpec server;
    server.limits = {"header_timeout: 3s"};
    TestDaemon daemon(server, {greenhouse_connection()}, {subscriber("all", sink)});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());

    asio::io_context ioc;
    std::vector<std::unique_ptr<HeldConnection>> held;
    const std::string head = greenhouse_head(greenhouse_stage_change(), "gh-loris");
    constexpr int kSlow = 64;
    std::latch all_sent(kSlow);
    for (int i = 0; i < kSlow; ++i) {
      held.push_back(
          std::make_unique<HeldConnection>(ioc, daemon.port(), head.substr(0, 30), &all_sent));
    }
    std::thread slow([&] { ioc.run(); });
    all_sent.wait();
    // While the 64 are mid-headers, a good webhook is answered; its own header_timeout has
    // not started yet, so the answer cannot be a late one.
    expect_still_serving(daemon, sink, "gh-beside-loris");
    slow.join();
    // Then each slow one got its 408 and was closed.
    std::size_t refused = 0;
    for (const auto& h : held) {
      refused += h->received.starts_with("HTTP/1.1 408") && h->end == asio::error::eof;
    }
    CHECK(refused == held.size());
  }

  TEST_CASE("limits: a flood of forged signatures does not starve good webhooks") {
    Sink sink;
    TestDaemon daemon({}, {greenhouse_connection()}, {subscriber("all", sink)});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());

    std::atomic<bool> stop{false};
    std::atomic<int> forged_401{0}, forged_other{0};
    std::vector<std::thread> flooders;
    for (int t = 0; t < 3; ++t) {
      flooders.emplace_back([&, t] {
        HttpClient client(daemon.port());
        const std::string body = greenhouse_stage_change(700000 + t);
        // Bounded: at most 5000 each, or until the good traffic is done.
        for (int i = 0; i < 5000 && !stop.load(); ++i) {
          Response r = post_greenhouse(client, body, "gh-forged", "acme-greenhouse", "not-it");
          (r.status == 401 ? forged_401 : forged_other).fetch_add(1);
        }
      });
    }
    HttpClient good(daemon.port());
    int accepted = 0;
    for (int i = 0; i < 40; ++i) {
      Response r = post_greenhouse(good, greenhouse_stage_change(710000 + i),
                                   "gh-good-" + std::to_string(i));
      accepted += r.status == 200;
    }
    stop.store(true);
    for (auto& f : flooders) f.join();
    CHECK(accepted == 40);
    CHECK(forged_401.load() > 0);
    CHECK(forged_other.load() == 0);
    CHECK(sink.wait_for_count(40, 10s));
    MESSAGE("forged requests answered 401 meanwhile: " << forged_401.load());
  }
}

}  // namespace weft::it
