#include "providers/sandbox/story.h"

#include "providers/sandbox/catalog.h"

namespace weft::sandbox {

namespace {

// Applications in progress at once: enough to interleave, few enough to follow by eye.
constexpr uint64_t kTracks = 3;

uint64_t splitmix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Draws for one plan; each field uses its own salt so they are independent.
enum Salt : uint64_t {
  kJob = 1,
  kFirst,
  kLast,
  kCompany,
  kLocation,
  kSource,
  kReferrer,
  kReason,
  kPhone,
  kOutcome,
  kUpdate
};

std::vector<Step> steps_for(Outcome outcome, bool candidate_update) {
  std::vector<Step> s = {Step::candidate_created, Step::application_created};
  if (candidate_update) s.push_back(Step::candidate_updated);
  if (outcome == Outcome::rejected_at_review) {
    s.push_back(Step::rejected);
    return s;
  }
  s.push_back(Step::to_screen);
  if (outcome == Outcome::rejected_after_screen) {
    s.push_back(Step::rejected);
    return s;
  }
  s.push_back(Step::to_interview);
  s.push_back(Step::interview_scheduled);
  if (outcome == Outcome::rejected_after_interview) {
    s.push_back(Step::rejected);
    return s;
  }
  s.insert(s.end(), {Step::to_offer, Step::offer_created, Step::offer_accepted, Step::hired});
  return s;
}

uint64_t draw(uint64_t seed, uint64_t number, Salt salt, uint64_t n) {
  return mix(seed, number, salt) % n;
}

Outcome draw_outcome(uint64_t seed, uint64_t number) {
  // Roughly: 2 in 10 turned down on paper, 3 after the screen, 2 after the panel, 3 hired.
  static constexpr Outcome kOdds[10] = {Outcome::rejected_at_review,
                                        Outcome::rejected_at_review,
                                        Outcome::rejected_after_screen,
                                        Outcome::rejected_after_screen,
                                        Outcome::rejected_after_screen,
                                        Outcome::rejected_after_interview,
                                        Outcome::rejected_after_interview,
                                        Outcome::hired,
                                        Outcome::hired,
                                        Outcome::hired};
  return kOdds[draw(seed, number, kOutcome, 10)];
}

bool draw_update(uint64_t seed, uint64_t number) {
  return draw(seed, number, kUpdate, 2) == 0;
}

// steps_for(...).size() without building the list: the walk in story_at runs it often.
uint64_t lifecycle_length(Outcome outcome, bool candidate_update) {
  uint64_t base = 0;
  switch (outcome) {
    case Outcome::rejected_at_review:
      base = 3;
      break;
    case Outcome::rejected_after_screen:
      base = 4;
      break;
    case Outcome::rejected_after_interview:
      base = 6;
      break;
    case Outcome::hired:
      base = 9;
      break;
  }
  return base + (candidate_update ? 1 : 0);
}

}  // namespace

uint64_t mix(uint64_t seed, uint64_t a, uint64_t b) {
  return splitmix(splitmix(splitmix(seed) ^ a) ^ b);
}

Plan make_plan(uint64_t seed, uint64_t number, std::optional<Outcome> outcome,
               std::optional<bool> candidate_update) {
  auto pick = [&](Salt salt, size_t n) { return static_cast<size_t>(draw(seed, number, salt, n)); };
  Plan p;
  p.number = number;
  p.job = pick(kJob, jobs().size());
  p.first_name = pick(kFirst, first_names().size());
  p.last_name = pick(kLast, last_names().size());
  p.company = pick(kCompany, companies().size());
  p.location = pick(kLocation, locations().size());
  p.source = pick(kSource, sources().size());
  p.referrer = pick(kReferrer, staff().size());
  p.reason = pick(kReason, rejection_reasons().size());
  p.phone = static_cast<unsigned>(pick(kPhone, 1000));
  p.outcome = outcome ? *outcome : draw_outcome(seed, number);
  p.candidate_update = candidate_update ? *candidate_update : draw_update(seed, number);
  p.steps = steps_for(p.outcome, p.candidate_update);
  return p;
}

StoryPoint story_at(uint64_t seed, uint64_t sequence) {
  StoryPoint point;
  point.steps_apart = kTracks;
  if (sequence < jobs().size()) {
    point.job = static_cast<size_t>(sequence);
    return point;
  }
  // Track k runs applications k, k + kTracks, k + 2·kTracks, ... back to back; its r-th
  // event is found by walking the lifecycles before it (a handful of steps each).
  uint64_t t = sequence - jobs().size();
  uint64_t track = t % kTracks;
  uint64_t round = t / kTracks;
  for (uint64_t i = 0;; ++i) {
    uint64_t number = i * kTracks + track;
    uint64_t length = lifecycle_length(draw_outcome(seed, number), draw_update(seed, number));
    if (round < length) {
      point.plan = make_plan(seed, number);
      point.step = static_cast<size_t>(round);
      return point;
    }
    round -= length;
  }
}

}  // namespace weft::sandbox
