// The one-shot commands: weftd normalize and weftd --check-config.
#include <doctest/doctest.h>

#include <sstream>

#include "integration/bodies.h"
#include "integration/common.h"
#include "providers/core/json.h"
#include "support/schema.h"

namespace weft::it {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

std::string member(const std::string& event, std::initializer_list<std::string_view> path) {
  json::Document doc;
  if (!json::parse(event, doc).empty()) return {};
  return json::text(json::find_path(doc, path)).value_or("");
}

}  // namespace

TEST_SUITE("cli") {
  TEST_CASE("normalize prints schema-valid unified events as JSON lines") {
    TempDir dir;
    const std::string file = dir.write("stage_change.json", greenhouse_stage_change(8001));
    CliResult run = run_weftd({"normalize", "--provider", "greenhouse", "--header",
                               "Greenhouse-Event-ID: gh-cli-1", file});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    auto events = lines_of(run.out);
    REQUIRE_FALSE(events.empty());
    bool stage_changed = false;
    for (const auto& e : events) {
      CAPTURE(e);
      CHECK(weft::test::schema_errors(e).empty());
      CHECK(member(e, {"provider"}) == "greenhouse");
      CHECK(member(e, {"source", "vendor_event_id"}) == "gh-cli-1");
      CHECK(member(e, {"id"}).starts_with("evt_"));
      stage_changed = stage_changed || member(e, {"type"}) == "ats.application.stage_changed";
    }
    CHECK(stage_changed);

    // Deterministic: the same payload and event id give the same event ids.
    CliResult again = run_weftd({"normalize", "--provider", "greenhouse", "--header",
                                 "Greenhouse-Event-ID: gh-cli-1", file});
    REQUIRE(again.exit_code == 0);
    auto events_again = lines_of(again.out);
    REQUIRE(events_again.size() == events.size());
    for (std::size_t i = 0; i < events.size(); ++i) {
      CHECK(member(events[i], {"id"}) == member(events_again[i], {"id"}));
    }
  }

  TEST_CASE("normalize handles Ashby payloads too") {
    TempDir dir;
    const std::string file =
        dir.write("ashby.json", ashby_stage_change("7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d"));
    CliResult run = run_weftd({"normalize", "--provider", "ashby", file});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    auto events = lines_of(run.out);
    REQUIRE_FALSE(events.empty());
    for (const auto& e : events) {
      CHECK(weft::test::schema_errors(e).empty());
      CHECK(member(e, {"provider"}) == "ashby");
    }
  }

  TEST_CASE("normalize answers a thin webhook's API reads from --api-dir, or says which it needs") {
    const std::string fixtures = std::string(WEFT_SOURCE_DIR) + "/tests/fixtures/lever";
    const std::string file = fixtures + "/candidate_hired.json";
    CliResult thin = run_weftd({"normalize", "--provider", "lever", file});
    CHECK(thin.exit_code == 1);
    CHECK_MESSAGE(thin.err.find("rejected: needs the vendor API: GET /v1/opportunities/") == 0,
                  thin.err);

    CliResult full = run_weftd({"normalize", "--provider", "lever", "--connection", "acme-lever",
                                "--tenant", "acme", "--api-dir", fixtures + "/api", file});
    REQUIRE_MESSAGE(full.exit_code == 0, full.err);
    auto events = lines_of(full.out);
    REQUIRE_FALSE(events.empty());
    bool hired = false;
    for (const auto& e : events) {
      CHECK(weft::test::schema_errors(e).empty());
      CHECK(member(e, {"data_mode"}) == "full");
      hired = hired || member(e, {"type"}) == "ats.application.hired";
    }
    CHECK(hired);
  }

  TEST_CASE("normalize refuses an unknown provider or a rejected payload") {
    TempDir dir;
    const std::string good = dir.write("good.json", greenhouse_stage_change());
    const std::string broken = dir.write("broken.json", R"({"action":"candidate_stage_change",)");

    CliResult unknown = run_weftd({"normalize", "--provider", "no-such-vendor", good});
    CHECK(unknown.exit_code > 0);
    CHECK_FALSE(unknown.err.empty());
    CHECK(unknown.out.empty());

    CliResult rejected = run_weftd({"normalize", "--provider", "greenhouse", broken});
    CHECK(rejected.exit_code > 0);
    CHECK_FALSE(rejected.err.empty());
    CHECK(rejected.out.empty());

    CliResult no_file = run_weftd({"normalize", "--provider", "greenhouse", dir.path() + "/none"});
    CHECK(no_file.exit_code > 0);
    CHECK_FALSE(no_file.err.empty());
  }

  TEST_CASE("check-config accepts a good file without printing its secrets") {
    TempDir dir;
    const std::string path =
        dir.write("good.yaml", config_yaml({}, {greenhouse_connection(), ashby_connection()},
                                           {subscriber("printer", "http://127.0.0.1:9/events")}));
    CliResult run = run_weftd({"--check-config", path});
    CHECK_MESSAGE(run.exit_code == 0, run.err);
    CHECK_FALSE(run.out.empty());
    for (const auto& secret : {kGreenhouseSecret, kAshbySecret, whsec("printer")}) {
      CHECK(run.out.find(secret) == std::string::npos);
      CHECK(run.err.find(secret) == std::string::npos);
    }
  }

  TEST_CASE("check-config rejects a bad file with file:line: key.path: reason") {
    TempDir dir;
    // Line numbers below count from 1 in these exact texts.
    SUBCASE("an unknown key") {
      const std::string path = dir.write("bad.yaml",
                                         "server:\n"
                                         "  listen: 127.0.0.1:0\n"
                                         "  ack_budgett: 3s\n"
                                         "connections: []\n"
                                         "subscribers: []\n");
      CliResult run = run_weftd({"--check-config", path});
      CHECK(run.exit_code > 0);
      CHECK_MESSAGE(run.err.find(path + ":3: server.ack_budgett") != std::string::npos, run.err);
    }
    // A subscriber entry whose last line (line 9) is `extra`.
    auto with_subscriber_line = [](const std::string& extra) {
      return "server:\n"
             "  listen: 127.0.0.1:0\n"
             "connections: []\n"
             "subscribers:\n"
             "  - id: printer\n"
             "    url: http://127.0.0.1:9/events\n"
             "    events: [\"ats.*\"]\n"
             "    secrets: [" +
             whsec("printer") + "]\n" + extra + "\n";
    };
    SUBCASE("a bad duration") {
      const std::string path = dir.write("bad.yaml", with_subscriber_line("    timeout: soon"));
      CliResult run = run_weftd({"--check-config", path});
      CHECK(run.exit_code > 0);
      CHECK_MESSAGE(run.err.find(path + ":9: subscribers[0].timeout") != std::string::npos,
                    run.err);
    }
    SUBCASE("a subscriber naming an unknown connection") {
      const std::string path =
          dir.write("bad.yaml", with_subscriber_line("    connections: [nowhere]"));
      CliResult run = run_weftd({"--check-config", path});
      CHECK(run.exit_code > 0);
      CHECK_MESSAGE(run.err.find(path + ":9: subscribers[0].connections") != std::string::npos,
                    run.err);
    }
    SUBCASE("a missing file") {
      CliResult run = run_weftd({"--check-config", dir.path() + "/none.yaml"});
      CHECK(run.exit_code > 0);
      CHECK(run.err.find("none.yaml") != std::string::npos);
    }
  }

  TEST_CASE("weftd refuses to start on a bad config and says why") {
    TempDir dir;
    const std::string path = dir.write("bad.yaml", "server:\n  listen: 127.0.0.1:0\n  bogus: 1\n");
    CliResult run = run_weftd({"--config", path});
    CHECK(run.exit_code > 0);
    CHECK_MESSAGE(run.err.find(path + ":3: server.bogus") != std::string::npos, run.err);
  }
}

}  // namespace weft::it
