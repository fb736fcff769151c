// The chaos test: thousands of signed Greenhouse webhooks from several vendor threads while
// one subscriber flaps (accepts, refuses, times out, disappears) and weftd is SIGKILLed and
// restarted on the same spool. In the end every event a vendor was told was accepted has
// reached both subscribers at least once, in per-subject order, with valid signatures.
//
// Which events to expect: `weftd normalize` on one of the webhooks tells which event types a
// stage change gives (in order) and that they all have the application as subject. Every
// delivered body names its vendor delivery id (source.vendor_event_id) and its type, so an
// accepted webhook's events are found by (delivery id, type), a key the test knows in advance
// without recomputing weftd's event ids; the event id (webhook-id) of each key must then be
// the same in every delivery of it.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <sstream>

#include "integration/chaos_load.h"
#include "integration/common.h"
#include "providers/core/json.h"

namespace weft::it {
namespace {

constexpr long kFirstSubject = 610000;  // application ids kFirstSubject ...
constexpr int kSubjects = 150;
constexpr int kPerSubject = 20;  // 3000 webhooks
constexpr int kVendors = 6;
constexpr int kKills = 4;
// Each vendor starts a webhook at most every kPace: 3000 webhooks take about 20 s, long
// enough for dozens of flapping phases and kills spread over the load.
constexpr Millis kPace{40};

// The event types one stage-change webhook gives, in weftd's order, from `weftd normalize`.
std::vector<std::string> types_of(const Webhook& w, std::string& problem) {
  TempDir dir;
  const std::string file = dir.write("webhook.json", w.body);
  CliResult run = run_weftd(
      {"normalize", "--provider", "greenhouse", "--header", "Greenhouse-Event-ID: probe", file});
  if (run.exit_code != 0) {
    problem = "normalize exited " + std::to_string(run.exit_code);
    return {};
  }
  std::vector<std::string> types;
  std::istringstream lines(run.out);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    json::Document doc;
    if (!json::parse(line, doc).empty()) {
      problem = "normalize printed a line that is not JSON";
      return {};
    }
    auto remote = json::text(json::find_path(doc, {"subject", "remote_id"}));
    if (remote != std::to_string(w.subject)) {
      problem = "an event's subject is not the application";
      return {};
    }
    types.push_back(json::text(json::find(doc, "type")).value_or(""));
  }
  return types;
}

std::string key_of(const std::string& delivery_id, const std::string& type) {
  return delivery_id + "|" + type;
}

// One delivery as the subscriber saw it.
struct Seen {
  std::string key;       // (vendor delivery id, type); empty when the body did not parse
  std::string event_id;  // the webhook-id header
  std::string subject;   // subject.remote_id
  bool id_matches = false;
  bool signature_ok = false;
  bool accepted = false;  // answered 2xx
};

// A sink's deliveries in arrival order, each parsed once (bodies do not change; whether a
// held one has been answered may, so that is read again on every refresh).
class SinkView {
 public:
  SinkView(const Sink& sink, std::string secret) : sink_(sink), secret_(std::move(secret)) {}

  void refresh() {
    const auto records = sink_.requests();
    answered_ = 0;
    for (std::size_t i = 0; i < records.size(); ++i) {
      const Recorded& r = records[i];
      if (i == seen_.size()) seen_.push_back(parse(r));
      seen_[i].accepted = r.answered >= 200 && r.answered < 300;
      if (r.answered != 0) ++answered_;
    }
  }

  std::size_t missing(const std::set<std::string>& expected) const {
    std::set<std::string> got;
    for (const auto& s : seen_) {
      if (s.accepted) got.insert(s.key);
    }
    std::size_t n = 0;
    for (const auto& k : expected) n += got.count(k) == 0;
    return n;
  }

  const std::vector<Seen>& seen() const { return seen_; }
  std::size_t answered() const { return answered_; }

 private:
  Seen parse(const Recorded& r) const {
    Seen s;
    s.event_id = r.header("webhook-id");
    s.signature_ok = standard_signature_matches(secret_, s.event_id, r.header("webhook-timestamp"),
                                                r.body, r.header("webhook-signature"));
    json::Document doc;
    if (!json::parse(r.body, doc).empty() || !doc.IsObject()) return s;
    auto vendor_id = json::text(json::find_path(doc, {"source", "vendor_event_id"}));
    auto type = json::text(json::find(doc, "type"));
    if (vendor_id && type) s.key = key_of(*vendor_id, *type);
    s.subject = json::text(json::find_path(doc, {"subject", "remote_id"})).value_or("");
    s.id_matches = json::text(json::find(doc, "id")) == s.event_id;
    return s;
  }

  const Sink& sink_;
  std::string secret_;
  std::vector<Seen> seen_;
  std::size_t answered_ = 0;
};

struct SinkFigures {
  std::size_t requests = 0, accepted = 0, distinct = 0, duplicates = 0;
  std::size_t bad_signatures = 0, id_mismatches = 0, unparsed = 0, out_of_order_subjects = 0;
  std::string first_disorder;
};

// Checks one sink against what the vendors were told; `event_ids` collects key -> event id
// across sinks so a key delivered under two ids is caught.
SinkFigures check_sink(const SinkView& view, const std::map<long, std::vector<std::string>>& order,
                       const std::set<std::string>& expected,
                       std::map<std::string, std::set<std::string>>& event_ids) {
  SinkFigures f;
  std::set<std::string> accepted_ids;
  std::set<std::string> first_seen;
  std::map<std::string, std::vector<std::string>> arrivals;  // subject -> keys, first arrivals
  for (const auto& s : view.seen()) {
    ++f.requests;
    f.bad_signatures += !s.signature_ok;
    f.id_mismatches += !s.id_matches;
    if (s.key.empty()) {
      ++f.unparsed;
      continue;
    }
    event_ids[s.key].insert(s.event_id);
    if (s.accepted) {
      ++f.accepted;
      if (!accepted_ids.insert(s.event_id).second) ++f.duplicates;
    }
    if (expected.count(s.key) && first_seen.insert(s.key).second) {
      arrivals[s.subject].push_back(s.key);
    }
  }
  f.distinct = accepted_ids.size();
  for (const auto& [subject, keys] : order) {
    const auto& got = arrivals[std::to_string(subject)];
    if (got != keys) {
      ++f.out_of_order_subjects;
      if (f.first_disorder.empty()) {
        auto at = std::mismatch(keys.begin(), keys.end(), got.begin(), got.end());
        f.first_disorder = "subject " + std::to_string(subject) + ": expected " +
                           (at.first == keys.end() ? "end" : *at.first) + ", got " +
                           (at.second == got.end() ? "end" : *at.second) + " at position " +
                           std::to_string(at.first - keys.begin());
      }
    }
  }
  return f;
}

SubscriberSpec chaos_subscriber(const std::string& id, const Sink& sink) {
  SubscriberSpec s = subscriber(id, sink);
  s.timeout = "1s";
  // 20 retries (the most a schedule may have), so a pair survives many bad phases in a row.
  s.extra = {
      "retry: {schedule: [100ms, 200ms, 400ms, 800ms, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, "
      "1s, 1s, 1s, 1s, 1s, 1s], max_age: 1h}",
      "max_in_flight: 8"};
  return s;
}

}  // namespace

TEST_SUITE("chaos") {
  TEST_CASE("chaos: flapping subscriber and SIGKILLed weftd lose no accepted event") {
    const auto started = std::chrono::steady_clock::now();
    std::vector<Webhook> webhooks = chaos_webhooks(kFirstSubject, kSubjects, kPerSubject);
    std::string problem;
    const std::vector<std::string> types = types_of(webhooks.front(), problem);
    REQUIRE_MESSAGE(problem.empty(), problem);
    REQUIRE_FALSE(types.empty());

    Sink steady;
    Sink flappy;
    TempDir dir;
    ServerSpec server;
    server.ack_budget = "1s";
    server.spool_path = dir.path() + "/spool";
    const std::string config = dir.write(
        "weftd.yaml",
        config_yaml(server, {greenhouse_connection()},
                    {chaos_subscriber("steady", steady), chaos_subscriber("flappy", flappy)}));
    RestartingWeftd weftd(config);
    REQUIRE_MESSAGE(weftd.endpoint().port != 0, weftd.last_log());

    LoadResult load;
    std::size_t flaps = 0;
    {
      Flapper flapper(flappy, 20261129);
      VendorLoad vendors(weftd, std::move(webhooks), kVendors, kPace, started + 60s);
      const std::size_t total = static_cast<std::size_t>(kSubjects) * kPerSubject;
      for (int k = 1; k <= kKills; ++k) {
        vendors.wait_accepted(total * k / (kKills + 1), 60s);
        // Every other kill waits for the subscriber to hold requests and for one more to
        // arrive, so deliveries and vendor requests waiting on them are cut off mid-flight.
        if (k % 2 == 0 && flapper.wait_for_phase(Flapper::Phase::timeout, 10s)) {
          flappy.wait_for_count(flappy.count() + 1, 2s);
        }
        // The others wait for the subscriber to be gone and for vendors to be answered
        // meanwhile: those pairs exist only in the spool, so the restart must replay them.
        if (k % 2 == 1 && flapper.wait_for_phase(Flapper::Phase::disappear, 10s)) {
          vendors.wait_accepted(vendors.accepted() + 6, 2s);
        }
        const std::string failed = weftd.kill_and_restart();
        REQUIRE_MESSAGE(failed.empty(), failed << "\n" << weftd.last_log());
      }
      load = vendors.join();
      flapper.stop();
      flaps = flapper.phases();
    }
    const auto load_done = std::chrono::steady_clock::now();

    // What the vendors were told was accepted, per subject in the order of their 2xx.
    std::map<long, std::vector<std::string>> order;
    std::set<std::string> expected;
    for (const auto& [subject, deliveries] : load.accepted) {
      for (const auto& d : deliveries) {
        for (const auto& t : types) {
          order[subject].push_back(key_of(d, t));
          expected.insert(key_of(d, t));
        }
      }
    }

    // Wait (bounded, woken by each answer a sink gives) until both sinks accepted every
    // expected event.
    SinkView steady_view(steady, whsec("steady"));
    SinkView flappy_view(flappy, whsec("flappy"));
    const auto until = std::chrono::steady_clock::now() + 60s;
    for (;;) {
      steady_view.refresh();
      flappy_view.refresh();
      const bool steady_done = steady_view.missing(expected) == 0;
      const bool flappy_done = flappy_view.missing(expected) == 0;
      const auto now = std::chrono::steady_clock::now();
      if ((steady_done && flappy_done) || now >= until) break;
      Sink& sink = steady_done ? flappy : steady;
      const SinkView& view = steady_done ? flappy_view : steady_view;
      const auto left = std::chrono::duration_cast<Millis>(until - now);
      sink.wait_for_answered(view.answered() + 1, std::min<Millis>(left, 2s));
    }
    const auto elapsed = std::chrono::steady_clock::now() - started;

    std::map<std::string, std::set<std::string>> event_ids;
    const SinkFigures s = check_sink(steady_view, order, expected, event_ids);
    const SinkFigures f = check_sink(flappy_view, order, expected, event_ids);
    std::size_t keys_with_two_ids = 0;
    for (const auto& [key, ids] : event_ids) keys_with_two_ids += ids.size() > 1;
    const std::size_t dead_letters = weftd.log_lines("dead letter").size();
    const std::size_t breaker_changes = weftd.log_lines("circuit breaker").size();
    // What each start found in the spool (msg=opened records=N torn=N corrupt=N).
    std::size_t replayed = 0, torn = 0, corrupt = 0;
    for (const auto& line : weftd.log_lines("opened")) {
      auto fields = log_fields(line);
      replayed += std::stoul("0" + fields["records"]);
      torn += std::stoul("0" + fields["torn"]);
      corrupt += std::stoul("0" + fields["corrupt"]);
    }
    CHECK_MESSAGE(replayed > 0, "no restart found anything in the spool: replay untested");
    auto secs = [](auto d) { return std::chrono::duration_cast<Millis>(d).count() / 1000.0; };

    MESSAGE("chaos: webhooks " << load.webhooks << ", vendor requests " << load.requests
                               << ", accepted " << load.accepted_count << ", 503s "
                               << load.answered_503 << ", transport errors "
                               << load.transport_errors << ", restarts " << weftd.restarts()
                               << ", flapping phases " << flaps << ", events expected "
                               << expected.size() << ", dead letters " << dead_letters
                               << ", breaker changes " << breaker_changes
                               << ", spool records replayed " << replayed << " (torn " << torn
                               << ", corrupt " << corrupt << ")");
    MESSAGE("chaos: steady: deliveries "
            << s.requests << ", accepted " << s.accepted << ", distinct " << s.distinct
            << ", duplicates " << s.duplicates << ", missing " << steady_view.missing(expected));
    MESSAGE("chaos: flappy: deliveries "
            << f.requests << ", accepted " << f.accepted << ", distinct " << f.distinct
            << ", duplicates " << f.duplicates << ", missing " << flappy_view.missing(expected));
    MESSAGE("chaos: load " << secs(load_done - started) << " s, total " << secs(elapsed) << " s");

    CHECK(weftd.restarts() == kKills);
    CHECK_MESSAGE(load.unexpected == 0, load.unexpected_sample);
    CHECK(load.given_up == 0);
    CHECK(load.accepted_count == load.webhooks);
    CHECK(dead_letters == 0);
    CHECK(steady_view.missing(expected) == 0);
    CHECK(flappy_view.missing(expected) == 0);
    for (const SinkFigures* figures : {&s, &f}) {
      CHECK(figures->bad_signatures == 0);
      CHECK(figures->id_mismatches == 0);
      CHECK(figures->unparsed == 0);
      CHECK_MESSAGE(figures->out_of_order_subjects == 0, figures->first_disorder);
    }
    CHECK(keys_with_two_ids == 0);
  }
}

}  // namespace weft::it
