// The SmartRecruiters event table and the reading of one notification. Event names are the
// vendor's (webhooks API "Callbacks" list); the body is thin: {"id"} for most resources,
// {"job_id","candidate_id"} for applications, {"interview_id","application_id",
// "candidate_id",...} for interviews.
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

std::string read_delivery(const VendorRequest& request, unsigned max_depth, Delivery& out) {
  auto name = request.headers.find("event-name");
  if (!name || name->empty()) return "missing event-name header";
  out.spec = find_event(*name);
  if (!out.spec) return "unknown smartrecruiters event '" + printable(*name) + "'";
  if (auto id = request.headers.find("event-id")) out.event_id = std::string(*id);
  if (auto link = request.headers.find("link")) out.link_target = link_path(*link);

  json::Document body;
  if (auto error = json::parse_object(request.body, body, max_depth, "smartrecruiters body");
      !error.empty()) {
    return error;
  }
  const std::string event(out.spec->name);
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

std::vector<Fetch> plan_fetches(const Delivery& d) {
  std::vector<Fetch> fetches;
  if (d.spec->change == Change::deleted) return fetches;
  std::string expected;
  switch (d.spec->entity) {
    case Entity::application:
      expected = "/candidates/" + d.candidate_id + "/jobs/" + d.job_id;
      break;
    case Entity::candidate:
      expected = "/candidates/" + d.record_id;
      break;
    case Entity::job:
      expected = "/jobs/" + d.record_id;
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
  if (d.spec->entity == Entity::application) {
    Fetch history;
    history.key = "history";
    history.target = expected + "/status/history";
    history.optional = true;
    fetches.push_back(std::move(history));
  }
  return fetches;
}

}  // namespace weft::smartrecruiters
