// The SmartRecruiters event table and the reading of one notification. Event names are the
// vendor's (webhooks API "Callbacks" list); the body is thin: {"id"} for most resources,
// {"job_id","candidate_id"} for applications, {"interview_id","application_id",
// "candidate_id",...} for interviews; job ads and positions name their job (and the ad) in
// the body or, failing that, in the Link path (/jobs/{job}/jobads/{ad}, /jobs/{job}/positions/..).
#include "providers/smartrecruiters/delivery.h"

#include "providers/core/json.h"
#include "providers/core/printable.h"
#include "providers/smartrecruiters/values.h"

namespace weft::smartrecruiters {

namespace {

// The first string member among keys (snake_case as documented, camelCase accepted too).
std::string first_text(const json::Value& body, std::initializer_list<std::string_view> keys) {
  for (auto key : keys) {
    if (auto v = str(&body, key); v && !v->empty()) return *v;
  }
  return {};
}

bool safe_path(std::string_view path) {
  if (path.empty() || path.front() != '/' || path.size() > 1024) return false;
  for (char c : path) {
    if (c <= ' ' || c >= 127 || c == '"' || c == '<' || c == '>' || c == '\\') return false;
  }
  return true;
}

std::string path_only(std::string_view target) {
  return std::string(target.substr(0, target.find('?')));
}

// The n-th segment (0-based) of a path ("/jobs/7/jobads/9": 0 "jobs", 1 "7"), or empty.
std::string segment(std::string_view path, size_t n) {
  path = path.substr(0, path.find('?'));
  for (size_t i = 0; !path.empty(); ++i) {
    if (path.front() == '/') path.remove_prefix(1);
    auto end = path.find('/');
    std::string_view part = path.substr(0, end);
    if (i == n) return std::string(part);
    if (end == std::string_view::npos) break;
    path.remove_prefix(end);
  }
  return {};
}

// Families SmartRecruiters sends that the unified model has no record for: job and offer
// approval workflows (offer.approval.approved is mapped, see the table), reviews and
// onboarding. They are acknowledged (202, no events) so that SmartRecruiters does not retry
// them and suspend the subscription; a name outside every family is still refused.
constexpr std::string_view kAcknowledged[] = {"job.approval.",   "job.approver.", "offer.approval.",
                                              "offer.approver.", "review.",       "onboarding."};

bool has_rest(std::string_view name, std::string_view prefix) {
  return name.size() > prefix.size() && name.starts_with(prefix);
}

}  // namespace

const std::vector<EventSpec>& event_specs() {
  static const std::vector<EventSpec> specs = {
      {"application.created", Entity::application, Change::created, ""},
      {"application.status.updated", Entity::application, Change::status,
       "status,current_stage,stage_category"},
      {"application.fields.updated", Entity::application, Change::updated, "custom_fields"},
      {"application.source.updated", Entity::application, Change::updated, "source"},
      {"application.attachment.created", Entity::application, Change::updated, ""},
      {"application.onboarding-status.updated", Entity::application, Change::updated, ""},
      {"application.screening-answers.created", Entity::application, Change::updated, ""},
      {"application.screening-answers.updated", Entity::application, Change::updated, ""},
      {"candidate.created", Entity::candidate, Change::created, ""},
      {"candidate.updated", Entity::candidate, Change::updated, ""},
      {"candidate.deleted", Entity::candidate, Change::deleted, ""},
      {"job.created", Entity::job, Change::created, ""},
      {"job.updated", Entity::job, Change::updated, ""},
      {"job.status.updated", Entity::job, Change::status, "status"},
      {"job.hiring-team.updated", Entity::job, Change::updated, "hiring_managers,recruiters"},
      {"job.ad.created", Entity::job_posting, Change::created, ""},
      {"job.ad.updated", Entity::job_posting, Change::updated, ""},
      {"job.ad.postings.updated", Entity::job_posting, Change::postings, "status,url"},
      {"position.created", Entity::job, Change::openings, "openings"},
      {"position.updated", Entity::job, Change::openings, "openings"},
      {"position.deleted", Entity::job, Change::openings, "openings"},
      {"offer.created", Entity::offer, Change::created, ""},
      {"offer.updated", Entity::offer, Change::updated, ""},
      {"offer.approval.approved", Entity::offer, Change::approved, "status"},
      {"interview.created", Entity::interview, Change::created, ""},
      {"interview.updated", Entity::interview, Change::updated, ""},
      {"interview.canceled", Entity::interview, Change::canceled, "status"},
  };
  return specs;
}

const EventSpec* find_event(std::string_view name) {
  for (const auto& spec : event_specs()) {
    if (spec.name == name) return &spec;
  }
  static const EventSpec other_ad{"job.ad.*", Entity::job_posting, Change::updated, ""};
  if (has_rest(name, "job.ad.")) return &other_ad;
  static const EventSpec acknowledged{"acknowledged", Entity::job, Change::ignored, ""};
  for (auto prefix : kAcknowledged) {
    if (has_rest(name, prefix)) return &acknowledged;
  }
  return nullptr;
}

std::string_view entity_name(Entity entity) {
  switch (entity) {
    case Entity::application:
      return "application";
    case Entity::candidate:
      return "candidate";
    case Entity::job:
      return "job";
    case Entity::job_posting:
      return "job_posting";
    case Entity::offer:
      return "offer";
    case Entity::interview:
      return "interview";
  }
  return "unknown";
}

std::string link_path(std::string_view header) {
  std::string_view v = header;
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  if (!v.empty() && v.front() == '<') {
    auto close = v.find('>');
    if (close == std::string_view::npos) return {};
    v = v.substr(1, close - 1);
  } else {
    v = v.substr(0, v.find_first_of("; "));
  }
  auto scheme = v.find("://");
  if (scheme == std::string_view::npos) return {};
  std::string_view name = v.substr(0, scheme);
  if (name != "https" && name != "http") return {};
  v.remove_prefix(scheme + 3);
  auto slash = v.find('/');
  if (slash == std::string_view::npos) return {};
  v.remove_prefix(slash);
  v = v.substr(0, v.find('#'));
  return safe_path(v) ? std::string(v) : std::string();
}

std::string read_delivery(const VendorRequest& request, const json::Limits& limits, Delivery& out) {
  auto name = request.headers.find("event-name");
  if (!name || name->empty()) return "missing event-name header";
  out.spec = find_event(*name);
  if (!out.spec) return "unknown smartrecruiters event '" + printable(*name) + "'";
  if (auto id = request.headers.find("event-id")) out.event_id = std::string(*id);
  if (auto link = request.headers.find("link")) out.link_target = link_path(*link);

  json::Document body;
  if (auto error = json::parse_object(request.body, body, limits, "smartrecruiters body");
      !error.empty()) {
    return error;
  }
  // Nothing of an acknowledged event is read: a JSON object body is all it must be.
  if (out.spec->change == Change::ignored) return {};
  const std::string event(out.spec->name);
  const std::string link = path_only(out.link_target);
  const bool link_to_job = segment(link, 0) == "jobs";
  if (out.spec->change == Change::openings) {
    // The body names the position's job; the Link (/jobs/{job}/positions/{id}) does too.
    out.job_id = first_text(body, {"job_id", "jobId"});
    if (out.job_id.empty() && link_to_job) out.job_id = segment(link, 1);
    if (!valid_id(out.job_id)) return event + ": body lacks a valid job_id";
    out.record_id = out.job_id;
    return {};
  }
  switch (out.spec->entity) {
    case Entity::application:
      out.candidate_id = first_text(body, {"candidate_id", "candidateId"});
      out.job_id = first_text(body, {"job_id", "jobId"});
      if (!valid_id(out.candidate_id)) return event + ": body lacks a valid candidate_id";
      if (!valid_id(out.job_id)) return event + ": body lacks a valid job_id";
      out.record_id = application_key(out.candidate_id, out.job_id);
      break;
    case Entity::interview:
      out.record_id = first_text(body, {"interview_id", "interviewId", "id"});
      out.candidate_id = first_text(body, {"candidate_id", "candidateId"});
      out.job_id = first_text(body, {"job_id", "jobId"});
      if (!valid_id(out.record_id)) return event + ": body lacks a valid interview_id";
      break;
    case Entity::offer:
      out.record_id = first_text(body, {"id", "offer_id", "offerId"});
      out.candidate_id = first_text(body, {"candidate_id", "candidateId"});
      out.job_id = first_text(body, {"job_id", "jobId"});
      if (!valid_id(out.record_id)) return event + ": body lacks a valid id";
      break;
    case Entity::job_posting:
      out.job_id = first_text(body, {"job_id", "jobId"});
      out.record_id = first_text(body, {"job_ad_id", "jobAdId", "jobad_id", "id"});
      if (link_to_job && segment(link, 2) == "jobads") {
        if (out.job_id.empty()) out.job_id = segment(link, 1);
        if (out.record_id.empty()) out.record_id = segment(link, 3);
      }
      if (!valid_id(out.job_id)) return event + ": body lacks a valid job_id";
      if (!valid_id(out.record_id)) return event + ": body lacks a valid job ad id";
      break;
    case Entity::candidate:
    case Entity::job:
      out.record_id = first_text(body, {"id"});
      if (!valid_id(out.record_id)) return event + ": body lacks a valid id";
      break;
  }
  if (!out.candidate_id.empty() && !valid_id(out.candidate_id)) out.candidate_id.clear();
  if (!out.job_id.empty() && !valid_id(out.job_id)) out.job_id.clear();
  // Offers and interviews live in APIs whose paths the notification does not spell out: the
  // Link header is the only way to them.
  if (out.spec->change != Change::deleted && out.link_target.empty() &&
      (out.spec->entity == Entity::offer || out.spec->entity == Entity::interview)) {
    return event + ": missing or unusable Link header";
  }
  return {};
}

std::string_view related_key(const Delivery& d) {
  if (d.spec->change == Change::openings) return "positions";
  if (d.spec->entity == Entity::application) return "history";
  if (d.spec->entity == Entity::job_posting) return "postings";
  return {};
}

std::vector<Fetch> plan_fetches(const Delivery& d) {
  std::vector<Fetch> fetches;
  if (d.spec->change == Change::deleted || d.spec->change == Change::ignored) return fetches;
  std::string expected;
  std::string related;  // the related read's target
  switch (d.spec->entity) {
    case Entity::application:
      expected = "/candidates/" + d.candidate_id + "/jobs/" + d.job_id;
      related = expected + "/status/history";
      break;
    case Entity::candidate:
      expected = "/candidates/" + d.record_id;
      break;
    case Entity::job:
      expected = "/jobs/" + d.record_id;
      // GET /jobs/{id}/positions answers {totalFound, content[]} in one response: it takes
      // no paging parameters, so no Paging.
      if (d.spec->change == Change::openings) related = expected + "/positions";
      break;
    case Entity::job_posting:
      expected = "/jobs/" + d.job_id + "/jobads/" + d.record_id;
      // activeOnly=false: inactive publications too, which tell unpublished from draft.
      related = expected + "/postings?activeOnly=false";
      break;
    case Entity::offer:
    case Entity::interview:
      break;
  }
  // The Link names the resource; where the path is known, a Link to anything else (an
  // attachment of an application, say) is not the record this provider maps.
  std::string target = d.link_target;
  if (!expected.empty() && path_only(target) != expected) target = expected;

  Fetch record;
  record.key = "record";
  record.target = target;
  record.optional = true;
  fetches.push_back(std::move(record));
  if (!related.empty()) {
    Fetch second;
    second.key = std::string(related_key(d));
    second.target = std::move(related);
    second.optional = true;
    fetches.push_back(std::move(second));
  }
  return fetches;
}

}  // namespace weft::smartrecruiters
