// The simulated hiring pipeline: which event the sandbox tells at each sequence number.
// A pure function of (seed, sequence): the first sequence numbers open the jobs, then
// applications run through their lifecycles on a few interleaved tracks, so consecutive
// events about one application tell one coherent story.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace weft::sandbox {

enum class Step : uint8_t {
  candidate_created,
  application_created,
  candidate_updated,
  to_screen,
  to_interview,
  interview_scheduled,
  to_offer,
  offer_created,
  offer_accepted,
  rejected,
  hired,
};

enum class Outcome : uint8_t {
  rejected_at_review,
  rejected_after_screen,
  rejected_after_interview,
  hired,
};

// Everything about one simulated application, fixed by (seed, application number).
struct Plan {
  uint64_t number = 0;  // 0-based; remote ids derive from it
  size_t job = 0;       // index into jobs()
  size_t first_name = 0, last_name = 0, company = 0, location = 0;
  size_t source = 0;    // index into sources()
  size_t referrer = 0;  // index into staff(), when the source is a referral
  size_t reason = 0;    // index into rejection_reasons(), when rejected
  unsigned phone = 0;   // the last digits of a fictional phone number
  Outcome outcome = Outcome::hired;
  bool candidate_update = false;  // the candidate edits their profile mid-process
  std::vector<Step> steps;

  uint64_t candidate_id() const { return 3'000'001 + number; }
  uint64_t application_id() const { return 4'000'001 + number; }
  uint64_t interview_id() const { return 5'000'001 + number; }
  uint64_t offer_id() const { return 6'000'001 + number; }
};

// Unset options are drawn from the seed like everything else.
Plan make_plan(uint64_t seed, uint64_t number, std::optional<Outcome> outcome = std::nullopt,
               std::optional<bool> candidate_update = std::nullopt);

// What happens at one sequence number.
struct StoryPoint {
  std::optional<size_t> job;  // set: jobs()[*job] is created and opened
  Plan plan;                  // otherwise: plan.steps[step] happens
  size_t step = 0;
  uint64_t steps_apart = 0;  // sequence numbers between two steps of one application
};

StoryPoint story_at(uint64_t seed, uint64_t sequence);

// A well-mixed 64-bit hash of the seed and two values (splitmix64 rounds).
uint64_t mix(uint64_t seed, uint64_t a, uint64_t b = 0);

}  // namespace weft::sandbox
