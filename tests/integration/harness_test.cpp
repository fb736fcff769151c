// The harness checks itself first, with no weftd: a broken sink or client would make every
// other failure here meaningless.
#include <doctest/doctest.h>

#include <future>

#include "integration/harness.h"
#include "integration/sink.h"

namespace weft::it {

TEST_SUITE("harness") {
  TEST_CASE("log_fields reads bare and quoted values") {
    auto f =
        log_fields(R"(ts=2026-04-02T09:15:00Z level=warn component=config msg="reload failed" )"
                   R"(reason="f.yaml:3: server.x: unknown key \"x\"" port=80)");
    CHECK(f["level"] == "warn");
    CHECK(f["msg"] == "reload failed");
    CHECK(f["reason"] == R"(f.yaml:3: server.x: unknown key "x")");
    CHECK(f["port"] == "80");
    CHECK(msg_is("reload failed")(R"(level=warn msg="reload failed")"));
    CHECK_FALSE(msg_is("reload")(R"(level=warn msg="reload failed")"));
  }

  TEST_CASE("sink records requests over one keep-alive connection") {
    Sink sink;
    HttpClient client(sink.port());
    Response first = client.post("/events", R"({"n":1})", {{"webhook-id", "msg_1"}});
    sink.set_status(204);
    Response second = client.post("/events", R"({"n":2})");
    CHECK(first.status == 200);
    CHECK(second.status == 204);
    CHECK(client.connects() == 1);
    CHECK(sink.connections_accepted() == 1);
    auto requests = sink.requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[0].header("webhook-id") == "msg_1");
    CHECK(requests[0].body == R"({"n":1})");
    CHECK(requests[0].answered == 200);
    CHECK(requests[1].answered == 204);
  }

  TEST_CASE("sink holds requests until released") {
    Sink sink;
    sink.hold();
    auto pending = std::async(std::launch::async, [&] {
      HttpClient client(sink.port());
      return client.post("/events", "{}");
    });
    REQUIRE(sink.wait_for_count(1, kWait));
    CHECK(pending.wait_for(0s) == std::future_status::timeout);
    CHECK(sink.requests()[0].answered == 0);
    sink.set_status(500);
    sink.release();
    REQUIRE(pending.wait_for(kWait) == std::future_status::ready);
    CHECK(pending.get().status == 500);
  }

  TEST_CASE("a closed sink refuses connections and reopens on the same port") {
    Sink sink;
    const uint16_t port = sink.port();
    sink.close();
    HttpClient refused(port);
    CHECK(refused.get("/").status == 0);
    sink.open();
    CHECK(sink.port() == port);
    HttpClient client(port);
    CHECK(client.get("/").status == 200);
  }

  TEST_CASE("a process's output is read line by line and its exit code reported") {
    Process p({"/bin/sh", "-c", "echo one; echo two >&2; echo three; exit 3"});
    CHECK(p.wait_exit(kWait) == 3);
    CHECK(p.lines(Process::Stream::out) == std::vector<std::string>{"one", "three"});
    CHECK(p.text(Process::Stream::err) == "two\n");
  }

  TEST_CASE("the signing helpers match a Standard Webhooks test vector") {
    // The example from the Standard Webhooks specification's reference libraries.
    const std::string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const std::string id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    const std::string body = R"({"test": 2432232314})";
    CHECK(standard_signature(secret, id, "1614265330", body) ==
          "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    CHECK(standard_signature_matches(secret, id, "1614265330", body,
                                     "v1,bogus v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="));
  }
}

}  // namespace weft::it
