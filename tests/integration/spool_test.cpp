// The spool end to end with the real weftd: person data never reaches the spool directory
// or the log in the clear, a spooled 200 survives kill -9 and a SIGTERM drain, delivered
// pairs are remembered across restarts, and a full spool answers 503 + Retry-After.
#include <doctest/doctest.h>
#include <signal.h>

#include <optional>

#include "integration/bodies.h"
#include "integration/metrics.h"
#include "integration/spool_common.h"
#include "providers/core/crypto.h"

namespace weft::it {
namespace {

const std::vector<std::string> kCanaries = {"Zyqcanaryname", "Zyqcanarylast",
                                            "zyq.canary@example.test"};

// What to look for: each canary as is and its base64 at the three byte alignments (the
// characters that depend on the canary's bytes only), in both base64 alphabets.
std::vector<std::string> needles() {
  std::vector<std::string> out;
  for (const auto& canary : kCanaries) {
    out.push_back(canary);
    for (std::size_t shift = 0; shift < 3; ++shift) {
      const std::string encoded = weft::base64_encode(std::string(shift, '\0') + canary);
      const std::size_t begin = shift == 0 ? 0 : 4;
      std::string inner = encoded.substr(begin, encoded.size() - 4 - begin);
      out.push_back(inner);
      for (auto& ch : inner) ch = ch == '+' ? '-' : ch == '/' ? '_' : ch;
      out.push_back(inner);
    }
  }
  // The master key must not be there either, in hex or raw.
  out.push_back(kTestSpoolKey);
  out.push_back(*weft::from_hex(kTestSpoolKey));
  return out;
}

// The first needle found in `bytes`, or "".
std::string find_canary(const std::string& bytes) {
  for (const auto& needle : needles()) {
    if (bytes.find(needle) != std::string::npos) return needle;
  }
  return {};
}

void check_no_canary_in(const std::string& dir, const std::string& log, const char* when) {
  const auto files = read_files(dir);
  for (const auto& [name, bytes] : files) {
    CHECK_MESSAGE(find_canary(bytes).empty(), when << ": a canary is in " << name);
  }
  CHECK_MESSAGE(find_canary(log).empty(), when << ": a canary is in weftd's log");
}

std::string event_id_of_first_attempt(TestDaemon& daemon) {
  auto line = daemon.weftd().wait_for_log(msg_is("attempt"));
  return line ? log_fields(*line)["event_id"] : std::string();
}

}  // namespace

TEST_SUITE("spool") {
  TEST_CASE("spool: person data is never in the spool directory, the log or the metrics") {
    SpoolDir spool;
    Sink sink;
    sink.close();
    SubscriberSpec sub = subscriber("canary", sink);
    sub.timeout = "2s";
    sub.extra = {
        "retry: {schedule: [300ms, 300ms, 300ms, 300ms, 300ms, 300ms, 300ms, 300ms, 300ms, "
        "300ms, 300ms, 300ms, 300ms, 300ms, 300ms, 300ms, 300ms, 300ms, 300ms, 300ms], "
        "max_age: 1h, jitter: 0}"};
    ServerSpec server = spool.server();
    server.admin = true;
    TestDaemon daemon(server, {greenhouse_connection()}, {sub});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.port());

    long spooled = 0;
    for (int i = 0; i < 3; ++i) {
      CandidateFields f;
      f.application_id = 80000310 + i;
      f.candidate_id = 90000310 + i;
      f.first_name = kCanaries[0];
      f.last_name = kCanaries[1];
      f.email = kCanaries[2];
      Response res =
          post_greenhouse(client, greenhouse_new_candidate(f), "gh-canary-" + std::to_string(i));
      REQUIRE_MESSAGE(res.status == 200, res.status << " " << res.error << " " << res.body);
      CHECK(answer_count(res.body, "spooled") == answer_count(res.body, "events"));
      spooled += answer_count(res.body, "spooled").value_or(0);
    }
    REQUIRE(spooled >= 3);

    // Something is there to search: key files and segments with bytes in them.
    const auto files = read_files(spool.path);
    std::size_t segment_bytes = 0, key_files = 0;
    for (const auto& [name, bytes] : files) {
      if (name.rfind("seg-", 0) == 0) segment_bytes += bytes.size();
      if (name.rfind("key-", 0) == 0) key_files += 1;
    }
    CHECK(segment_bytes > 0);
    CHECK(key_files > 0);
    check_no_canary_in(spool.path, daemon.log(), "while spooled");
    const std::string spooled_metrics = metrics_text(daemon.weftd());
    CHECK_MESSAGE(find_canary(spooled_metrics).empty(), "a canary is in /metrics");
    CHECK(metric_value(spooled_metrics, "weft_spool_records") == static_cast<double>(spooled));
    CHECK(metric_value(spooled_metrics, "weft_subscriber_queue_depth{subscriber=\"canary\"}") ==
          static_cast<double>(spooled));

    sink.open();
    REQUIRE_MESSAGE(sink.wait_for_answered(static_cast<std::size_t>(spooled), 20s),
                    sink.count() << " of " << spooled << "\n"
                                 << daemon.log());
    auto delivered = check_deliveries(sink, {whsec("canary")});
    std::size_t with_canary = 0;
    for (const auto& r : sink.requests()) {
      // The same search finds the canaries where they belong: the searcher works.
      if (r.body.find(kCanaries[0]) != std::string::npos &&
          r.body.find(kCanaries[2]) != std::string::npos && !find_canary(r.body).empty())
        ++with_canary;
    }
    CHECK(with_canary >= 3);  // one ats.candidate.updated per webhook at least
    for (const auto& d : delivered) CHECK(d.signature_verified);

    // Delivered: the done markers are written and the segments compacted away.
    const bool compacted = poll_until([&] { return segment_files(spool.path).empty(); }, 10s);
    CHECK_MESSAGE(compacted, "segments left after delivery: " << segment_files(spool.path).size());
    check_no_canary_in(spool.path, daemon.log(), "after delivery and compaction");
    const std::string delivered_metrics = metrics_text(daemon.weftd());
    CHECK_MESSAGE(find_canary(delivered_metrics).empty(), "a canary is in /metrics");
    CHECK(metric_value(delivered_metrics, "weft_spool_records") == 0);
    CHECK(metric_value(delivered_metrics, "weft_deliveries_total{subscriber=\"canary\"}") ==
          static_cast<double>(spooled));
  }

  TEST_CASE("spool: a spooled 200 survives kill -9 and is delivered after the restart") {
    SpoolDir spool;
    Sink sink;
    sink.close();
    SubscriberSpec sub = subscriber("after-crash", sink, {"ats.application.stage_changed"});
    sub.timeout = "2s";
    std::string event_id;
    {
      TestDaemon daemon(spool.server(), {greenhouse_connection()}, {sub});
      REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
      HttpClient client(daemon.port());
      Response res = post_greenhouse(client, greenhouse_stage_change(610001), "gh-crash-1");
      REQUIRE_MESSAGE(res.status == 200, res.status << " " << res.error << " " << res.body);
      CHECK(answer_count(res.body, "spooled") == 1);
      event_id = event_id_of_first_attempt(daemon);
      REQUIRE_FALSE(event_id.empty());
      daemon.weftd().send_signal(SIGKILL);
      CHECK(daemon.weftd().wait_exit() == 128 + SIGKILL);
    }
    CHECK(sink.count() == 0);

    sink.open();
    TestDaemon again(spool.server(), {greenhouse_connection()}, {sub});
    REQUIRE_MESSAGE(again.port() != 0, again.log());
    auto opened = again.weftd().wait_for_log([](const std::string& l) {
      return log_fields(l)["component"] == "spool" && log_fields(l)["msg"] == "opened";
    });
    REQUIRE_MESSAGE(opened.has_value(), again.log());
    CHECK(log_fields(*opened)["records"] == "1");
    REQUIRE_MESSAGE(sink.wait_for_answered(1, kWait), again.log());
    auto delivered = check_deliveries(sink, {whsec("after-crash")});
    REQUIRE(delivered.size() == 1);
    CHECK(delivered[0].webhook_id == event_id);
    CHECK(delivered[0].type == "ats.application.stage_changed");
  }

  TEST_CASE("spool: a wrong master key stops the start with a clear error; the spool is kept") {
    SpoolDir spool;
    Sink sink;
    sink.close();
    SubscriberSpec sub = subscriber("kept", sink, {"ats.application.stage_changed"});
    {
      TestDaemon daemon(spool.server(), {greenhouse_connection()}, {sub});
      REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
      HttpClient client(daemon.port());
      Response res = post_greenhouse(client, greenhouse_stage_change(611001), "gh-key-1");
      REQUIRE_MESSAGE(res.status == 200, res.status << " " << res.body);
      daemon.weftd().send_signal(SIGTERM);
      REQUIRE(daemon.weftd().wait_exit() == 0);
    }
    // The same config but another master key.
    const std::string other_key(64, 'a');
    ::setenv("WEFT_TEST_OTHER_SPOOL_KEY", other_key.c_str(), 1);
    std::string yaml = config_yaml(spool.server(), {greenhouse_connection()}, {sub});
    yaml.replace(yaml.find("WEFT_TEST_SPOOL_KEY"), 19, "WEFT_TEST_OTHER_SPOOL_KEY");
    TempDir dir;
    Weftd wrong(dir.write("weftd.yaml", yaml));
    CHECK(wrong.wait_exit() == 1);
    auto line = wrong.wait_for_log(msg_is("cannot open the spool"), 0s);
    REQUIRE_MESSAGE(line.has_value(), wrong.log_text());
    CHECK(log_fields(*line)["level"] == "error");
    CHECK(log_fields(*line)["reason"].find("key") != std::string::npos);
    CHECK(wrong.log_text().find(other_key.substr(0, 16)) == std::string::npos);
    CHECK(wrong.log_text().find(std::string(kTestSpoolKey).substr(0, 16)) == std::string::npos);

    // Nothing was discarded: with the right key the record is there and is delivered.
    sink.open();
    TestDaemon again(spool.server(), {greenhouse_connection()}, {sub});
    REQUIRE_MESSAGE(again.port() != 0, again.log());
    REQUIRE_MESSAGE(sink.wait_for_answered(1, kWait), again.log());
    CHECK(check_deliveries(sink, {whsec("kept")}).size() == 1);
  }

  TEST_CASE("spool: SIGTERM with the subscriber down exits 0 in time; the restart delivers") {
    SpoolDir spool;
    Sink sink;
    sink.close();
    SubscriberSpec sub = subscriber("after-drain", sink, {"ats.application.stage_changed"});
    sub.timeout = "2s";
    std::string event_id;
    {
      TestDaemon daemon(spool.server("3s"), {greenhouse_connection()}, {sub});
      REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
      HttpClient client(daemon.port());
      Response res = post_greenhouse(client, greenhouse_stage_change(611001), "gh-drain-1");
      REQUIRE_MESSAGE(res.status == 200, res.status << " " << res.error << " " << res.body);
      CHECK(answer_count(res.body, "spooled") == 1);
      event_id = event_id_of_first_attempt(daemon);
      REQUIRE_FALSE(event_id.empty());

      const auto started = std::chrono::steady_clock::now();
      daemon.weftd().send_signal(SIGTERM);
      auto code = daemon.weftd().wait_exit(kWait);
      REQUIRE_MESSAGE(code.has_value(), "weftd did not exit\n" << daemon.log());
      CHECK_MESSAGE(*code == 0, daemon.log());
      CHECK(std::chrono::steady_clock::now() - started < 3s + 2s);
      auto closed = daemon.weftd().wait_for_log(
          [](const std::string& l) {
            return log_fields(l)["component"] == "spool" && log_fields(l)["msg"] == "closed";
          },
          0s);
      CHECK_MESSAGE(closed.has_value(), daemon.log());
      if (closed) CHECK(log_fields(*closed)["records"] == "1");
    }

    sink.open();
    TestDaemon again(spool.server(), {greenhouse_connection()}, {sub});
    REQUIRE_MESSAGE(again.port() != 0, again.log());
    REQUIRE_MESSAGE(sink.wait_for_answered(1, kWait), again.log());
    auto delivered = check_deliveries(sink, {whsec("after-drain")});
    REQUIRE(delivered.size() == 1);
    CHECK(delivered[0].webhook_id == event_id);
  }

  TEST_CASE("spool: a vendor retry after a restart is not delivered a second time") {
    SpoolDir spool;
    Sink sink;
    SubscriberSpec sub = subscriber("once", sink, {"ats.application.stage_changed"});
    const std::string body = greenhouse_stage_change(612001);
    int signal = SIGKILL;
    SUBCASE("kill -9") {}
    SUBCASE("SIGTERM") {
      signal = SIGTERM;
    }
    {
      TestDaemon daemon(spool.server(), {greenhouse_connection()}, {sub});
      REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
      HttpClient client(daemon.port());
      Response res = post_greenhouse(client, body, "gh-dedup-1");
      REQUIRE_MESSAGE(res.status == 200, res.status << " " << res.error << " " << res.body);
      CHECK(answer_count(res.body, "delivered") == 1);
      REQUIRE(sink.count() == 1);
      daemon.weftd().send_signal(signal);
      REQUIRE(daemon.weftd().wait_exit().has_value());
    }

    TestDaemon again(spool.server(), {greenhouse_connection()}, {sub});
    REQUIRE_MESSAGE(again.port() != 0, again.log());
    HttpClient client(again.port());
    Response retry = post_greenhouse(client, body, "gh-dedup-1");
    REQUIRE_MESSAGE(retry.status == 200, retry.status << " " << retry.error << " " << retry.body);
    CHECK_MESSAGE(answer_count(retry.body, "already_delivered") == 1, retry.body);
    CHECK(answer_count(retry.body, "delivered") == 0);
    // A later, different webhook is delivered: had the retry been sent, it came first.
    Response other = post_greenhouse(client, greenhouse_stage_change(612002), "gh-dedup-2");
    REQUIRE(other.status == 200);
    REQUIRE(sink.wait_for_answered(2, kWait));
    CHECK(sink.count() == 2);
    auto ids = webhook_ids(sink);
    CHECK(ids.size() == 2);
  }

  TEST_CASE("spool: a full spool answers 503 + Retry-After and the daemon recovers") {
    SpoolDir spool;
    ServerSpec server = spool.server();
    server.spool_max_size = "1MiB";
    Sink sink;
    sink.close();
    // Quick probes once the sink is back, but far from exhausting the schedule meanwhile.
    SubscriberSpec sub = retrying_subscriber(
        "full", sink,
        "[1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s]",
        {"ats.candidate.updated"});
    TestDaemon daemon(server, {greenhouse_connection()}, {sub});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.port());

    std::size_t spooled = 0;
    std::optional<Response> refused;
    for (int i = 0; i < 400 && !refused; ++i) {
      CandidateFields f;
      f.application_id = 80100000 + i;
      f.candidate_id = 90100000 + i;
      f.padding = 8 * 1024;
      Response res =
          post_greenhouse(client, greenhouse_new_candidate(f), "gh-full-" + std::to_string(i));
      if (res.status == 503) {
        refused = res;
      } else {
        REQUIRE_MESSAGE(res.status == 200, i << ": " << res.status << " " << res.body);
        spooled += static_cast<std::size_t>(answer_count(res.body, "spooled").value_or(0));
      }
    }
    REQUIRE_MESSAGE(refused.has_value(), "no 503 after 400 webhooks of 8 KiB");
    MESSAGE("spooled " << spooled << " events before the spool was full");
    CHECK(spooled >= 60);  // about 1 MiB of 8 KiB events; fewer means it refused too early
    const std::string retry_after = refused->header("retry-after");
    CHECK_MESSAGE(!retry_after.empty(), "no Retry-After");
    CHECK(std::all_of(retry_after.begin(), retry_after.end(), ::isdigit));
    auto reason = error_reason(refused->body);
    REQUIRE(reason.has_value());
    CHECK_MESSAGE(reason->find("spool") != std::string::npos, *reason);
    CHECK(client.get("/healthz").status == 200);

    // The subscriber comes back: the spool drains and new webhooks are taken again.
    sink.open();
    CHECK_MESSAGE(sink.wait_for_answered(spooled, 60s), sink.count()
                                                            << " of " << spooled << " delivered");
    CandidateFields f;
    f.application_id = 80199999;
    f.candidate_id = 90199999;
    f.padding = 8 * 1024;
    Response after = post_greenhouse(client, greenhouse_new_candidate(f), "gh-full-after");
    CHECK_MESSAGE(after.status == 200, after.status << " " << after.body);
  }
}

}  // namespace weft::it
