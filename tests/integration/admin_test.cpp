// The admin API against the real weftd (docs/admin-api.yaml, docs/admin.md): bearer-token
// auth, the listings (connections, subscribers, deliveries, spool, dead letters) with their
// cursor paging, and the subscriber actions (pause, resume, redeliver, ping).
#include <doctest/doctest.h>

#include <rapidjson/document.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "integration/common.h"
#include "integration/spool_common.h"
#include "support/schema.h"

namespace weft::it {
namespace {

constexpr auto kWaitLong = std::chrono::seconds(15);

// The admin listener, with the test token on every request.
class Admin {
 public:
  explicit Admin(TestDaemon& daemon) : client_(daemon.weftd().admin_port()) {}
  Response get(const std::string& path) { return client_.request("GET", path, {}, {admin_auth()}); }
  Response post(const std::string& path, const std::string& body = {}) {
    return client_.request("POST", path, body,
                           {admin_auth(), {"Content-Type", "application/json"}});
  }
  // GET that must answer 200 with a JSON object.
  rapidjson::Document json(const std::string& path) {
    Response res = get(path);
    CHECK_MESSAGE(res.status == 200, path << ": " << res.status << " " << res.body);
    CHECK(res.header("content-type") == "application/json");
    rapidjson::Document doc;
    doc.Parse(res.body.c_str());
    REQUIRE_MESSAGE(doc.IsObject(), path << ": " << res.body);
    return doc;
  }

 private:
  HttpClient client_;
};

std::string str(const rapidjson::Value& v, const char* key) {
  auto it = v.FindMember(key);
  return it != v.MemberEnd() && it->value.IsString() ? it->value.GetString() : std::string();
}
uint64_t num(const rapidjson::Value& v, const char* key) {
  auto it = v.FindMember(key);
  return it != v.MemberEnd() && it->value.IsUint64() ? it->value.GetUint64() : 0;
}
bool flag(const rapidjson::Value& v, const char* key) {
  auto it = v.FindMember(key);
  return it != v.MemberEnd() && it->value.IsBool() && it->value.GetBool();
}

// The subscribers[] entry with this id (an empty object when absent).
rapidjson::Document subscriber_view(Admin& admin, const std::string& id) {
  rapidjson::Document doc = admin.json("/v1/admin/subscribers");
  rapidjson::Document out;
  out.SetObject();
  for (const auto& s : doc["subscribers"].GetArray()) {
    if (str(s, "id") == id) out.CopyFrom(s, out.GetAllocator());
  }
  return out;
}

// Asks the sandbox connection for one scenario's events; true when weftd answered 200.
bool sandbox_events(HttpClient& client, const std::string& scenario) {
  Response res = client.post("/v1/sandbox/demo-sandbox/events?scenario=" + scenario, "");
  CHECK_MESSAGE(res.status == 200, res.status << " " << res.body);
  return res.status == 200;
}

// The event ids of one listing's array, in order.
std::vector<std::string> event_ids(const rapidjson::Value& list) {
  std::vector<std::string> ids;
  for (const auto& item : list.GetArray()) ids.push_back(str(item, "event_id"));
  return ids;
}

ServerSpec admin_server() {
  ServerSpec server;
  server.admin = true;
  return server;
}

}  // namespace

TEST_SUITE("admin") {
  TEST_CASE("auth: every route but /healthz and the page needs the bearer token") {
    Sink sink;
    TestDaemon daemon(admin_server(), {sandbox_connection("demo-sandbox", "0s")},
                      {subscriber("all", sink)});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient plain(daemon.weftd().admin_port());

    CHECK(plain.get("/healthz").status == 200);
    Response page = plain.get("/");
    CHECK(page.status == 200);
    CHECK(page.header("content-type").starts_with("text/html"));
    CHECK(page.body.find("/v1/admin/subscribers") != std::string::npos);
    CHECK(plain.get("/dashboard").status == 200);

    const std::vector<std::string> guarded = {
        "/metrics",        "/v1/admin/connections", "/v1/admin/subscribers", "/v1/admin/deliveries",
        "/v1/admin/spool", "/v1/admin/dead-letters"};
    for (const auto& path : guarded) {
      CAPTURE(path);
      Response none = plain.get(path);
      CHECK(none.status == 401);
      CHECK(none.header("www-authenticate").starts_with("Bearer realm=\"weft-admin\""));
      CHECK(error_reason(none.body) == "bearer token required");
      Response wrong = plain.request(
          "GET", path, {}, {{"Authorization", std::string("Bearer ") + kTestAdminToken + "x"}});
      CHECK(wrong.status == 401);
      CHECK(wrong.header("www-authenticate").find("invalid_token") != std::string::npos);
      CHECK(error_reason(wrong.body) == "invalid bearer token");
      Response basic = plain.request("GET", path, {}, {{"Authorization", "Basic YTpi"}});
      CHECK(basic.status == 401);
      // The scheme is case-insensitive (RFC 7235); the token is not.
      Response lower = plain.request("GET", path, {},
                                     {{"Authorization", std::string("bearer ") + kTestAdminToken}});
      CHECK(lower.status == 200);
    }
    Response post = plain.post("/v1/admin/subscribers/all/pause", "");
    CHECK(post.status == 401);
    // A refusal leaves the subscriber as it was; the log never carries the token.
    Admin admin(daemon);
    CHECK_FALSE(flag(subscriber_view(admin, "all"), "paused"));
    CHECK(daemon.log().find(kTestAdminToken) == std::string::npos);

    CHECK(admin.get("/v1/admin/nothing-here").status == 404);
    CHECK(admin.post("/v1/admin/connections").status == 405);
    CHECK(admin.get("/v1/admin/subscribers/all/ping").status == 405);
  }

  TEST_CASE("auth: a new token takes effect on reload and the old one stops working") {
    Sink sink;
    TestDaemon daemon(admin_server(), {sandbox_connection("demo-sandbox", "0s")},
                      {subscriber("all", sink)});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.weftd().admin_port());
    const std::string old_token = std::string("Bearer ") + kTestAdminToken;
    REQUIRE(client.request("GET", "/metrics", {}, {{"Authorization", old_token}}).status == 200);

    // The same config, its token now read from a file holding a new one.
    const std::filesystem::path token_file =
        std::filesystem::path(daemon.config_path()).parent_path() / "admin-token";
    const std::string new_token = "rotated-admin-token-fedcba9876543210fedcba98";
    std::ofstream(token_file) << new_token << "\n";
    std::ifstream in(daemon.config_path());
    std::string yaml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string reference = "${env:WEFT_TEST_ADMIN_TOKEN}";
    const auto at = yaml.find(reference);
    REQUIRE(at != std::string::npos);
    yaml.replace(at, reference.size(), "${file:" + token_file.string() + "}");
    daemon.rewrite_config(yaml);
    auto reloaded = reload_config(daemon);
    REQUIRE_MESSAGE(reloaded.has_value(), daemon.log());
    REQUIRE_MESSAGE(log_fields(*reloaded)["msg"] == "reloaded", *reloaded);

    CHECK(client.request("GET", "/metrics", {}, {{"Authorization", old_token}}).status == 401);
    CHECK(
        client.request("GET", "/metrics", {}, {{"Authorization", "Bearer " + new_token}}).status ==
        200);
    CHECK(daemon.log().find(new_token) == std::string::npos);
  }

  TEST_CASE("connections and subscribers: ids, counts and health") {
    Sink sink;
    TestDaemon daemon(admin_server(), {sandbox_connection("demo-sandbox", "0s")},
                      {subscriber("all", sink)});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.port());
    Admin admin(daemon);

    auto before = admin.json("/v1/admin/connections");
    REQUIRE(before["connections"].Size() == 1);
    const auto& c0 = before["connections"][0];
    CHECK(str(c0, "id") == "demo-sandbox");
    CHECK(str(c0, "provider") == "sandbox");
    CHECK(str(c0, "tenant") == "demo");
    CHECK(str(c0, "environment") == "sandbox");
    CHECK(num(c0, "events") == 0);
    CHECK(c0["last_event_at"].IsNull());

    REQUIRE(sandbox_events(client, "hired"));
    REQUIRE(sink.wait_for_count(1, kWaitLong));
    const std::size_t delivered = sink.count();

    auto after = admin.json("/v1/admin/connections");
    const auto& c1 = after["connections"][0];
    CHECK(num(c1, "events") == delivered);  // one subscriber of every event
    CHECK(c1["last_event_at"].IsString());
    REQUIRE(c1["subscribers"].Size() == 1);
    CHECK(std::string(c1["subscribers"][0].GetString()) == "all");

    auto s = subscriber_view(admin, "all");
    CHECK(str(s, "url") == sink.url());
    CHECK(str(s, "health") == "ok");
    CHECK(str(s, "breaker") == "closed");
    CHECK_FALSE(flag(s, "paused"));
    CHECK_FALSE(flag(s, "disabled"));
    CHECK(num(s, "delivered") == delivered);
    CHECK(num(s, "attempts") == delivered);
    CHECK(num(s, "queued") == 0);
    CHECK(num(s, "dead_letters") == 0);
    CHECK(s["last_success_at"].IsString());
    CHECK(s["last_failure_at"].IsNull());
  }

  TEST_CASE("deliveries: newest first, paged by cursor with no duplicates or gaps") {
    Sink sink;
    TestDaemon daemon(admin_server(), {sandbox_connection("demo-sandbox", "0s")},
                      {subscriber("one", sink), subscriber("two", sink)});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.port());
    Admin admin(daemon);

    for (const char* scenario : {"application_created", "stage_changed", "hired"})
      REQUIRE(sandbox_events(client, scenario));
    // Each request was answered once every pair was accepted: the history is complete.
    auto all = admin.json("/v1/admin/deliveries?limit=500");
    const auto expected = event_ids(all["deliveries"]);
    REQUIRE(expected.size() == sink.count());
    REQUIRE(expected.size() >= 6);
    CHECK(all["next_cursor"].IsNull());
    for (const auto& d : all["deliveries"].GetArray()) {
      CHECK(str(d, "verdict") == "delivered");
      CHECK(num(d, "status") == 200);
      CHECK(num(d, "attempt") == 1);
      CHECK(d["latency_ms"].IsNumber());
      CHECK(str(d, "event_id").starts_with("evt_"));
      CHECK(str(d, "type").starts_with("ats."));
    }
    // Newest first; each event once per subscriber, as the sink saw them.
    for (rapidjson::SizeType i = 1; i < all["deliveries"].Size(); ++i)
      CHECK(str(all["deliveries"][i - 1], "at") >= str(all["deliveries"][i], "at"));
    std::multiset<std::string> listed(expected.begin(), expected.end()), received;
    for (const auto& r : sink.requests()) received.insert(r.header("webhook-id"));
    CHECK(listed == received);

    // Pages of 3, with new attempts arriving between pages: the pages still give exactly the
    // list as it was when paging began.
    std::vector<std::string> paged;
    std::string cursor;
    std::set<std::string> pages_seen;
    for (int page = 0; page < 100; ++page) {
      auto doc = admin.json("/v1/admin/deliveries?limit=3" +
                            (cursor.empty() ? std::string() : "&cursor=" + cursor));
      auto ids = event_ids(doc["deliveries"]);
      CHECK(ids.size() <= 3);
      paged.insert(paged.end(), ids.begin(), ids.end());
      if (page == 0) REQUIRE(sandbox_events(client, "offer_created"));  // newer attempts
      if (doc["next_cursor"].IsNull()) break;
      cursor = doc["next_cursor"].GetString();
      CHECK(pages_seen.insert(cursor).second);  // a cursor never repeats
    }
    CHECK(paged == expected);

    // The subscriber filter keeps its own attempts only, in the same order.
    auto one = admin.json("/v1/admin/deliveries?subscriber=one&limit=500");
    for (const auto& d : one["deliveries"].GetArray()) CHECK(str(d, "subscriber") == "one");
    CHECK(one["deliveries"].Size() * 2 ==
          admin.json("/v1/admin/deliveries?limit=500")["deliveries"].Size());

    CHECK(admin.get("/v1/admin/deliveries?limit=0").status == 400);
    CHECK(admin.get("/v1/admin/deliveries?limit=501").status == 400);
    CHECK(admin.get("/v1/admin/deliveries?cursor=abc").status == 400);
    Response unknown = admin.get("/v1/admin/deliveries?subscriber=nobody");
    CHECK(unknown.status == 404);
    CHECK(error_reason(unknown.body) == "no such subscriber");
  }

  TEST_CASE("pause: events are spooled, not attempted; resume delivers them; reload keeps it") {
    SpoolDir spool;
    ServerSpec server = spool.server();
    server.admin = true;
    // Longer than the client's 15 s timeout: the vendor is answered only if a paused
    // subscriber's pairs are spooled at once rather than at the ack deadline.
    server.ack_budget = "30s";
    Sink sink;
    TestDaemon daemon(server, {sandbox_connection("demo-sandbox", "0s")},
                      {subscriber("paused", sink)});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.port());
    Admin admin(daemon);

    Response pause = admin.post("/v1/admin/subscribers/paused/pause");
    CHECK_MESSAGE(pause.status == 200, pause.body);
    CHECK(pause.body == R"({"subscriber":"paused","paused":true})");
    CHECK(str(subscriber_view(admin, "paused"), "health") == "paused");

    // Answered as soon as every pair is spooled; none attempted.
    REQUIRE(sandbox_events(client, "application_created"));
    CHECK(sink.count() == 0);
    auto s = subscriber_view(admin, "paused");
    CHECK(flag(s, "paused"));
    const uint64_t queued = num(s, "queued");
    CHECK(queued > 0);
    CHECK(num(s, "attempts") == 0);
    auto held = admin.json("/v1/admin/spool?subscriber=paused");
    CHECK(held["pairs"].Size() == queued);
    for (const auto& p : held["pairs"].GetArray()) {
      CHECK(str(p, "state") == "paused");
      CHECK(str(p, "store") == "durable");
      CHECK(num(p, "attempts") == 0);
      CHECK(p["next_attempt_at"].IsNull());
    }
    CHECK(flag(held["spool"], "enabled"));
    CHECK(num(held["spool"], "records") == queued);
    CHECK(admin.json("/v1/admin/deliveries")["deliveries"].Size() == 0);

    // A reload keeps the pause.
    auto reloaded = reload_config(daemon);
    REQUIRE_MESSAGE(reloaded.has_value(), daemon.log());
    REQUIRE_MESSAGE(log_fields(*reloaded)["msg"] == "reloaded", *reloaded);
    CHECK(flag(subscriber_view(admin, "paused"), "paused"));
    CHECK(sink.count() == 0);

    Response resume = admin.post("/v1/admin/subscribers/paused/resume");
    CHECK(resume.body == R"({"subscriber":"paused","paused":false})");
    REQUIRE(sink.wait_for_answered(queued, kWaitLong));
    auto spooled_ids = event_ids(held["pairs"]);
    auto delivered_ids = webhook_ids(sink);
    CHECK(std::set<std::string>(spooled_ids.begin(), spooled_ids.end()) ==
          std::set<std::string>(delivered_ids.begin(), delivered_ids.end()));

    CHECK(admin.post("/v1/admin/subscribers/nobody/pause").status == 404);
  }

  TEST_CASE("redeliver: a pair waiting for its retry goes now; an unknown one is 404") {
    SpoolDir spool;
    ServerSpec server = spool.server();
    server.admin = true;
    server.ack_budget = "2s";
    Sink sink;
    sink.script({SinkReply{503}});  // the first attempt fails, the next ones succeed
    SubscriberSpec slow = retrying_subscriber("slow", sink, "[30m]", {"ats.*"});
    TestDaemon daemon(server, {sandbox_connection("demo-sandbox", "0s")}, {slow});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.port());
    Admin admin(daemon);

    REQUIRE(sandbox_events(client, "job_opened"));
    REQUIRE(sink.wait_for_answered(1, kWaitLong));
    const std::string failed_id = sink.requests().front().header("webhook-id");
    // The failed pair waits an hour; the others of other subjects were delivered.
    rapidjson::Document held;
    std::string state;
    for (int i = 0; i < 200 && state != "retry_wait"; ++i) {
      held = admin.json("/v1/admin/spool?subscriber=slow");
      for (const auto& p : held["pairs"].GetArray()) {
        if (str(p, "event_id") == failed_id) state = str(p, "state");
      }
      if (state != "retry_wait")
        sink.wait_for_count(sink.count() + 1, std::chrono::milliseconds(20));
    }
    REQUIRE_MESSAGE(state == "retry_wait", daemon.log());
    const std::size_t before = sink.count();
    auto failures = admin.json("/v1/admin/deliveries?subscriber=slow&limit=500");
    bool saw_503 = false;
    for (const auto& d : failures["deliveries"].GetArray()) {
      if (str(d, "event_id") == failed_id && num(d, "status") == 503)
        saw_503 = str(d, "verdict") == "retry";
    }
    CHECK(saw_503);
    CHECK(str(subscriber_view(admin, "slow"), "last_failure") == "status 503");

    Response redo =
        admin.post("/v1/admin/subscribers/slow/redeliver", R"({"event_id":")" + failed_id + "\"}");
    CHECK_MESSAGE(redo.status == 202, redo.body);
    CHECK(redo.body.find(R"("result":"attempting")") != std::string::npos);
    REQUIRE(sink.wait_for_answered(before + 1, kWaitLong));
    auto last = sink.requests().at(before);
    CHECK(last.header("webhook-id") == failed_id);
    CHECK(last.answered == 200);
    // Gone from the spool listing once delivered (bounded wait for its bookkeeping).
    bool gone = false;
    for (int i = 0; i < 200 && !gone; ++i) {
      gone = admin.json("/v1/admin/spool?subscriber=slow")["pairs"].Size() == 0;
      if (!gone) sink.wait_for_count(sink.count() + 1, std::chrono::milliseconds(20));
    }
    CHECK(gone);

    Response missing =
        admin.post("/v1/admin/subscribers/slow/redeliver", R"({"event_id":"evt_nothing"})");
    CHECK(missing.status == 404);
    CHECK(error_reason(missing.body) == "event not held for this subscriber");
    CHECK(admin.post("/v1/admin/subscribers/slow/redeliver", "not json").status == 400);
    CHECK(admin.post("/v1/admin/subscribers/nobody/redeliver", R"({"event_id":"evt_x"})").status ==
          404);
  }

  TEST_CASE("spool: paged by cursor across subscribers with no duplicates or gaps") {
    SpoolDir spool;
    ServerSpec server = spool.server();
    server.admin = true;
    server.ack_budget = "1s";
    Sink sink;
    TestDaemon daemon(server, {sandbox_connection("demo-sandbox", "0s")},
                      {subscriber("a", sink), subscriber("b", sink)});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.port());
    Admin admin(daemon);
    CHECK(admin.post("/v1/admin/subscribers/a/pause").status == 200);
    CHECK(admin.post("/v1/admin/subscribers/b/pause").status == 200);
    REQUIRE(sandbox_events(client, "application_created"));
    REQUIRE(sandbox_events(client, "hired"));

    auto all = admin.json("/v1/admin/spool?limit=500");
    std::vector<std::string> expected;
    for (const auto& p : all["pairs"].GetArray())
      expected.push_back(str(p, "subscriber") + "/" + str(p, "event_id"));
    REQUIRE(expected.size() >= 4);
    std::vector<std::string> paged;
    std::string cursor;
    for (int page = 0; page < 100; ++page) {
      auto doc = admin.json("/v1/admin/spool?limit=2" +
                            (cursor.empty() ? std::string() : "&cursor=" + cursor));
      for (const auto& p : doc["pairs"].GetArray())
        paged.push_back(str(p, "subscriber") + "/" + str(p, "event_id"));
      if (doc["next_cursor"].IsNull()) break;
      cursor = doc["next_cursor"].GetString();
    }
    CHECK(paged == expected);
    CHECK(std::set<std::string>(paged.begin(), paged.end()).size() == paged.size());
    CHECK(admin.get("/v1/admin/spool?cursor=nonsense").status == 400);
  }

  TEST_CASE("dead letters: a refused event is listed with its reason") {
    Sink sink;
    sink.set_status(400);
    TestDaemon daemon(admin_server(), {sandbox_connection("demo-sandbox", "0s")},
                      {subscriber("refuses", sink)});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.port());
    Admin admin(daemon);

    REQUIRE(sandbox_events(client, "job_opened"));
    REQUIRE(sink.wait_for_answered(1, kWaitLong));
    auto dead = admin.json("/v1/admin/dead-letters?subscriber=refuses");
    REQUIRE(dead["dead_letters"].Size() == sink.count());
    const auto& d = dead["dead_letters"][0];
    CHECK(str(d, "event_id") == sink.requests().back().header("webhook-id"));
    CHECK(str(d, "reason") == "refused with status 400");
    CHECK(num(d, "attempts") == 1);
    CHECK(str(d, "subscriber") == "refuses");
    CHECK(d["at"].IsString());
    auto s = subscriber_view(admin, "refuses");
    CHECK(num(s, "dead_letters") == sink.count());
    CHECK(str(s, "last_failure") == "status 400");
    CHECK(str(s, "health") == "failing");
  }

  TEST_CASE("ping: a signed weft.ping reaches the subscriber and verifies") {
    Sink sink;
    // Subscribed to ats.* only: a ping goes past the event patterns.
    TestDaemon daemon(admin_server(), {sandbox_connection("demo-sandbox", "0s")},
                      {subscriber("pinged", sink)});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    Admin admin(daemon);

    Response ping = admin.post("/v1/admin/subscribers/pinged/ping");
    REQUIRE_MESSAGE(ping.status == 200, ping.body);
    rapidjson::Document body;
    body.Parse(ping.body.c_str());
    REQUIRE(body.IsObject());
    CHECK(str(body, "result") == "accepted");
    const std::string event_id = str(body, "event_id");
    REQUIRE(sink.count() == 1);
    // Signed like every delivery (an HMAC computed here), and a valid envelope (schema/).
    const Recorded r = sink.requests().front();
    CHECK(r.header("webhook-id") == event_id);
    CHECK(standard_signature_matches(whsec("pinged"), event_id, r.header("webhook-timestamp"),
                                     r.body, r.header("webhook-signature")));
    CHECK_FALSE(standard_signature_matches(whsec("someone-else"), event_id,
                                           r.header("webhook-timestamp"), r.body,
                                           r.header("webhook-signature")));
    CHECK_MESSAGE(weft::test::schema_errors(r.body).empty(), weft::test::schema_errors(r.body));
    rapidjson::Document envelope;
    envelope.Parse(r.body.c_str());
    REQUIRE(envelope.IsObject());
    CHECK(str(envelope, "id") == event_id);
    CHECK(str(envelope, "type") == "weft.ping");
    CHECK(str(envelope["subject"], "entity") == "ping");
    CHECK(str(envelope, "connection_id") == "demo-sandbox");
    CHECK(str(envelope["data"], "message").size() > 0);

    // Each ping is a new event.
    Response again = admin.post("/v1/admin/subscribers/pinged/ping");
    CHECK(again.status == 200);
    CHECK(again.body.find(event_id) == std::string::npos);
    CHECK(sink.count() == 2);
    CHECK(admin.post("/v1/admin/subscribers/nobody/ping").status == 404);
  }
}

}  // namespace weft::it
