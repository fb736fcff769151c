// The sandbox generator: realistic ATS activity as signed sandbox webhooks (wire.h), made
// up from nothing but a seed and a sequence number. The daemon owns one per sandbox
// connection and drives next() from a timer; scenario() makes one event on demand.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "providers/core/headers.h"

namespace weft::sandbox {

struct SandboxWebhook {
  std::vector<Header> headers;
  std::string body;
  std::string kind;  // the wire event name, e.g. "application.stage_changed"
};

// Scenarios that can be asked for on demand: "application_created", "stage_changed",
// "interview_scheduled", "offer_created", "offer_accepted", "rejected", "hired",
// "candidate_updated", "job_opened", and also "candidate_created" and "ping".
std::vector<std::string_view> scenario_names();

class Generator {
 public:
  // tick: the daemon's interval between next() calls, rounded to whole seconds. Earlier
  // moments of a story (applied_at, created_at, ...) are dated back from `now` by whole
  // ticks, so they stay the same on every event of one application at that pace.
  explicit Generator(uint64_t seed, std::chrono::milliseconds tick = std::chrono::seconds(2));

  // The next webhook of a small simulated hiring pipeline: jobs open first, then candidates
  // apply, move through stages, get interviews and offers, and are rejected or hired.
  // Deterministic given (seed, sequence); `now` is RFC 3339 UTC (the daemon's clock).
  // Signed with `secret`.
  SandboxWebhook next(uint64_t sequence, std::string_view now, std::string_view secret) const;

  // One webhook of the named scenario, about a fresh application (nullopt: unknown name).
  // Deterministic given (seed, name, sequence); never shares an event id with next().
  std::optional<SandboxWebhook> scenario(std::string_view name, uint64_t sequence,
                                         std::string_view now, std::string_view secret) const;

 private:
  uint64_t seed_;
  int64_t tick_seconds_;
};

}  // namespace weft::sandbox
