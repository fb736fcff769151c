// The provider interface: what every vendor adapter implements. A provider is pure: it
// verifies a request's signature over the raw bytes, answers vendor handshakes, and turns
// the payload into unified event drafts. No I/O, no mutable state, nothing of Asio.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "providers/core/event.h"
#include "providers/core/headers.h"

namespace weft {

// The settings of one connection that a provider may read.
struct ConnectionInfo {
  std::string id;                       // e.g. "acme-greenhouse"
  std::string tenant;                   // e.g. "acme"
  std::string provider;                 // e.g. "greenhouse"
  std::string environment;              // "production" | "sandbox"
  std::vector<std::string> secrets;     // vendor signing secrets; several during rotation
  int64_t replay_window_seconds = 300;  // where a vendor signs a timestamp: how old it may be
};

// One inbound vendor request, borrowed for the duration of the call.
struct VendorRequest {
  const Headers& headers;
  std::string_view body;   // the raw bytes received
  std::string_view query;  // the URL query string without '?', may be empty
  int64_t now = 0;  // unix seconds, the daemon's clock (injected); 0: replay windows unchecked
};

// An HTTP answer the provider wants sent as it is (handshakes and pings).
struct Reply {
  int status = 200;
  std::vector<Header> headers;
  std::string body;
};

struct Verification {
  bool ok = false;
  std::string reason;  // one line, no secrets, no payload content; set when !ok
  static Verification pass() { return {true, {}}; }
  static Verification fail(std::string why) { return {false, std::move(why)}; }
};

// How a vendor API list endpoint pages. The daemon's pager (daemon/vendor_api) follows
// these five styles; providers only describe them. Paths are dotted ("paging.next").
enum class PageStyle {
  none,         // one request
  offset,       // ?<param>=<items so far>&<size_param>=<page_size>; ends on a short page
  page_number,  // ?<param>=<first_page, first_page+1, ...>; ends on an empty page or more=false
  cursor,       // ?<param>=<value at `next` in the last page>; ends when it is absent or more=false
  link_header,  // RFC 5988 `Link: <url>; rel="next"`; ends when there is none
  next_url,     // the absolute URL at `next` in the body; ends when it is absent or null
};

struct Paging {
  PageStyle style = PageStyle::none;
  std::string_view items;       // path of each page's array of records; empty: the body is one
  std::string_view param;       // offset, page_number, cursor: the position parameter
  std::string_view next;        // cursor: path of the next cursor; next_url: path of the URL
  std::string_view more;        // optional path of a "more pages" boolean (hasNext, ...)
  std::string_view size_param;  // optional page size parameter ("limit", "page[size]")
  unsigned page_size = 100;
  unsigned first_page = 1;  // page_number only
};

// One read from the vendor's API that a thin webhook needs.
struct Fetch {
  std::string key;             // names the result for the provider: "opportunity"
  std::string method = "GET";  // GET, or POST for RPC-style APIs (a POST's cursor goes in body)
  // Path and query relative to the connection's api.base_url, or an absolute URL of the same
  // origin (credentials never go anywhere else).
  std::string target;
  std::string body;       // JSON, for POST
  Paging paging;          // none: one request; else every page, the records gathered in one array
  bool optional = false;  // a 404 is a result (status 404, empty body), not a failure
};

// Rounds of fetches one webhook may need (e.g. a record, then its archive reason).
inline constexpr int kMaxEnrichRounds = 4;

struct FetchResult {
  std::string key;
  int status = 0;    // 2xx; or 404 for an optional fetch
  std::string body;  // the response body; for a paged fetch a JSON array of every record
};

// What normalize() produces from one verified vendor request.
struct Normalized {
  std::string error;  // non-empty: the request is rejected with 400 and this one-line reason
  std::optional<Reply> reply;     // set for pings and handshakes: answered as is, no events
  std::string vendor_event_type;  // e.g. "candidate_stage_change"
  std::string vendor_event_id;    // the vendor's delivery id; empty: a digest of the body is used
  std::string correlation_id;     // empty: derived from the vendor event id
  std::vector<EventDraft> events;
  // Thin webhooks: API reads to perform before the events can be made. The daemon performs
  // them with the connection's credentials and calls Provider::enrich with every result so
  // far; enrich may ask for more (a bounded number of rounds).
  std::vector<Fetch> fetches;

  static Normalized rejected(std::string why) {
    Normalized n;
    n.error = std::move(why);
    return n;
  }
};

// What normalize() may read besides the request.
struct NormalizeContext {
  const ConnectionInfo& connection;
  std::string_view received_at;  // RFC 3339 UTC; the daemon's clock, injected
  // server.limits.max_json_depth / max_json_values: bodies beyond them are refused
  json::Limits json_limits{};

  // The stable unified id of a vendor record of this connection.
  std::string unified_id(std::string_view entity, std::string_view remote_id) const;
};

struct Provider {
  std::string_view name;
  // Optional (nullptr: none). Runs before verify, for handshakes that arrive unsigned
  // (SmartRecruiters X-Hook-Secret). A reply is sent as is.
  std::optional<Reply> (*answer_unsigned_handshake)(const VendorRequest&, const ConnectionInfo&);
  // Checks the signature over the raw body with any of the connection's secrets.
  Verification (*verify)(const VendorRequest&, const ConnectionInfo&);
  // Turns a verified request into unified event drafts, or a reply, or an error.
  Normalized (*normalize)(const VendorRequest&, const NormalizeContext&);
  // The status the vendor expects for an accepted delivery.
  int accepted_status = 200;
  // Thin-webhook vendors only (nullptr: none): makes the events from the request and the API
  // reads normalize() asked for (all results of all rounds so far, in the order asked).
  Normalized (*enrich)(const VendorRequest&, const NormalizeContext&,
                       const std::vector<FetchResult>&) = nullptr;
  // Whether the vendor retries a webhook that was not accepted (a 5xx or no answer). Where it
  // does not (Teamtailor), a refusal under back-pressure loses the event: Weft says so loudly.
  bool retries = true;
};

// The registry: one line per vendor, in providers/registry.cpp.
const Provider* find_provider(std::string_view name);
std::vector<std::string_view> provider_names();

}  // namespace weft
