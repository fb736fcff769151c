// The SSRF guard against the real weftd: subscriber addresses outside `network.allow_private`
// are refused before any connect, logged and counted in /metrics; a reload that opens the
// range lets them through; redirects are not followed.
//
// Every address used here stays on this machine even if the guard were broken: 127.0.0.1,
// [::1], [::ffff:127.0.0.1] and 0.0.0.0 (which Linux connects to the local host). The cases
// that name addresses beyond the machine (10.x, 169.254.169.254, names resolving to private
// addresses, a redirect to the metadata address) are in tests/unit/daemon/client_guard_test.cpp,
// where an injected connector confines every connect to loopback.
#include <doctest/doctest.h>

#include <signal.h>

#include <sstream>

#include "integration/bodies.h"
#include "integration/common.h"
#include "integration/metrics.h"

namespace weft::it {
namespace {

const std::string kLoopbackAllowed = "network:\n  allow_private: [\"127.0.0.0/8\", \"::1/128\"]\n";

// The harness's config with another network block in place of its loopback exception.
std::string with_network(std::string yaml, const std::string& network) {
  const auto at = yaml.find(kLoopbackAllowed);
  REQUIRE(at != std::string::npos);
  return yaml.replace(at, kLoopbackAllowed.size(), network);
}

std::string refused_series(const std::string& subscriber, const std::string& reason) {
  return "weft_delivery_refused_total{subscriber=\"" + subscriber + "\",reason=\"" + reason + "\"}";
}

// The first msg=attempt line for subscriber logged at or after line `from`.
std::optional<std::string> attempt_of(Weftd& weftd, const std::string& subscriber,
                                      std::size_t from = 0) {
  return weftd.wait_for_log(
      [&](const std::string& line) {
        auto fields = log_fields(line);
        return fields["msg"] == "attempt" && fields["subscriber"] == subscriber;
      },
      kWait, from);
}

ServerSpec with_admin() {
  ServerSpec server;
  server.admin = true;
  server.ack_budget = "2s";
  return server;
}

}  // namespace

TEST_SUITE("ssrf") {
  TEST_CASE("loopback subscribers are refused, logged and counted when not allowed") {
    Sink sink;
    const std::string port = std::to_string(sink.port());
    struct Case {
      std::string id, url, reason;
    };
    const std::vector<Case> cases = {
        {"v4", sink.url(), "loopback"},
        {"v6", "http://[::1]:" + port + "/events", "loopback"},
        {"mapped", "http://[::ffff:127.0.0.1]:" + port + "/events", "loopback"},
        {"unspecified", "http://0.0.0.0:" + port + "/events", "unspecified"},
    };
    std::vector<SubscriberSpec> subscribers;
    for (const auto& c : cases) {
      SubscriberSpec s = subscriber(c.id, c.url);
      s.timeout = "1s";
      subscribers.push_back(s);
    }
    TempDir dir;
    const std::string path =
        dir.write("weftd.yaml",
                  with_network(config_yaml(with_admin(), {greenhouse_connection()}, subscribers),
                               "network:\n  allow_private: []\n"));
    Weftd weftd(path);
    REQUIRE_MESSAGE(weftd.port() != 0, weftd.log_text());
    HttpClient client(weftd.port());

    // spool: none: nothing was accepted, so the vendor is told to retry.
    Response res = post_greenhouse(client, greenhouse_stage_change(4101), "gh-ssrf-1");
    CHECK_MESSAGE(res.status == 503, res.status << " " << res.body);

    for (const auto& c : cases) {
      CAPTURE(c.id);
      auto line = attempt_of(weftd, c.id);
      REQUIRE_MESSAGE(line, weftd.log_text());
      auto fields = log_fields(*line);
      CHECK(fields["error"] == "refused: " + c.reason + " address");
      CHECK(fields["status"] == "0");
    }
    const std::string text = metrics_text(weftd);
    for (const auto& c : cases) {
      CAPTURE(c.id);
      CHECK(metric_value(text, refused_series(c.id, c.reason)) >= 1);
      CHECK(metric_value(text, "weft_deliveries_total{subscriber=\"" + c.id + "\"}") == 0);
    }
    // Nothing reached the sink, not even a TCP connection.
    CHECK(sink.count() == 0);
    CHECK(sink.connections_accepted() == 0);
  }

  TEST_CASE("a reload that allows the range lets the same subscriber through") {
    Sink sink;
    SubscriberSpec printer = subscriber("printer", sink);
    printer.timeout = "1s";
    const std::string allowed = config_yaml(with_admin(), {greenhouse_connection()}, {printer});
    TempDir dir;
    const std::string path =
        dir.write("weftd.yaml", with_network(allowed, "network:\n  allow_private: [10.0.0.0/8]\n"));
    Weftd weftd(path);
    REQUIRE_MESSAGE(weftd.port() != 0, weftd.log_text());
    HttpClient client(weftd.port());
    const std::string body = greenhouse_stage_change(4102);

    Response refused = post_greenhouse(client, body, "gh-ssrf-2");
    CHECK(refused.status == 503);
    auto line = attempt_of(weftd, "printer");
    REQUIRE(line);
    CHECK(log_fields(*line)["error"] == "refused: loopback address");
    CHECK(metric_value(metrics_text(weftd), refused_series("printer", "loopback")) >= 1);
    CHECK(sink.connections_accepted() == 0);

    // The harness's own block: loopback allowed.
    dir.write("weftd.yaml", allowed);
    const std::size_t mark = weftd.log_count();
    weftd.send_signal(SIGHUP);
    auto reloaded = weftd.wait_for_log(
        [](const std::string& l) {
          auto msg = log_fields(l)["msg"];
          return msg == "reloaded" || msg == "reload failed";
        },
        kWait, mark);
    REQUIRE(reloaded);
    REQUIRE(log_fields(*reloaded)["msg"] == "reloaded");

    Response delivered = post_greenhouse(client, body, "gh-ssrf-2");
    CHECK_MESSAGE(delivered.status == 200, delivered.status << " " << delivered.body);
    CHECK(sink.count() > 0);
    check_deliveries(sink, {whsec("printer")});
  }

  TEST_CASE("a redirect is not followed: a 3xx is a final failure") {
    // The redirect names a second loopback sink, so following it would be seen there and
    // could not leave the machine; the redirect to 169.254.169.254 itself is in the unit test.
    Sink target;
    Sink redirecting;
    redirecting.set_reply({302, {{"Location", target.url()}}});
    ServerSpec server = with_admin();
    TestDaemon daemon(server, {greenhouse_connection()}, {subscriber("redirected", redirecting)});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.port());

    Response res = post_greenhouse(client, greenhouse_stage_change(4103), "gh-ssrf-3");
    CHECK(res.status != 0);
    auto line = attempt_of(daemon.weftd(), "redirected");
    REQUIRE(line);
    CHECK(log_fields(*line)["status"] == "302");
    CHECK(log_fields(*line)["verdict"] == "final_failure");
    auto dead = daemon.weftd().wait_for_log(msg_is("dead letter"));
    REQUIRE(dead);
    CHECK(log_fields(*dead)["subscriber"] == "redirected");
    CHECK(redirecting.count() > 0);
    CHECK(target.count() == 0);
    CHECK(target.connections_accepted() == 0);
  }
}

}  // namespace weft::it
