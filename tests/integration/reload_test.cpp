// SIGHUP reloads connections and subscribers from the same file, or keeps the old config
// and says why; serving never stops.
#include <doctest/doctest.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "integration/bodies.h"
#include "integration/common.h"

namespace weft::it {
TEST_SUITE("reload") {
  TEST_CASE("SIGHUP with a changed subscriber list takes effect") {
    Sink removed;
    Sink added;
    TestDaemon daemon({}, {greenhouse_connection()}, {subscriber("removed", removed)});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.port());

    REQUIRE(post_greenhouse(client, greenhouse_stage_change(6001), "gh-r-1").status == 200);
    REQUIRE(removed.count() > 0);
    const std::size_t removed_before = removed.count();

    daemon.rewrite_config(config_yaml({}, {greenhouse_connection()}, {subscriber("added", added)}));
    auto outcome = reload_config(daemon);
    REQUIRE_MESSAGE(outcome.has_value(), daemon.log());
    REQUIRE_MESSAGE(log_fields(*outcome)["msg"] == "reloaded", *outcome);

    Response res = post_greenhouse(client, greenhouse_stage_change(6002), "gh-r-2");
    CHECK_MESSAGE(res.status == 200, res.status << " " << res.error << " " << res.body);
    CHECK(removed.count() == removed_before);
    REQUIRE(added.count() > 0);
    check_deliveries(added, {whsec("added")});
  }

  TEST_CASE("SIGHUP with a changed connection list takes effect") {
    Sink sink;
    TestDaemon daemon({}, {greenhouse_connection("old-greenhouse")}, {subscriber("all", sink)});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.port());
    const std::string body = greenhouse_stage_change(6101);
    REQUIRE(post_greenhouse(client, body, "gh-c-1", "old-greenhouse").status == 200);
    CHECK(post_greenhouse(client, body, "gh-c-2", "new-greenhouse").status == 404);

    daemon.rewrite_config(
        config_yaml({}, {greenhouse_connection("new-greenhouse")}, {subscriber("all", sink)}));
    auto outcome = reload_config(daemon);
    REQUIRE(outcome.has_value());
    REQUIRE_MESSAGE(log_fields(*outcome)["msg"] == "reloaded", *outcome);

    CHECK(post_greenhouse(client, body, "gh-c-3", "old-greenhouse").status == 404);
    const std::size_t before = sink.count();
    Response res = post_greenhouse(client, body, "gh-c-4", "new-greenhouse");
    CHECK_MESSAGE(res.status == 200, res.status << " " << res.body);
    CHECK(sink.count() > before);
    for (const auto& r : sink.requests()) check_delivery(r, {whsec("all")});
  }

  TEST_CASE("a broken file keeps the old config and says why") {
    Sink kept;
    Sink never;
    TestDaemon daemon({}, {greenhouse_connection()}, {subscriber("kept", kept)});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.port());

    SUBCASE("an unknown key") {
      std::string yaml = config_yaml({}, {greenhouse_connection()}, {subscriber("never", never)});
      daemon.rewrite_config(yaml + "no_such_section: true\n");
    }
    SUBCASE("not YAML at all") {
      daemon.rewrite_config("server: [unclosed\n  : :\n");
    }
    SUBCASE("a subscriber with a bad secret") {
      SubscriberSpec bad = subscriber("never", never);
      bad.secrets = {"not-a-whsec-secret"};
      daemon.rewrite_config(config_yaml({}, {greenhouse_connection()}, {bad}));
    }

    auto outcome = reload_config(daemon);
    REQUIRE_MESSAGE(outcome.has_value(), daemon.log());
    auto fields = log_fields(*outcome);
    CHECK_MESSAGE(fields["msg"] == "reload failed", *outcome);
    CHECK_MESSAGE(!fields["reason"].empty(), *outcome);
    CHECK(fields["level"] != "info");

    Response res = post_greenhouse(client, greenhouse_stage_change(6201), "gh-b-1");
    CHECK_MESSAGE(res.status == 200, res.status << " " << res.error << " " << res.body);
    CHECK(kept.count() > 0);
    CHECK(never.count() == 0);

    // Fixing the file and reloading again works.
    daemon.rewrite_config(config_yaml({}, {greenhouse_connection()}, {subscriber("never", never)}));
    auto fixed = reload_config(daemon);
    REQUIRE(fixed.has_value());
    CHECK_MESSAGE(log_fields(*fixed)["msg"] == "reloaded", *fixed);
    const std::size_t kept_before = kept.count();
    CHECK(post_greenhouse(client, greenhouse_stage_change(6202), "gh-b-2").status == 200);
    CHECK(never.count() > 0);
    CHECK(kept.count() == kept_before);
  }

  TEST_CASE("requests keep being served while reloading") {
    Sink sink;
    TestDaemon daemon({}, {greenhouse_connection()}, {subscriber("all", sink)});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());

    std::mutex mutex;
    std::condition_variable progressed;
    bool stop = false;
    int served = 0;
    int failed = 0;
    std::string first_failure;
    std::thread load([&] {
      HttpClient client(daemon.port());
      // Bounded: at most this many requests, whatever happens to the reloads.
      for (int i = 0; i < 20000; ++i) {
        Response res =
            i % 2 ? client.get("/healthz") : post_greenhouse(client, greenhouse_ping(), "gh-ping");
        std::lock_guard lock(mutex);
        if (res.status == 200) {
          ++served;
        } else if (failed++ == 0) {
          first_failure = std::to_string(res.status) + " " + res.error + " " + res.body;
        }
        progressed.notify_all();
        if (stop) break;
      }
    });
    // Waits until the load thread has had at least one more answer since the last look.
    int seen = 0;
    auto wait_for_progress = [&] {
      std::unique_lock lock(mutex);
      bool moved = progressed.wait_for(lock, kWait, [&] { return served + failed > seen; });
      seen = served + failed;
      return moved;
    };

    int reloaded = 0;
    for (int i = 0; i < 5; ++i) {
      CHECK(wait_for_progress());
      auto outcome = reload_config(daemon);
      if (outcome && log_fields(*outcome)["msg"] == "reloaded") ++reloaded;
    }
    CHECK(wait_for_progress());
    {
      std::lock_guard lock(mutex);
      stop = true;
    }
    load.join();
    CHECK(reloaded == 5);
    CHECK_MESSAGE(failed == 0, first_failure);
    CHECK(served > 0);
  }
}

}  // namespace weft::it
