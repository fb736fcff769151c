// The sandbox: its generator (deterministic, coherent, signed) and its provider (verify,
// normalize into EVENTS.md's model), checked against each other and against schema/.
#include <doctest/doctest.h>

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "providers/core/crypto.h"
#include "providers/core/envelope.h"
#include "providers/core/json.h"
#include "providers/core/timestamps.h"
#include "providers/sandbox/generator.h"
#include "providers/sandbox/sandbox.h"
#include "providers/sandbox/story.h"
#include "support/golden.h"
#include "support/schema.h"

namespace weft {
namespace {

using sandbox::Generator;
using sandbox::SandboxWebhook;

constexpr std::string_view kNow = "2026-04-02T09:15:00Z";
constexpr std::string_view kReceivedAt = "2026-04-02T09:15:03Z";
constexpr std::string_view kSecret = "sandbox-demo-secret";

ConnectionInfo connection(std::string secret = std::string(kSecret)) {
  return {"demo-sandbox", "demo", "sandbox", "sandbox", {std::move(secret)}};
}

Headers headers_of(const SandboxWebhook& hook) {
  Headers headers;
  for (const auto& h : hook.headers) headers.add(h.name, h.value);
  return headers;
}

Verification verify(const SandboxWebhook& hook, const ConnectionInfo& conn) {
  Headers headers = headers_of(hook);
  return sandbox_provider.verify(VendorRequest{headers, hook.body, {}}, conn);
}

Normalized normalize_body(std::string_view body, const ConnectionInfo& conn,
                          std::string_view received_at = kReceivedAt) {
  Headers headers;
  return sandbox_provider.normalize(VendorRequest{headers, body, {}},
                                    NormalizeContext{conn, received_at});
}

std::vector<std::string> types_of(const Normalized& n) {
  std::vector<std::string> types;
  for (const auto& e : n.events) types.push_back(e.type);
  return types;
}

json::Document parse(std::string_view text) {
  json::Document doc;
  REQUIRE(json::parse(text, doc).empty());
  return doc;
}

std::string text_at(const json::Value& v, std::initializer_list<std::string_view> path) {
  return json::text(json::find_path(v, path)).value_or("<absent>");
}

// Seals like the daemon does for sandbox connections, and checks every event's shape.
std::vector<UnifiedEvent> seal_checked(Normalized& n, const ConnectionInfo& conn,
                                       std::string_view body, std::string_view received_at) {
  auto events = seal(n, SealInput{conn, received_at, body, "sandbox", true});
  for (const auto& e : events) {
    auto errors = test::schema_errors(e.body);
    CHECK_MESSAGE(errors.empty(), e.type, ": ", errors);
  }
  return events;
}

const std::map<std::string, std::vector<std::string>> kExpectedTypes = {
    {"application_created", {"ats.application.created"}},
    {"stage_changed", {"ats.application.updated", "ats.application.stage_changed"}},
    {"interview_scheduled", {"ats.interview.created", "ats.interview.scheduled"}},
    {"offer_created", {"ats.offer.created"}},
    {"offer_accepted", {"ats.offer.updated", "ats.offer.accepted"}},
    {"rejected", {"ats.application.updated", "ats.application.rejected"}},
    {"hired", {"ats.application.updated", "ats.application.hired"}},
    {"candidate_updated", {"ats.candidate.updated"}},
    {"job_opened", {"ats.job.created", "ats.job.opened"}},
    {"candidate_created", {"ats.candidate.created"}},
};

TEST_CASE("sandbox: the scenarios the brief names are all offered") {
  auto names = sandbox::scenario_names();
  std::set<std::string_view> offered(names.begin(), names.end());
  for (std::string_view name :
       {"application_created", "stage_changed", "interview_scheduled", "offer_created",
        "offer_accepted", "rejected", "hired", "candidate_updated", "job_opened"}) {
    CHECK_MESSAGE(offered.count(name) == 1, name);
  }
  CHECK_FALSE(Generator(1).scenario("no_such_scenario", 0, kNow, kSecret).has_value());
}

TEST_CASE("sandbox: every scenario verifies with its secret and with no other") {
  Generator gen(42);
  for (std::string_view name : sandbox::scenario_names()) {
    CAPTURE(name);
    auto hook = gen.scenario(name, 3, kNow, kSecret);
    REQUIRE(hook.has_value());
    CHECK(verify(*hook, connection()).ok);
    auto wrong = verify(*hook, connection("another-secret"));
    CHECK_FALSE(wrong.ok);
    CHECK(wrong.reason == "Weft-Sandbox-Signature does not match");

    // Rotation: the right secret anywhere in the list is enough.
    ConnectionInfo rotating = connection("old-secret");
    rotating.secrets.push_back(std::string(kSecret));
    CHECK(verify(*hook, rotating).ok);

    SandboxWebhook tampered = *hook;
    tampered.body.back() = ' ';
    CHECK_FALSE(verify(tampered, connection()).ok);
  }
}

TEST_CASE("sandbox: a missing or malformed signature header is refused with a reason") {
  auto hook = *Generator(1).scenario("hired", 0, kNow, kSecret);
  SandboxWebhook bare = hook;
  bare.headers.clear();
  CHECK(verify(bare, connection()).reason == "missing Weft-Sandbox-Signature header");

  SandboxWebhook unprefixed = hook;
  for (auto& h : unprefixed.headers) {
    if (h.name == "Weft-Sandbox-Signature") h.value = h.value.substr(7);
  }
  CHECK(verify(unprefixed, connection()).reason ==
        "Weft-Sandbox-Signature lacks the 'sha256=' prefix");
}

TEST_CASE("sandbox: every scenario normalizes into the expected event types") {
  Generator gen(42);
  for (const auto& [name, expected] : kExpectedTypes) {
    CAPTURE(name);
    auto hook = gen.scenario(name, 5, kNow, kSecret);
    REQUIRE(hook.has_value());
    auto n = normalize_body(hook->body, connection());
    REQUIRE_MESSAGE(n.error.empty(), n.error);
    CHECK_FALSE(n.reply.has_value());
    CHECK(types_of(n) == expected);
    CHECK(n.vendor_event_type == hook->kind);
    CHECK(n.vendor_event_id == text_at(parse(hook->body), {"event_id"}));
    for (const auto& e : n.events) CHECK(e.occurred_at == kNow);
    auto events = seal_checked(n, connection(), hook->body, kReceivedAt);
    CHECK(events.size() == expected.size());
  }
}

TEST_CASE("sandbox: ping is answered 200 with no events") {
  auto hook = *Generator(1).scenario("ping", 0, kNow, kSecret);
  CHECK(hook.kind == "ping");
  CHECK(verify(hook, connection()).ok);
  auto n = normalize_body(hook.body, connection());
  CHECK(n.error.empty());
  REQUIRE(n.reply.has_value());
  CHECK(n.reply->status == 200);
  CHECK(n.events.empty());
}

TEST_CASE("sandbox: bad bodies are rejected with one-line reasons") {
  CHECK(normalize_body(R"({"event_id":"sbx_1","event":"application.teleported","data":{}})",
                       connection())
            .error == "unknown sandbox event 'application.teleported'");

  std::string malformed = R"({"event": "application.created",)";
  json::Document scratch;
  std::string reason = json::parse(malformed, scratch);
  REQUIRE_FALSE(reason.empty());
  CHECK(normalize_body(malformed, connection()).error == reason);

  CHECK(normalize_body("[1,2]", connection()).error == "sandbox body is not a JSON object");
  CHECK(normalize_body(R"({"data":{}})", connection()).error == "sandbox body lacks 'event'");
  CHECK(normalize_body(R"({"event":"application.hired","data":{}})", connection()).error ==
        "sandbox application.hired lacks data.application");
  CHECK(normalize_body(R"({"event":"job.created","data":{"job":{"title":"x"}}})", connection())
            .error == "sandbox job.created lacks data.job.id");
}

TEST_CASE("sandbox: a draft job is created but not opened; a bad occurred_at falls back") {
  auto n = normalize_body(R"({"event_id":"sbx_2","event":"job.created","occurred_at":"yesterday",)"
                          R"("data":{"job":{"id":7,"title":"Draft role","status":"draft"}}})",
                          connection());
  REQUIRE(n.error.empty());
  CHECK(types_of(n) == std::vector<std::string>{"ats.job.created"});
  CHECK(n.events[0].occurred_at.empty());
  auto events = seal_checked(n, connection(), "", kReceivedAt);
  CHECK(text_at(parse(events[0].body), {"occurred_at"}) == kReceivedAt);
}

TEST_CASE("sandbox: occurred_at is kept in UTC, whatever offset the wire gives") {
  auto with_time = [](std::string_view at) {
    std::string body = R"({"event_id":"sbx_3","event":"job.created","occurred_at":")";
    body.append(at).append(R"(","data":{"job":{"id":7,"title":"Role","status":"draft"}}})");
    auto n = normalize_body(body, connection());
    REQUIRE(n.events.size() == 1);
    return n.events[0].occurred_at;
  };
  CHECK(with_time(kNow) == kNow);
  CHECK(with_time("2026-04-02T11:15:00.250+02:00") == kNow);
  CHECK(with_time("2026-02-31T09:15:00Z").empty());
}

TEST_CASE("sandbox: the generator is a pure function of seed and sequence") {
  Generator a(7), b(7);
  std::set<std::string> ids;
  for (uint64_t seq = 0; seq < 40; ++seq) {
    auto x = a.next(seq, kNow, kSecret), y = b.next(seq, kNow, kSecret);
    CHECK(x.body == y.body);
    CHECK(x.kind == y.kind);
    REQUIRE(x.headers.size() == y.headers.size());
    for (size_t i = 0; i < x.headers.size(); ++i) {
      CHECK(x.headers[i].name == y.headers[i].name);
      CHECK(x.headers[i].value == y.headers[i].value);
    }
    ids.insert(text_at(parse(x.body), {"event_id"}));
  }
  CHECK(ids.size() == 40);  // a different sequence, a different event id

  // Scenario ids never collide with the story's, nor with each other.
  for (std::string_view name : sandbox::scenario_names()) {
    auto s1 = a.scenario(name, 1, kNow, kSecret), s2 = b.scenario(name, 1, kNow, kSecret);
    CHECK(s1->body == s2->body);
    CHECK(ids.insert(text_at(parse(s1->body), {"event_id"})).second);
  }

  // Another seed tells another story; the secret changes only the signature.
  CHECK(Generator(8).next(20, kNow, kSecret).body != a.next(20, kNow, kSecret).body);
  auto other_secret = a.next(20, kNow, "x");
  CHECK(other_secret.body == a.next(20, kNow, kSecret).body);
  CHECK(verify(other_secret, connection("x")).ok);
}

TEST_CASE("sandbox: history is dated back by the daemon's own interval") {
  using namespace std::chrono_literals;
  const int64_t start = *parse_timestamp(kNow);
  auto applied_at = [&](const Generator& gen, int64_t tick, uint64_t seq) {
    auto now = format_timestamp(start + static_cast<int64_t>(seq) * tick);
    auto body = parse(gen.next(seq, now, kSecret).body);
    return text_at(body, {"data", "application", "applied_at"});
  };
  // Sequences 8 and 14 are events of the first application (created, then moved on).
  Generator slow(1, 5s);
  CHECK(applied_at(slow, 5, 8) == applied_at(slow, 5, 14));
  CHECK(applied_at(slow, 5, 8) == format_timestamp(start + 8 * 5));
  // Told the wrong pace, the story drifts: the interval is what keeps it still.
  CHECK(applied_at(Generator(1, 2s), 5, 8) != applied_at(Generator(1, 2s), 5, 14));
}

TEST_CASE("sandbox: the story plays each application's steps in order, without gaps") {
  std::map<uint64_t, size_t> next_step;  // application number -> the step expected next
  std::set<size_t> jobs_opened;
  for (uint64_t seq = 0; seq < 2000; ++seq) {
    auto point = sandbox::story_at(3, seq);
    if (point.job) {
      CHECK(seq < 5);
      jobs_opened.insert(*point.job);
      continue;
    }
    CHECK(point.step == next_step[point.plan.number]);
    CHECK(point.plan.steps.size() == sandbox::make_plan(3, point.plan.number).steps.size());
    next_step[point.plan.number] = point.step + 1;
  }
  CHECK(jobs_opened.size() == 5);
  // Each of the three tracks runs its applications back to back: none is skipped, and one
  // starts only after the one before it on its track has finished.
  for (const auto& [number, step] : next_step) {
    if (number < 3) continue;
    REQUIRE(next_step.count(number - 3) == 1);
    CHECK(next_step[number - 3] == sandbox::make_plan(3, number - 3).steps.size());
  }
  CHECK(next_step.size() > 200);
}

// The first 200 events as the daemon would drive them: one every 2 s, all signed, all
// normalized, every sealed event valid, and the story coherent across events.
TEST_CASE("sandbox: the first 200 events verify, normalize, validate and tell one story") {
  Generator gen(1);
  ConnectionInfo conn = connection();
  const int64_t start = *parse_timestamp(kNow);
  std::map<std::string, int> seen_types;
  std::map<std::string, std::string> applied_at;     // application id -> applied_at
  std::map<std::string, std::string> current_stage;  // application id -> stage remote id
  std::set<std::string> created, finished, candidates, jobs;
  size_t events_total = 0;

  for (uint64_t seq = 0; seq < 200; ++seq) {
    CAPTURE(seq);
    const auto stage_before = current_stage;  // one webhook's events share one "before"
    std::string now = format_timestamp(start + static_cast<int64_t>(seq) * 2);
    auto hook = gen.next(seq, now, kSecret);
    REQUIRE(verify(hook, conn).ok);
    auto n = normalize_body(hook.body, conn, now);
    REQUIRE_MESSAGE(n.error.empty(), n.error);
    REQUIRE_FALSE(n.events.empty());
    auto events = seal_checked(n, conn, hook.body, now);
    events_total += events.size();

    for (const auto& e : events) {
      ++seen_types[e.type];
      auto doc = parse(e.body);
      const json::Value& data = *json::find(doc, "data");
      std::string entity = text_at(doc, {"subject", "entity"});
      std::string id = text_at(data, {"id"});
      CHECK(id == e.subject_id);
      CHECK(text_at(doc, {"occurred_at"}) == now);
      if (entity == "job") jobs.insert(id);
      if (entity == "candidate") candidates.insert(id);
      if (entity == "interview" || entity == "offer") {
        CHECK(created.count(text_at(data, {"application_id"})) == 1);
      }
      if (entity != "application") continue;

      // References point at records the story already introduced.
      CHECK(candidates.count(text_at(data, {"candidate_id"})) == 1);
      CHECK(jobs.count(text_at(data, {"job_id"})) == 1);
      CHECK(finished.count(id) == 0);  // nothing happens after hired or rejected
      if (e.type == "ats.application.created") {
        CHECK(created.insert(id).second);
        applied_at[id] = text_at(data, {"applied_at"});
      }
      REQUIRE(created.count(id) == 1);
      CHECK(text_at(data, {"applied_at"}) == applied_at[id]);  // stable while time passes
      if (e.type == "ats.application.stage_changed") {
        CHECK(text_at(doc, {"previous", "current_stage", "remote_id"}) == stage_before.at(id));
      }
      current_stage[id] = text_at(data, {"current_stage", "remote_id"});
      if (e.type == "ats.application.rejected") {
        CHECK(text_at(data, {"status"}) == "rejected");
        CHECK(text_at(data, {"rejected_at"}) == now);
        CHECK(text_at(data, {"rejection", "reason_name"}) != "<absent>");
      }
      if (e.type == "ats.application.hired") {
        CHECK(text_at(data, {"status"}) == "hired");
        CHECK(text_at(data, {"current_stage", "category"}) == "offer");
      }
    }
    for (const auto& e : events) {
      if (e.type == "ats.application.rejected" || e.type == "ats.application.hired") {
        finished.insert(e.subject_id);
      }
    }
  }
  CHECK(events_total > 200);
  for (const char* type :
       {"ats.job.created", "ats.job.opened", "ats.candidate.created", "ats.candidate.updated",
        "ats.application.created", "ats.application.updated", "ats.application.stage_changed",
        "ats.application.rejected", "ats.application.hired", "ats.interview.created",
        "ats.interview.scheduled", "ats.offer.created", "ats.offer.updated",
        "ats.offer.accepted"}) {
    CHECK_MESSAGE(seen_types[type] > 0, type);
  }
}

TEST_CASE("sandbox: records follow EVENTS.md, with enums mapped and the vendor's value kept") {
  Generator gen(5);
  ConnectionInfo conn = connection();
  NormalizeContext ctx{conn, kReceivedAt};

  SUBCASE("stage change: previous stage, changed fields, references") {
    auto hook = *gen.scenario("stage_changed", 2, kNow, kSecret);
    auto n = normalize_body(hook.body, conn);
    REQUIRE(n.events.size() == 2);
    auto wire = parse(hook.body);
    const auto& app = *json::find_path(wire, {"data", "application"});
    const auto& d = n.events[1].data;
    CHECK(text_at(d, {"candidate_id"}) ==
          ctx.unified_id("candidate", text_at(app, {"candidate_id"})));
    CHECK(text_at(d, {"job_id"}) == ctx.unified_id("job", text_at(app, {"job_id"})));
    CHECK(text_at(d, {"status"}) == "active");
    CHECK(text_at(d, {"status_raw"}) == "open");
    CHECK(text_at(d, {"current_stage", "remote_id"}) == text_at(app, {"stage", "id"}));
    CHECK(text_at(d, {"current_stage", "id"}) ==
          ctx.unified_id("stage", text_at(app, {"stage", "id"})));
    CHECK(text_at(d, {"stage_category"}) == text_at(d, {"current_stage", "category"}));
    CHECK(n.events[1].changed_fields ==
          std::vector<std::string>{"current_stage", "stage_category"});
    CHECK(text_at(n.events[1].previous, {"current_stage", "remote_id"}) ==
          text_at(wire, {"data", "previous_attributes", "stage", "id"}));
    CHECK(n.events[0].changed_fields == n.events[1].changed_fields);
    CHECK(n.events[0].subject.candidate_remote_id == text_at(app, {"candidate_id"}));
  }

  SUBCASE("rejection: reason mapped, note kept, status and time set") {
    auto hook = *gen.scenario("rejected", 2, kNow, kSecret);
    auto n = normalize_body(hook.body, conn);
    const auto& d = n.events[1].data;
    CHECK(text_at(d, {"status"}) == "rejected");
    CHECK(text_at(d, {"rejected_at"}) == kNow);
    CHECK(text_at(d, {"rejection", "rejected_at"}) == kNow);
    auto type = text_at(d, {"rejection", "reason_type"});
    CHECK((type == "rejected_by_company" || type == "rejected_by_candidate"));
    CHECK(text_at(d, {"rejection", "note"}) != "<absent>");
    CHECK(n.events[1].changed_fields ==
          std::vector<std::string>{"status", "rejected_at", "rejection"});
    // The note is free text about a person: its old value is never carried in previous.
    CHECK(json::find(n.events[1].previous, "rejection") == nullptr);
    CHECK(text_at(n.events[1].previous, {"status"}) == "active");
  }

  SUBCASE("candidate update: personal fields named, never their old values") {
    auto hook = *gen.scenario("candidate_updated", 2, kNow, kSecret);
    auto n = normalize_body(hook.body, conn);
    const auto& e = n.events[0];
    CHECK(e.subject.candidate_remote_id == e.subject.remote_id);
    CHECK(e.changed_fields == std::vector<std::string>{"phone_numbers", "tags"});
    CHECK(json::find(e.previous, "phone_numbers") == nullptr);
    REQUIRE(json::find(e.previous, "tags") != nullptr);
    const auto& email = (*json::find(e.data, "emails"))[0];
    CHECK(text_at(email, {"address"}).ends_with("@example.com"));
    CHECK(json::boolean(email, "is_primary") == true);
    CHECK(text_at((*json::find(e.data, "urls"))[0], {"type"}) == "personal");
    CHECK(text_at((*json::find(e.data, "urls"))[0], {"type_raw"}) == "website");
    CHECK(
        text_at((*json::find(e.data, "phone_numbers"))[0], {"number"}).starts_with("+44 7700 900"));
  }

  SUBCASE("interview and offer: statuses mapped, raw kept, parents referenced") {
    auto interview =
        normalize_body(gen.scenario("interview_scheduled", 2, kNow, kSecret)->body, conn);
    const auto& i = interview.events[1].data;
    CHECK(text_at(i, {"status"}) == "scheduled");
    CHECK(text_at(i, {"status_raw"}) == "confirmed");
    CHECK(json::find(i, "interviewers")->Size() == 2);
    CHECK(text_at(i, {"organizer_id"}).size() == 36);
    CHECK(text_at(i, {"start_at"}) < text_at(i, {"end_at"}));
    CHECK(!interview.events[1].subject.candidate_remote_id.empty());
    CHECK(!interview.events[1].subject.job_remote_id.empty());

    auto accepted = normalize_body(gen.scenario("offer_accepted", 2, kNow, kSecret)->body, conn);
    const auto& o = accepted.events[1].data;
    CHECK(text_at(o, {"status"}) == "accepted");
    CHECK(text_at(o, {"closed_at"}) == kNow);
    CHECK(text_at(o, {"compensation", "period"}) == "year");
    CHECK(accepted.events[1].changed_fields == std::vector<std::string>{"status", "closed_at"});
    CHECK(text_at(accepted.events[1].previous, {"status"}) == "sent");

    auto created = normalize_body(gen.scenario("offer_created", 2, kNow, kSecret)->body, conn);
    CHECK(text_at(created.events[0].data, {"status"}) == "sent");
    CHECK(text_at(created.events[0].data, {"status_raw"}) == "extended");
  }
}

// Fixtures are generator output: Generator(1).next(sequence, kNow, "test-secret"). They pin
// the generator's bytes (any drift shows here) and the mapping (golden .expected.jsonl).
const std::map<std::string, uint64_t> kFixtureSequences = {
    {"job_created", 0},          {"candidate_created", 5}, {"application_created", 8},
    {"candidate_updated", 11},   {"stage_changed", 14},    {"application_rejected", 15},
    {"interview_scheduled", 20}, {"offer_created", 25},    {"offer_accepted", 28},
    {"application_hired", 32},
};

TEST_CASE("sandbox: fixtures are the generator's own output and verify") {
  ConnectionInfo conn = test::fixture_connection("sandbox");
  auto names = test::fixture_names("sandbox");
  CHECK(names.size() == kFixtureSequences.size());
  for (const auto& name : names) {
    CAPTURE(name);
    REQUIRE(kFixtureSequences.count(name) == 1);
    auto body = test::read_file(test::fixture_dir("sandbox") + "/" + name + ".json");
    auto hook = Generator(1).next(kFixtureSequences.at(name), kNow, conn.secrets[0]);
    CHECK(body == hook.body);
    Headers headers = test::fixture_headers("sandbox", name);
    CHECK(sandbox_provider.verify(VendorRequest{headers, body, {}}, conn).ok);
  }
}

TEST_CASE("sandbox: golden fixtures") {
  for (const auto& name : test::fixture_names("sandbox")) test::check_golden("sandbox", name);
}

}  // namespace
}  // namespace weft
