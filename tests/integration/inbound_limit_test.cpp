// The per-connection inbound budget with the real weftd: over connections[].rate_limit a
// vendor gets 429 with Retry-After before its signature is even checked, the refusals are
// logged once a second with their count, and another connection's traffic is not affected.
#include <doctest/doctest.h>

#include "integration/bodies.h"
#include "integration/common.h"

namespace weft::it {

TEST_SUITE("inbound limit") {
  TEST_CASE("inbound limit: over a connection's rate_limit, 429 + Retry-After; others unaffected") {
    Sink sink;
    ConnectionSpec limited = greenhouse_connection("limited-greenhouse");
    limited.extra = {"rate_limit: 1/m", "burst: 2"};
    ConnectionSpec other = greenhouse_connection("other-greenhouse");
    TestDaemon daemon({}, {limited, other}, {subscriber("all", sink)});
    REQUIRE_MESSAGE(daemon.port() != 0, daemon.log());
    HttpClient client(daemon.port());

    // The burst of two is admitted, the third within the minute is not: signed or not.
    for (int i = 0; i < 2; ++i) {
      Response ok = post_greenhouse(client, greenhouse_stage_change(640001 + i),
                                    "gh-limit-" + std::to_string(i), "limited-greenhouse");
      CHECK_MESSAGE(ok.status == 200, ok.status << " " << ok.body);
    }
    Response refused = post_greenhouse(client, greenhouse_stage_change(640003), "gh-limit-3",
                                       "limited-greenhouse");
    CHECK(refused.status == 429);
    CHECK(refused.header("retry-after") == "60");
    CHECK(error_reason(refused.body) == "over this connection's rate_limit");
    Response forged = client.post("/v1/webhooks/limited-greenhouse", "{}",
                                  greenhouse_headers("{}", "wrong-secret", "gh-limit-4"));
    CHECK(forged.status == 429);  // refused before the signature is looked at

    // The other connection's webhooks go through as before.
    for (int i = 0; i < 5; ++i) {
      Response ok = post_greenhouse(client, greenhouse_stage_change(641001 + i),
                                    "gh-other-" + std::to_string(i), "other-greenhouse");
      CHECK_MESSAGE(ok.status == 200, ok.status << " " << ok.body);
    }
    auto line = daemon.weftd().wait_for_log(msg_is("rate limited"));
    REQUIRE_MESSAGE(line.has_value(), daemon.log());
    CHECK(log_fields(*line)["connection"] == "limited-greenhouse");
    CHECK(log_fields(*line)["refused"] == "1");  // the first refusal; the next within 1 s waits
  }
}

}  // namespace weft::it
