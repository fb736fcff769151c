// The Pinpoint adapter: base64 body signatures, the application read each webhook asks for,
// the 404 path, error reasons and golden fixtures.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "providers/core/json.h"
#include "providers/core/offline.h"
#include "providers/pinpoint/pinpoint.h"
#include "support/golden.h"
#include "support/provider_checks.h"
#include "support/schema.h"

namespace {

using namespace weft::test;

using weft::ConnectionInfo;
using weft::FetchResult;
using weft::Headers;
using weft::Normalized;
using weft::pinpoint_provider;
using weft::VendorRequest;

const ConnectionInfo kConnection{
    "acme-pinpoint", "acme", "pinpoint", "production", {"test-secret"}};

std::string fixture(const std::string& name) {
  return weft::test::fixture_body("pinpoint", name);
}

std::string signature(std::string_view secret, std::string_view body) {
  return weft::test::base64_hmac(secret, body);
}

weft::Verification verify(const Headers& headers, std::string_view body,
                          const ConnectionInfo& connection = kConnection) {
  return weft::test::verify_with(pinpoint_provider, headers, body, connection);
}

Normalized normalize(std::string_view body) {
  return weft::test::normalize_with(pinpoint_provider, Headers{}, body, kConnection);
}

weft::OfflineResult offline(std::string_view body) {
  return weft::test::offline_with_api(pinpoint_provider, kConnection, body);
}

}  // namespace

TEST_CASE("pinpoint: every fixture matches its golden events") {
  auto names = weft::test::fixture_names("pinpoint");
  CHECK(names.size() >= 5);
  for (const auto& name : names) weft::test::check_golden("pinpoint", name);
}

TEST_CASE("pinpoint: every handled event has a fixture") {
  std::set<std::string> seen;
  for (const auto& name : weft::test::fixture_names("pinpoint")) {
    seen.insert(text_at(parsed(fixture(name)), {"event"}));
  }
  for (const char* event : {"application_created", "application_stage_changed", "application_hired",
                            "application_rejected"}) {
    CAPTURE(event);
    CHECK(seen.count(event) == 1);
  }
}

TEST_CASE("pinpoint: PINPOINT-HMAC-SHA256 is base64 HMAC-SHA256 of the raw body") {
  const std::string body = fixture("application_hired");

  SUBCASE("every fixture's header verifies") {
    for (const auto& name : weft::test::fixture_names("pinpoint")) {
      CAPTURE(name);
      CHECK(verify(weft::test::fixture_headers("pinpoint", name), fixture(name)).ok);
    }
  }
  SUBCASE("good, header name in any case") {
    CHECK(verify({{"PINPOINT-HMAC-SHA256", signature("test-secret", body)}}, body).ok);
    CHECK(verify({{"pinpoint-hmac-sha256", signature("test-secret", body)}}, body).ok);
  }
  SUBCASE("bad: another secret") {
    auto v = verify({{"PINPOINT-HMAC-SHA256", signature("other", body)}}, body);
    CHECK_FALSE(v.ok);
    CHECK(v.reason == "PINPOINT-HMAC-SHA256 does not match");
  }
  SUBCASE("tampered body") {
    CHECK_FALSE(verify({{"PINPOINT-HMAC-SHA256", signature("test-secret", body)}}, body + " ").ok);
  }
  SUBCASE("missing") {
    auto v = verify({{"Content-Type", "application/json"}}, body);
    CHECK_FALSE(v.ok);
    CHECK(v.reason == "missing PINPOINT-HMAC-SHA256 header");
  }
  SUBCASE("wrong format: hex instead of base64") {
    auto hex = hex_hmac("test-secret", body);
    auto v = verify({{"PINPOINT-HMAC-SHA256", hex}}, body);
    CHECK_FALSE(v.ok);
    CHECK(v.reason == "PINPOINT-HMAC-SHA256 is malformed");
  }
  SUBCASE("rotated secrets: either matches") {
    ConnectionInfo rotating = kConnection;
    rotating.secrets = {"old-secret", "new-secret"};
    CHECK(verify({{"PINPOINT-HMAC-SHA256", signature("new-secret", body)}}, body, rotating).ok);
    CHECK(verify({{"PINPOINT-HMAC-SHA256", signature("old-secret", body)}}, body, rotating).ok);
    CHECK_FALSE(
        verify({{"PINPOINT-HMAC-SHA256", signature("test-secret", body)}}, body, rotating).ok);
  }
}

TEST_CASE("pinpoint: the application read a webhook asks for") {
  auto n = normalize(fixture("application_stage_changed"));
  REQUIRE(n.error.empty());
  CHECK(n.events.empty());
  CHECK(n.vendor_event_type == "application_stage_changed");
  CHECK(n.vendor_event_id.empty());
  REQUIRE(n.fetches.size() == 1);
  CHECK(n.fetches[0].method == "GET");
  CHECK(n.fetches[0].target == "/api/v1/applications/8863849?include=candidate,job,stage");
  CHECK(n.fetches[0].optional);
  CHECK(n.fetches[0].paging.style == weft::PageStyle::none);
}

TEST_CASE("pinpoint: full records from the read, status from the record") {
  SUBCASE("hired: from hired_at and the stage") {
    auto r = offline(fixture("application_hired"));
    REQUIRE(r.error.empty());
    CHECK(types_of(r) ==
          std::vector<std::string>{"ats.application.updated", "ats.application.hired"});
    auto doc = parsed(r.events[0].body);
    CHECK(text_at(doc, {"data_mode"}) == "full");
    CHECK(text_at(doc, {"data", "status"}) == "hired");
    CHECK(text_at(doc, {"data", "hired_at"}) == "2026-04-02T09:14:30Z");
    CHECK(text_at(doc, {"data", "current_stage", "name"}) == "Hired");
  }
  SUBCASE("a record that says otherwise wins over the event name") {
    // The webhook says hired, but the application read shows it back in an open stage.
    auto first = normalize(fixture("application_hired"));
    auto api = weft::test::fixture_api("pinpoint");
    auto answer = api(first.fetches[0]);
    REQUIRE(answer.has_value());
    std::string body = answer->body;
    for (auto [from, to] : {std::pair<std::string, std::string>{
                                R"("hired_at": "2026-04-02T09:14:30.000Z")", R"("hired_at": null)"},
                            {R"("name": "Hired")", R"("name": "Offer")"},
                            {R"("stage_type": "hired")", R"("stage_type": "offer")"}}) {
      auto at = body.find(from);
      REQUIRE(at != std::string::npos);
      body.replace(at, from.size(), to);
    }
    Headers headers;
    std::string webhook = fixture("application_hired");
    VendorRequest request{headers, webhook, {}};
    weft::NormalizeContext ctx{kConnection, weft::test::kGoldenReceivedAt};
    auto n = pinpoint_provider.enrich(request, ctx, {FetchResult{"application", 200, body}});
    REQUIRE(n.error.empty());
    REQUIRE(n.events.size() == 2);
    CHECK(std::string(n.events[0].data["status"].GetString()) == "active");
  }
  SUBCASE("created: the candidate first, then the application") {
    auto r = offline(fixture("application_created"));
    REQUIRE(r.error.empty());
    CHECK(types_of(r) ==
          std::vector<std::string>{"ats.candidate.updated", "ats.application.created"});
    auto candidate = parsed(r.events[0].body);
    auto application = parsed(r.events[1].body);
    CHECK(text_at(candidate, {"data", "id"}) == text_at(application, {"data", "candidate_id"}));
  }
}

TEST_CASE("pinpoint: an application gone before the read (404) is reported, not failed") {
  auto r = offline(fixture("application_hired_gone"));
  REQUIRE(r.error.empty());
  REQUIRE(r.events.size() == 1);
  auto doc = parsed(r.events[0].body);
  CHECK(text_at(doc, {"data_mode"}) == "reference");
  CHECK(text_at(doc, {"subject", "remote_id"}) == "8863999");
  CHECK(text_at(doc, {"subject", "job_id"}) != "<absent>");
}

TEST_CASE("pinpoint: rejected payloads say why in one line") {
  SUBCASE("not JSON") {
    CHECK(normalize("{").error.starts_with("malformed JSON"));
  }
  SUBCASE("not an object") {
    CHECK(normalize("[]").error == "pinpoint body is not a JSON object");
  }
  SUBCASE("missing event") {
    CHECK(normalize(R"({"data":{}})").error == "pinpoint body lacks an 'event' string");
  }
  SUBCASE("unknown event") {
    CHECK(normalize(R"({"event":"job created","data":{}})").error ==
          "unknown pinpoint event 'job?created'");
  }
  SUBCASE("missing data") {
    CHECK(normalize(R"({"event":"application_hired"})").error ==
          "pinpoint application_hired lacks a data object");
  }
  SUBCASE("missing or wrong-typed application id") {
    CHECK(normalize(R"({"event":"application_hired","data":{"application":{}}})").error ==
          "pinpoint application_hired lacks data.application.id");
    CHECK(normalize(R"({"event":"application_hired","data":{"application":{"id":true}}})").error ==
          "pinpoint application_hired lacks data.application.id");
  }
  SUBCASE("an id that would change the API path") {
    CHECK(normalize(R"({"event":"application_hired","data":{"application":{"id":"1/../2"}}})")
              .error == "pinpoint application_hired has a malformed application id");
  }
  SUBCASE("an API answer that is not JSON:API") {
    Headers headers;
    std::string webhook = fixture("application_hired");
    VendorRequest request{headers, webhook, {}};
    weft::NormalizeContext ctx{kConnection, weft::test::kGoldenReceivedAt};
    auto n = pinpoint_provider.enrich(request, ctx, {FetchResult{"application", 200, "[]"}});
    CHECK(n.error == "pinpoint application answer lacks a data object");
    n = pinpoint_provider.enrich(request, ctx, {FetchResult{"application", 200, "nope"}});
    CHECK(n.error.starts_with("pinpoint API answer for application: malformed JSON"));
  }
}

TEST_CASE("pinpoint: an API answer of the wrong shape is skipped, never trusted or crashed on") {
  const std::string body =
      R"({"data":{"id":"8863848","attributes":{"first_name":7,"email":[],"created_at":"soon",)"
      R"("hired_at":"2026-13-45T00:00:00Z"},"relationships":{"stage":{"data":{"id":{}}},)"
      R"("candidate":{"data":[]}}},"included":{"x":1}})";
  auto answer = [&](const weft::Fetch& f) -> std::optional<FetchResult> {
    return FetchResult{f.key, 200, body};
  };
  auto r = weft::normalize_offline(pinpoint_provider, kConnection, Headers{},
                                   fixture("application_created"), weft::test::kGoldenReceivedAt,
                                   {}, answer);
  REQUIRE(r.error.empty());
  REQUIRE(r.events.size() == 1);  // no candidate id: no candidate event
  CHECK(weft::test::schema_errors(r.events[0].body).empty());
  auto doc = parsed(r.events[0].body);
  CHECK(text_at(doc, {"data", "status"}) == "active");  // an unreadable hired_at is not a hire
  CHECK(text_at(doc, {"data", "remote_created_at"}) == "<absent>");
}

TEST_CASE("pinpoint: triggeredAt as Unix seconds, as in the published application_hired example") {
  const std::string iso = R"("triggeredAt": "2026-04-02T09:15:00.000Z")";
  auto with_time = [&](const std::string& value) {
    std::string body = fixture("application_hired");
    auto at = body.find(iso);
    REQUIRE(at != std::string::npos);
    body.replace(at, iso.size(), R"("triggeredAt": )" + value);
    return offline(body);
  };
  SUBCASE("seconds") {
    auto r = with_time("1614687278");
    REQUIRE(r.error.empty());
    REQUIRE(r.events.size() == 2);
    for (const auto& e : r.events) {
      CHECK(text_at(parsed(e.body), {"occurred_at"}) == "2021-03-02T12:14:38Z");
    }
  }
  SUBCASE("milliseconds") {
    auto r = with_time("1614687278000");
    REQUIRE(r.error.empty());
    REQUIRE_FALSE(r.events.empty());
    CHECK(text_at(parsed(r.events[0].body), {"occurred_at"}) == "2021-03-02T12:14:38Z");
  }
  SUBCASE("unreadable: the receive time stands in") {
    for (const char* value : {"-5", R"("yesterday")", "null", "{}"}) {
      CAPTURE(value);
      auto r = with_time(value);
      REQUIRE(r.error.empty());
      REQUIRE_FALSE(r.events.empty());
      auto doc = parsed(r.events[0].body);
      CHECK(text_at(doc, {"occurred_at"}) == text_at(doc, {"received_at"}));
    }
  }
}

TEST_CASE("pinpoint: event names Pinpoint does not document publicly are refused, not guessed") {
  // Pinpoint's event list is not in any source read (see docs/providers.md): a job, offer or
  // interview webhook is refused with its name, so Pinpoint's retries show the gap.
  for (const char* name : {"job_created", "offer_accepted", "interview_scheduled"}) {
    CAPTURE(name);
    std::string body = std::string(R"({"event":")") + name +
                       R"(","triggeredAt":1614687278,"data":{"job":{"id":1}}})";
    auto n = normalize(body);
    CHECK(n.error == std::string("unknown pinpoint event '") + name + "'");
    CHECK(n.fetches.empty());
    CHECK(n.events.empty());
  }
}
