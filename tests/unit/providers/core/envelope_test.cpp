#include <doctest/doctest.h>

#include "providers/core/envelope.h"
#include "providers/core/ids.h"

using namespace weft;

namespace {
Normalized one_event(std::string vendor_event_id) {
  Normalized n;
  n.vendor_event_type = "candidate_stage_change";
  n.vendor_event_id = std::move(vendor_event_id);
  EventDraft d;
  d.type = "ats.application.stage_changed";
  d.subject = {"application", "265277", "1001", "2002"};
  d.occurred_at = "2026-04-02T09:15:00Z";
  n.events.push_back(std::move(d));
  return n;
}
const ConnectionInfo kConn{"acme-greenhouse", "acme", "greenhouse", "production", {"s"}};
}  // namespace

TEST_CASE("unified record ids are UUIDv5, stable per (connection, entity, remote id)") {
  auto a = unified_record_id("c1", "candidate", "42");
  CHECK(a == unified_record_id("c1", "candidate", "42"));
  CHECK(a != unified_record_id("c2", "candidate", "42"));
  CHECK(a != unified_record_id("c1", "application", "42"));
  REQUIRE(a.size() == 36);
  CHECK(a[14] == '5');                                                    // version 5
  CHECK((a[19] == '8' || a[19] == '9' || a[19] == 'a' || a[19] == 'b'));  // RFC 4122 variant
}

TEST_CASE("event ids depend on the vendor webhook, never on the time it arrived") {
  auto n1 = one_event("ev-1");
  auto first = seal(n1, SealInput{kConn, "2026-04-02T09:15:03Z", "{}"});
  auto n2 = one_event("ev-1");
  auto retry = seal(n2, SealInput{kConn, "2026-04-02T10:00:00Z", "{}"});
  auto n3 = one_event("ev-2");
  auto other = seal(n3, SealInput{kConn, "2026-04-02T09:15:03Z", "{}"});
  REQUIRE(first.size() == 1);
  CHECK(first[0].id == retry[0].id);
  CHECK(first[0].id != other[0].id);
  CHECK(first[0].id.starts_with("evt_"));
  CHECK(first[0].subject_id == unified_record_id("acme-greenhouse", "application", "265277"));
}

TEST_CASE("without a vendor event id the body digest keeps retries stable") {
  auto a = one_event("");
  auto b = one_event("");
  auto c = one_event("");
  auto x = seal(a, SealInput{kConn, "2026-04-02T09:15:03Z", R"({"a":1})"});
  auto y = seal(b, SealInput{kConn, "2026-04-02T11:15:03Z", R"({"a":1})"});
  auto z = seal(c, SealInput{kConn, "2026-04-02T09:15:03Z", R"({"a":2})"});
  CHECK(x[0].id == y[0].id);
  CHECK(x[0].id != z[0].id);
}

TEST_CASE("the sealed envelope carries the subject's unified ids and both times") {
  auto n = one_event("ev-1");
  auto events = seal(n, SealInput{kConn, "2026-04-02T09:15:03Z", "{}"});
  json::Document doc;
  REQUIRE(json::parse(events[0].body, doc).empty());
  CHECK(json::text(*json::find(doc, "subject"), "candidate_id") ==
        unified_record_id("acme-greenhouse", "candidate", "1001"));
  CHECK(json::text(*json::find(doc, "data"), "remote_id") == std::string("265277"));
  CHECK(json::text(doc, "occurred_at") == std::string("2026-04-02T09:15:00Z"));
  CHECK(json::text(doc, "received_at") == std::string("2026-04-02T09:15:03Z"));
}
