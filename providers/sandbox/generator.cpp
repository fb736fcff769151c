#include "providers/sandbox/generator.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <array>

#include "providers/core/crypto.h"
#include "providers/core/timestamps.h"
#include "providers/sandbox/catalog.h"
#include "providers/sandbox/story.h"
#include "providers/sandbox/wire.h"

namespace weft::sandbox {

namespace {

constexpr int64_t kDay = 86400;
// Scenario applications live far above the story's, so the two never share a record.
constexpr uint64_t kScenarioBase = 1'000'000'000'000ULL;
// When `now` cannot be read, the story is dated from this instant (2026-01-05T09:00:00Z).
constexpr int64_t kFallbackNow = 1767603600;

constexpr std::array<std::string_view, 11> kScenarios = {
    "application_created",
    "stage_changed",
    "interview_scheduled",
    "offer_created",
    "offer_accepted",
    "rejected",
    "hired",
    "candidate_updated",
    "job_opened",
    "candidate_created",
    "ping",
};

std::string_view wire_event(Step step) {
  switch (step) {
    case Step::candidate_created:
      return "candidate.created";
    case Step::application_created:
      return "application.created";
    case Step::candidate_updated:
      return "candidate.updated";
    case Step::to_screen:
    case Step::to_interview:
    case Step::to_offer:
      return "application.stage_changed";
    case Step::interview_scheduled:
      return "interview.scheduled";
    case Step::offer_created:
      return "offer.created";
    case Step::offer_accepted:
      return "offer.accepted";
    case Step::rejected:
      return "application.rejected";
    case Step::hired:
      return "application.hired";
  }
  return "ping";
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string hex64(uint64_t v, int digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(static_cast<size_t>(digits), '0');
  for (int i = digits - 1; i >= 0; --i, v >>= 4) out[static_cast<size_t>(i)] = kHex[v & 15];
  return out;
}

std::string event_id(uint64_t seed, uint64_t a, uint64_t b) {
  return "sbx_" + hex64(mix(seed, a, b), 16) + hex64(mix(~seed, a, b) >> 32, 8);
}

// The first Monday at least four weeks after `t`: a plausible start date.
std::string start_date_after(int64_t t) {
  int64_t day = t / kDay + 28;
  while ((day + 3) % 7 != 0) ++day;  // 1970-01-01 was a Thursday
  return format_date(day * kDay);
}

// The state of one application after replaying its steps up to the current one.
struct State {
  unsigned stage = kApplied;
  unsigned previous_stage = kApplied;
  bool has_application = false, profile_updated = false, has_interview = false;
  bool rejected = false, hired = false, offer_accepted = false, has_offer = false;
  int64_t candidate_created = 0, candidate_updated = 0, applied = 0, application_updated = 0;
  int64_t interview_created = 0, offer_created = 0, offer_resolved = 0;
  int64_t rejected_at = 0, hired_at = 0;
};

State replay(const Plan& plan, size_t upto, int64_t now, int64_t spacing) {
  State s;
  for (size_t i = 0; i <= upto && i < plan.steps.size(); ++i) {
    int64_t t = now - static_cast<int64_t>(upto - i) * spacing;
    switch (plan.steps[i]) {
      case Step::candidate_created:
        s.candidate_created = s.candidate_updated = t;
        break;
      case Step::application_created:
        s.has_application = true;
        s.applied = s.application_updated = s.candidate_updated = t;
        break;
      case Step::candidate_updated:
        s.profile_updated = true;
        s.candidate_updated = t;
        break;
      case Step::to_screen:
      case Step::to_interview:
      case Step::to_offer:
        s.previous_stage = s.stage;
        s.stage = plan.steps[i] == Step::to_screen      ? kScreen
                  : plan.steps[i] == Step::to_interview ? kInterview
                                                        : kOffer;
        s.application_updated = t;
        break;
      case Step::interview_scheduled:
        s.has_interview = true;
        s.interview_created = s.application_updated = t;
        break;
      case Step::offer_created:
        s.has_offer = true;
        s.offer_created = s.offer_resolved = s.application_updated = t;
        break;
      case Step::offer_accepted:
        s.offer_accepted = true;
        s.offer_resolved = t;
        break;
      case Step::rejected:
        s.rejected = true;
        s.rejected_at = s.application_updated = t;
        break;
      case Step::hired:
        s.hired = true;
        s.hired_at = s.application_updated = t;
        break;
    }
  }
  return s;
}

class Out {
 public:
  explicit Out(rapidjson::Writer<rapidjson::StringBuffer>& w) : w_(w) {}
  Out& key(std::string_view k) {
    w_.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()));
    return *this;
  }
  void str(std::string_view v) { w_.String(v.data(), static_cast<rapidjson::SizeType>(v.size())); }
  void str(std::string_view k, std::string_view v) { key(k).str(v); }
  void num(std::string_view k, uint64_t v) { key(k).w_.Uint64(v); }
  void flag(std::string_view k, bool v) { key(k).w_.Bool(v); }
  void null(std::string_view k) { key(k).w_.Null(); }
  void time(std::string_view k, int64_t t) { str(k, format_timestamp(t)); }
  void time_if(std::string_view k, bool known, int64_t t) { known ? time(k, t) : null(k); }
  void open(std::string_view k) { key(k).w_.StartObject(); }
  void open() { w_.StartObject(); }
  void close() { w_.EndObject(); }
  void list(std::string_view k) { key(k).w_.StartArray(); }
  void end_list() { w_.EndArray(); }
  void id_list(std::string_view k, bool present, uint64_t id) {
    list(k);
    if (present) w_.Uint64(id);
    end_list();
  }

 private:
  rapidjson::Writer<rapidjson::StringBuffer>& w_;
};

std::string url(std::string_view kind, uint64_t id) {
  return "https://sandbox.example.org/" + std::string(kind) + "/" + std::to_string(id);
}

void write_user(Out& o, std::string_view k, const User& u) {
  o.open(k);
  o.num("id", u.id);
  o.str("name", u.name);
  o.str("email", u.email);
  o.close();
}

void write_named(Out& o, std::string_view k, const Named& n) {
  o.open(k);
  o.num("id", n.id);
  o.str("name", n.name);
  o.close();
}

void write_stage(Out& o, std::string_view k, uint64_t job_id, unsigned position) {
  const StageSpec& stage = stages()[position - 1];
  o.open(k);
  o.num("id", job_id * 10 + position);
  o.str("name", stage.name);
  o.str("kind", stage.kind);
  o.num("position", position);
  o.close();
}

void write_job(Out& o, const JobSpec& job, uint64_t job_id, int64_t created) {
  o.open("job");
  o.num("id", job_id);
  o.str("title", job.title);
  o.str("requisition_code", job.code);
  o.str("status", "open");
  o.flag("confidential", false);
  write_named(o, "department", job.department);
  o.open("office");
  o.num("id", job.office.id);
  o.str("name", job.office.name);
  o.str("location", job.office_location);
  o.close();
  o.flag("remote", job.remote);
  o.str("employment_type", job.employment_type);
  o.list("openings");
  for (unsigned i = 1; i <= job.openings; ++i) {
    o.open();
    o.num("id", job_id * 100 + i);
    o.str("code", std::string(job.code) + "-" + std::to_string(i));
    o.str("status", "open");
    o.time("opened_at", created);
    o.null("closed_at");
    o.close();
  }
  o.end_list();
  write_user(o, "hiring_manager", job.hiring_manager);
  write_user(o, "recruiter", job.recruiter);
  o.time("opened_at", created);
  o.null("closed_at");
  o.open("custom_fields");
  o.str("cost_center", "CC-" + std::string(job.code.substr(0, job.code.find('-'))));
  o.close();
  o.str("url", url("jobs", job_id));
  o.time("created_at", created);
  o.time("updated_at", created);
  o.close();
}

void write_candidate(Out& o, const Plan& p, const State& s) {
  std::string_view first = first_names()[p.first_name], last = last_names()[p.last_name];
  const SourceSpec& source = sources()[p.source];
  o.open("candidate");
  o.num("id", p.candidate_id());
  o.str("first_name", first);
  o.str("last_name", last);
  o.str("company", companies()[p.company]);
  o.str("title", jobs()[p.job].candidate_title);
  o.list("emails");
  o.open();
  o.str("value", lower(first) + "." + lower(last) + "@example.com");
  o.str("type", "personal");
  o.flag("primary", true);
  o.close();
  o.end_list();
  o.list("phones");
  if (s.profile_updated) {
    o.open();
    // Ofcom's range reserved for drama: never a real subscriber.
    o.str("value", "+44 7700 900" + std::to_string(1000 + p.phone).substr(1));
    o.str("type", "mobile");
    o.close();
  }
  o.end_list();
  o.list("links");
  o.open();
  o.str("value", "https://example.com/people/" + lower(first) + "-" + lower(last));
  o.str("type", "website");
  o.close();
  o.end_list();
  o.str("location", locations()[p.location]);
  o.list("tags");
  if (source.referred) o.str("referral");
  if (s.profile_updated) o.str("open-to-relocation");
  o.end_list();
  o.flag("private", false);
  o.flag("email_opt_in", true);
  o.id_list("application_ids", s.has_application, p.application_id());
  o.open("custom_fields");
  o.close();
  o.str("url", url("candidates", p.candidate_id()));
  o.time("created_at", s.candidate_created);
  o.time("updated_at", s.candidate_updated);
  o.close();
}

void write_application(Out& o, const Plan& p, const State& s) {
  const JobSpec& job = jobs()[p.job];
  const SourceSpec& source = sources()[p.source];
  o.open("application");
  o.num("id", p.application_id());
  o.num("candidate_id", p.candidate_id());
  o.num("job_id", job.id);
  o.str("status", s.hired ? "hired" : s.rejected ? "rejected" : "open");
  write_stage(o, "stage", job.id, s.stage);
  o.time("applied_at", s.applied);
  o.time_if("rejected_at", s.rejected, s.rejected_at);
  o.time_if("hired_at", s.hired, s.hired_at);
  if (s.rejected) {
    const ReasonSpec& reason = rejection_reasons()[p.reason];
    o.open("rejection");
    o.open("reason");
    o.num("id", reason.id);
    o.str("name", reason.name);
    o.str("type", reason.type);
    o.close();
    o.str("note", reason.note);
    o.close();
  } else {
    o.null("rejection");
  }
  o.str("source", source.name);
  o.str("origin", source.origin);
  if (source.referred) {
    write_user(o, "referrer", staff()[p.referrer]);
  } else {
    o.null("referrer");
  }
  o.flag("prospect", false);
  o.id_list("interview_ids", s.has_interview, p.interview_id());
  o.id_list("offer_ids", s.has_offer, p.offer_id());
  o.open("custom_fields");
  o.close();
  o.str("url", url("applications", p.application_id()));
  o.time("created_at", s.applied);
  o.time("updated_at", s.application_updated);
  o.close();
}

void write_interview(Out& o, const Plan& p, const State& s) {
  const JobSpec& job = jobs()[p.job];
  // Two days after booking, at 14:00 UTC, for an hour.
  int64_t start = (s.interview_created / kDay + 2) * kDay + 14 * 3600;
  o.open("interview");
  o.num("id", p.interview_id());
  o.num("application_id", p.application_id());
  o.num("stage_id", job.id * 10 + kInterview);
  o.time("starts_at", start);
  o.time("ends_at", start + 3600);
  o.str("location", job.remote ? "Video call" : std::string(job.office.name) + " office");
  o.str("status", "confirmed");
  write_user(o, "organizer", job.recruiter);
  o.list("interviewers");
  for (const User* u : {&job.hiring_manager, &job.interviewer}) {
    o.open();
    o.num("id", u->id);
    o.str("name", u->name);
    o.str("email", u->email);
    o.str("response", u == &job.hiring_manager ? "accepted" : "needs_action");
    o.close();
  }
  o.end_list();
  o.str("url", url("interviews", p.interview_id()));
  o.time("created_at", s.interview_created);
  o.time("updated_at", s.interview_created);
  o.close();
}

void write_offer(Out& o, const Plan& p, const State& s) {
  const JobSpec& job = jobs()[p.job];
  o.open("offer");
  o.num("id", p.offer_id());
  o.num("application_id", p.application_id());
  o.str("status", s.offer_accepted ? "accepted" : "extended");
  o.num("version", 1);
  o.time("created_at", s.offer_created);
  o.time("sent_at", s.offer_created);
  o.time_if("resolved_at", s.offer_accepted, s.offer_resolved);
  o.str("start_date", start_date_after(s.offer_created));
  o.open("salary");
  o.num("amount", job.salary);
  o.str("currency", job.currency);
  o.str("period", "year");
  o.close();
  o.str("url", url("offers", p.offer_id()));
  o.time("updated_at", s.offer_resolved);
  o.close();
}

// The prior values of what this step changed, in the wire's own terms.
void write_previous(Out& o, const Plan& p, const State& s, Step step) {
  switch (step) {
    case Step::to_screen:
    case Step::to_interview:
    case Step::to_offer:
      o.open("previous_attributes");
      write_stage(o, "stage", jobs()[p.job].id, s.previous_stage);
      o.close();
      return;
    case Step::rejected:
      o.open("previous_attributes");
      o.str("status", "open");
      o.null("rejected_at");
      o.null("rejection");
      o.close();
      return;
    case Step::hired:
      o.open("previous_attributes");
      o.str("status", "open");
      o.null("hired_at");
      o.close();
      return;
    case Step::candidate_updated:
      o.open("previous_attributes");
      o.list("phones");
      o.end_list();
      o.list("tags");
      if (sources()[p.source].referred) o.str("referral");
      o.end_list();
      o.close();
      return;
    case Step::offer_accepted:
      o.open("previous_attributes");
      o.str("status", "extended");
      o.null("resolved_at");
      o.close();
      return;
    default:
      return;
  }
}

struct Body {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer{buffer};
  Out out{writer};

  Body(std::string_view id, std::string_view event, std::string_view now) {
    out.open();
    out.str("event_id", id);
    out.str("event", event);
    out.str("occurred_at", now);
    out.open("data");
  }
  std::string finish() {
    out.close();
    out.close();
    return std::string(buffer.GetString(), buffer.GetSize());
  }
};

std::string step_body(const std::string& id, const Plan& p, size_t step, std::string_view now_text,
                      int64_t now, int64_t spacing, int64_t job_created) {
  Step kind = p.steps[step];
  State s = replay(p, step, now, spacing);
  const JobSpec& job = jobs()[p.job];
  Body body(id, wire_event(kind), now_text);
  Out& o = body.out;
  switch (kind) {
    case Step::candidate_created:
    case Step::candidate_updated:
      write_candidate(o, p, s);
      break;
    case Step::interview_scheduled:
      write_interview(o, p, s);
      break;
    case Step::offer_created:
    case Step::offer_accepted:
      write_offer(o, p, s);
      break;
    default:
      break;
  }
  if (kind != Step::candidate_created && kind != Step::candidate_updated) {
    write_application(o, p, s);
    write_candidate(o, p, s);
    write_job(o, job, job.id, job_created);
  }
  write_previous(o, p, s, kind);
  return body.finish();
}

std::string job_body(const std::string& id, const JobSpec& job, uint64_t job_id,
                     std::string_view now_text, int64_t now) {
  Body body(id, "job.created", now_text);
  write_job(body.out, job, job_id, now);
  return body.finish();
}

SandboxWebhook sign(std::string kind, std::string body, std::string_view secret) {
  SandboxWebhook hook;
  hook.headers = {
      {"Content-Type", "application/json"},
      {"User-Agent", "Weft-Sandbox/1"},
      {std::string(kEventHeader), kind},
      {std::string(kSignatureHeader),
       std::string(kSignaturePrefix) + to_hex(hmac_sha256(secret, body))},
  };
  hook.body = std::move(body);
  hook.kind = std::move(kind);
  return hook;
}

int64_t read_now(std::string_view now) {
  return parse_timestamp(now).value_or(kFallbackNow);
}

}  // namespace

std::vector<std::string_view> scenario_names() {
  return {kScenarios.begin(), kScenarios.end()};
}

Generator::Generator(uint64_t seed, std::chrono::milliseconds tick)
    // Timestamps have whole seconds; 0 (on demand only) keeps the demo's 2 s pace.
    : seed_(seed),
      tick_seconds_(tick.count() <= 0 ? 2 : std::max<int64_t>(1, (tick.count() + 500) / 1000)) {}

SandboxWebhook Generator::next(uint64_t sequence, std::string_view now,
                               std::string_view secret) const {
  int64_t t = read_now(now);
  std::string id = event_id(seed_, sequence, 0);
  StoryPoint point = story_at(seed_, sequence);
  if (point.job) {
    const JobSpec& job = jobs()[*point.job];
    return sign("job.created", job_body(id, job, job.id, now, t), secret);
  }
  const Plan& p = point.plan;
  int64_t spacing = static_cast<int64_t>(point.steps_apart) * tick_seconds_;
  // Job k opened at sequence k.
  int64_t job_created = t - static_cast<int64_t>(sequence - p.job) * tick_seconds_;
  std::string body = step_body(id, p, point.step, now, t, spacing, job_created);
  return sign(std::string(wire_event(p.steps[point.step])), std::move(body), secret);
}

std::optional<SandboxWebhook> Generator::scenario(std::string_view name, uint64_t sequence,
                                                  std::string_view now,
                                                  std::string_view secret) const {
  size_t index = 0;
  while (index < kScenarios.size() && kScenarios[index] != name) ++index;
  if (index == kScenarios.size()) return std::nullopt;

  int64_t t = read_now(now);
  uint64_t number = kScenarioBase + sequence * kScenarios.size() + index;
  // Salt 1 + index keeps scenario ids apart from next()'s, which use 0.
  std::string id = event_id(seed_, sequence, 1 + index);
  if (name == "ping") {
    Body body(id, "ping", now);
    return sign("ping", body.finish(), secret);
  }
  if (name == "job_opened") {
    const JobSpec& job = jobs()[mix(seed_, number, 0) % jobs().size()];
    return sign("job.created", job_body(id, job, number, now, t), secret);
  }

  std::optional<Outcome> outcome = Outcome::hired;
  std::optional<bool> update;
  Step step = Step::application_created;
  if (name == "application_created") {
    outcome.reset();
  } else if (name == "candidate_created") {
    outcome.reset();
    step = Step::candidate_created;
  } else if (name == "candidate_updated") {
    outcome.reset();
    update = true;
    step = Step::candidate_updated;
  } else if (name == "stage_changed") {
    static constexpr Step kMoves[] = {Step::to_screen, Step::to_interview, Step::to_offer};
    step = kMoves[mix(seed_, number, 1) % 3];
  } else if (name == "interview_scheduled") {
    step = Step::interview_scheduled;
  } else if (name == "offer_created") {
    step = Step::offer_created;
  } else if (name == "offer_accepted") {
    step = Step::offer_accepted;
  } else if (name == "hired") {
    step = Step::hired;
  } else if (name == "rejected") {
    static constexpr Outcome kRejections[] = {Outcome::rejected_at_review,
                                              Outcome::rejected_after_screen,
                                              Outcome::rejected_after_interview};
    outcome = kRejections[mix(seed_, number, 2) % 3];
    step = Step::rejected;
  }
  Plan p = make_plan(seed_, number, outcome, update);
  size_t at = 0;
  while (at < p.steps.size() && p.steps[at] != step) ++at;
  // An on-demand event stands alone: its history is spread over the days before `now`.
  std::string body = step_body(id, p, at, now, t, kDay, t - 30 * kDay);
  return sign(std::string(wire_event(step)), std::move(body), secret);
}

}  // namespace weft::sandbox
