// The provider interface: what every vendor adapter implements. A provider is pure: it
// verifies a request's signature over the raw bytes, answers vendor handshakes, and turns
// the payload into unified event drafts. No I/O, no mutable state, nothing of Asio.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "providers/core/event.h"
#include "providers/core/headers.h"

namespace weft {

// The settings of one connection that a provider may read.
struct ConnectionInfo {
  std::string id;                    // e.g. "acme-greenhouse"
  std::string tenant;                // e.g. "acme"
  std::string provider;              // e.g. "greenhouse"
  std::string environment;           // "production" | "sandbox"
  std::vector<std::string> secrets;  // vendor signing secrets; several during rotation
};

// One inbound vendor request, borrowed for the duration of the call.
struct VendorRequest {
  const Headers& headers;
  std::string_view body;   // the raw bytes received
  std::string_view query;  // the URL query string without '?', may be empty
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

// What normalize() produces from one verified vendor request.
struct Normalized {
  std::string error;  // non-empty: the request is rejected with 400 and this one-line reason
  std::optional<Reply> reply;     // set for pings and handshakes: answered as is, no events
  std::string vendor_event_type;  // e.g. "candidate_stage_change"
  std::string vendor_event_id;    // the vendor's delivery id; empty: a digest of the body is used
  std::string correlation_id;     // empty: derived from the vendor event id
  std::vector<EventDraft> events;

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
  unsigned max_json_depth = 64;  // server.limits.max_json_depth: deeper bodies are refused

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
};

// The registry: one line per vendor, in providers/registry.cpp.
const Provider* find_provider(std::string_view name);
std::vector<std::string_view> provider_names();

}  // namespace weft
