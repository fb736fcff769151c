// SmartRecruiters candidates (GET /candidates/{id}) and jobs (GET /jobs/{id}, with their
// openings from GET /jobs/{id}/positions on position events), and what every mapper shares:
// the record event's type, its changed fields, the reference event for a record the API no
// longer returns.
#include "providers/core/timestamps.h"
#include "providers/smartrecruiters/mapping.h"

namespace weft::smartrecruiters {

namespace {

using json::Value;

// Job statuses (help.smartrecruiters.com "Job statuses"): not yet published, active, or done.
const EnumTable kJobStatus = {{"CREATED", "draft"},  {"PENDING_APPROVAL", "draft"},
                              {"APPROVED", "draft"}, {"SOURCING", "open"},
                              {"INTERVIEW", "open"}, {"OFFER", "open"},
                              {"FILLED", "closed"},  {"CANCELLED", "closed"}};

const EnumTable kEmployment = {
    {"permanent", "full_time"},   {"full_time", "full_time"}, {"full-time", "full_time"},
    {"part_time", "part_time"},   {"part-time", "part_time"}, {"contract", "contract"},
    {"contractor", "contract"},   {"temporary", "temporary"}, {"intern", "internship"},
    {"internship", "internship"}, {"other", "other"}};

Value email_list(const std::optional<std::string>& email, json::Allocator& a) {
  if (!email) return Value();
  Value list(rapidjson::kArrayType);
  Value e(rapidjson::kObjectType);
  e.AddMember("address", json::string(*email, a), a);
  set_enum(e, "type", std::nullopt, std::nullopt, a);
  e.AddMember("is_primary", Value(true), a);
  list.PushBack(std::move(e), a);
  return list;
}

Value phone_list(const std::optional<std::string>& phone, json::Allocator& a) {
  if (!phone) return Value();
  Value list(rapidjson::kArrayType);
  Value p(rapidjson::kObjectType);
  p.AddMember("number", json::string(*phone, a), a);
  set_enum(p, "type", std::nullopt, std::nullopt, a);
  list.PushBack(std::move(p), a);
  return list;
}

// web: {"linkedin","facebook","twitter","website",...}: the http(s) ones, typed by key.
Value url_list(const Value* web, json::Allocator& a) {
  if (!web) return Value();
  Value list(rapidjson::kArrayType);
  for (const auto& m : web->GetObject()) {
    if (!m.value.IsString()) continue;
    std::string_view url(m.value.GetString(), m.value.GetStringLength());
    if (!url.starts_with("https://") && !url.starts_with("http://")) continue;
    std::string key(m.name.GetString(), m.name.GetStringLength());
    std::string_view type = (key == "website") ? "personal"
                            : (key == "linkedin" || key == "facebook" || key == "twitter")
                                ? "social_media"
                                : "other";
    Value u(rapidjson::kObjectType);
    u.AddMember("url", json::string(url, a), a);
    set_enum(u, "type", type, key, a);
    list.PushBack(std::move(u), a);
  }
  return list;
}

Value location_list(const Value* loc, json::Allocator& a) {
  if (!loc) return Value();
  auto city = str(loc, "city");
  auto region = str(loc, "region");
  auto country = str(loc, "country");
  if (!city && !region && !country) return Value(rapidjson::kArrayType);
  std::string name;
  for (const auto* part : {&city, &region, &country}) {
    if (!*part || (*part)->empty()) continue;
    if (!name.empty()) name += ", ";
    name += **part;
  }
  Value l(rapidjson::kObjectType);
  l.AddMember("name", json::string(name, a), a);
  l.AddMember("street", Value(), a);
  l.AddMember("city", json::string_or_null(city, a), a);
  l.AddMember("region", json::string_or_null(region, a), a);
  l.AddMember("postal_code", Value(), a);
  l.AddMember("country", json::string_or_null(country, a), a);
  set_enum(l, "type", std::nullopt, std::nullopt, a);
  Value list(rapidjson::kArrayType);
  list.PushBack(std::move(l), a);
  return list;
}

// The current position, from the experience list, when one is marked current.
const Value* current_experience(const Value* candidate) {
  const Value* list = candidate ? json::find(*candidate, "experience") : nullptr;
  if (!list || !list->IsArray()) return nullptr;
  for (const auto& e : list->GetArray()) {
    if (e.IsObject() && json::boolean(e, "current").value_or(false)) return &e;
  }
  return nullptr;
}

std::vector<std::string> application_ids(const Value* candidate, const std::string& id) {
  std::vector<std::string> ids;
  auto add = [&](const Value* assignment) {
    auto job = str(object_at(assignment, "job"), "id");
    if (job && valid_id(*job)) ids.push_back(application_key(id, *job));
  };
  add(object_at(candidate, "primaryAssignment"));
  if (const Value* list = json::find(*candidate, "secondaryAssignments"); list && list->IsArray()) {
    for (const auto& s : list->GetArray()) add(s.IsObject() ? &s : nullptr);
  }
  return ids;
}

// Position statuses (guessed; not in the generated client): open until filled or cancelled.
const EnumTable kPositionStatus = {{"OPEN", "open"},        {"ACTIVE", "open"},
                                   {"FILLED", "closed"},    {"CLOSED", "closed"},
                                   {"CANCELLED", "closed"}, {"CANCELED", "closed"}};

// positionOpenDate: an RFC 3339 time, or a plain date taken as that day's midnight UTC.
std::optional<std::string> open_date(const Value* position) {
  auto raw = str(position, "positionOpenDate");
  if (!raw) return std::nullopt;
  if (auto t = utc_timestamp(*raw)) return t;
  if (auto day = parse_date(*raw)) return format_timestamp(*day);
  return std::nullopt;
}

// The job's openings from GET /jobs/{id}/positions ({"totalFound","content":[...]}, a bare
// array accepted): SmartRecruiters' position id, the customer's own positionId as code.
Value openings(const Value* positions, json::Allocator& a) {
  const Value* list = positions;
  if (list && list->IsObject()) list = json::find(*list, "content");
  if (!list || !list->IsArray()) return Value();
  Value out(rapidjson::kArrayType);
  for (const auto& p : list->GetArray()) {
    if (!p.IsObject()) continue;
    auto id = str(&p, "id");
    if (!id) continue;
    Value o(rapidjson::kObjectType);
    o.AddMember("remote_id", json::string(*id, a), a);
    o.AddMember("code", json::string_or_null(str(&p, "positionId"), a), a);
    set_enum(o, "status", kPositionStatus, str(&p, "status"), a);
    o.AddMember("opened_at", json::string_or_null(open_date(&p), a), a);
    o.AddMember("closed_at", Value(), a);
    out.PushBack(std::move(o), a);
  }
  return out;
}

Value strings(const Value* list, json::Allocator& a) {
  if (!list || !list->IsArray()) return Value();
  Value out(rapidjson::kArrayType);
  for (const auto& v : list->GetArray()) {
    if (v.IsString()) out.PushBack(json::string({v.GetString(), v.GetStringLength()}, a), a);
  }
  return out;
}

}  // namespace

std::string record_event_type(const Input& in) {
  std::string entity(entity_name(in.delivery.spec->entity));
  return "ats." + entity + (in.delivery.spec->change == Change::created ? ".created" : ".updated");
}

std::vector<std::string> changed_fields(const Input& in) {
  std::vector<std::string> fields;
  std::string_view list = in.delivery.spec->changed;
  while (!list.empty()) {
    auto comma = list.find(',');
    fields.emplace_back(list.substr(0, comma));
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return fields;
}

void add_reference(const Input& in, const SubjectRef& subject) {
  auto& draft = add_event(in.events, record_event_type(in), subject, DataMode::reference);
  Record r(draft.data, in.ctx);
}

std::string map_candidate(const Input& in) {
  const Delivery& d = in.delivery;
  SubjectRef subject{"candidate", d.record_id, d.record_id, {}};
  if (d.spec->change == Change::deleted) {
    auto& draft = add_event(in.events, "ats.candidate.deleted", subject, DataMode::tombstone);
    Record r(draft.data, in.ctx);
    r.text("deletion_reason", "deleted");
    return {};
  }
  if (!in.record) {
    add_reference(in, subject);
    return {};
  }
  const Value* c = in.record;
  auto& draft = add_event(in.events, record_event_type(in), subject, DataMode::full,
                          time_at(c, "updatedOn").value_or(""));
  draft.changed_fields = changed_fields(in);
  Record r(draft.data, in.ctx);
  auto& a = r.alloc();
  r.remote_fields(c);
  r.put("custom_fields", Value(rapidjson::kObjectType));
  r.text("first_name", str(c, "firstName"));
  r.text("last_name", str(c, "lastName"));
  const Value* job = current_experience(c);
  r.text("company", str(job, "company"));
  r.text("title", str(job, "title"));
  r.put("emails", email_list(str(c, "email"), a));
  r.put("phone_numbers", phone_list(str(c, "phoneNumber"), a));
  r.put("urls", url_list(object_at(c, "web"), a));
  r.put("locations", location_list(object_at(c, "location"), a));
  r.put("tags", strings(json::find(*c, "tags"), a));
  r.null("is_private");
  r.null("can_email");
  r.refs("application_ids", "application", application_ids(c, d.record_id));
  r.null("attachment_ids");
  return {};
}

std::string map_job(const Input& in) {
  const Delivery& d = in.delivery;
  SubjectRef subject{"job", d.record_id, {}, d.record_id};
  if (!in.record) {
    add_reference(in, subject);
    return {};
  }
  const Value* j = in.record;
  auto& draft = add_event(in.events, record_event_type(in), subject, DataMode::full,
                          time_at(j, "updatedOn").value_or(""));
  draft.changed_fields = changed_fields(in);
  Record r(draft.data, in.ctx);
  auto& a = r.alloc();
  r.remote_fields(j);
  r.put("custom_fields", Value(rapidjson::kObjectType));
  r.text("title", str(j, "title"));
  r.text("code", str(j, "refNumber"));
  auto status = str(j, "status");
  r.enumerated("status", kJobStatus, status);
  r.null("confidential");
  if (const Value* dept = object_at(j, "department"); dept && str(dept, "id")) {
    Value list(rapidjson::kArrayType);
    Value ref(rapidjson::kObjectType);
    auto id = *str(dept, "id");
    ref.AddMember("id", json::string(r.unified("department", id), a), a);
    ref.AddMember("remote_id", json::string(id, a), a);
    ref.AddMember("name", json::string_or_null(str(dept, "label"), a), a);
    list.PushBack(std::move(ref), a);
    r.put("departments", std::move(list));
  } else {
    r.null("departments");
  }
  r.null("offices");  // SmartRecruiters jobs have a location, not offices
  r.null("hiring_managers");
  r.null("recruiters");
  // Only position events read the positions; other job events leave openings unsaid.
  if (d.spec->change == Change::openings) {
    r.put("openings", openings(in.history, a));
  } else {
    r.null("openings");
  }
  auto employment = str(object_at(j, "typeOfEmployment"), "id");
  r.enumerated("employment_type", kEmployment, employment);
  auto remote = json::find(*j, "location");
  r.flag("remote", remote && remote->IsObject() ? json::boolean(*remote, "remote") : std::nullopt);
  r.null("opened_at");
  r.null("closed_at");
  if (d.spec->change == Change::status && status) {
    std::string_view now = map_enum(kJobStatus, *status);
    if (now == "open") in.events.push_back(same_record(draft, "ats.job.opened"));
    if (now == "closed") in.events.push_back(same_record(draft, "ats.job.closed"));
  }
  return {};
}

}  // namespace weft::smartrecruiters
