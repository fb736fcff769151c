// SmartRecruiters job ads (GET /jobs/{job}/jobads/{ad}) and their publications (GET
// .../postings?activeOnly=false) as unified job postings: the ad's postingStatus says whether
// and where it is published, the publications tell a withdrawn ad from one never published
// and give its public URL. job.ad.postings.updated adds published / unpublished.
#include "providers/smartrecruiters/mapping.h"

namespace weft::smartrecruiters {

namespace {

using json::Value;

// postingStatus of a job ad: PUBLIC and INTERNAL are published (INTERNAL only to employees),
// PRIVATE is published but reachable by its link only; NOT_PUBLISHED is handled below.
const EnumTable kPostingStatus = {{"PUBLIC", "published"},
                                  {"INTERNAL", "published"},
                                  {"PRIVATE", "published"},
                                  {"NOT_PUBLISHED", "unpublished"}};

// The publications list: {"totalFound","content":[...]} or a bare array; nullptr if unknown.
const Value* publication_list(const Value* postings) {
  const Value* list = postings;
  if (list && list->IsObject()) list = json::find(*list, "content");
  return list && list->IsArray() ? list : nullptr;
}

// A publication is active when it says so: `active: true`, or a status of ACTIVE/PUBLISHED.
bool active(const Value& publication) {
  if (!publication.IsObject()) return false;
  if (auto flag = json::boolean(publication, "active")) return *flag;
  auto status = str(&publication, "status");
  return status && (*status == "ACTIVE" || *status == "PUBLISHED");
}

// The public URL of the first active publication that has an http(s) `url`.
std::optional<std::string> public_url(const Value* list) {
  if (!list) return std::nullopt;
  for (const auto& p : list->GetArray()) {
    if (!active(p)) continue;
    auto url = str(&p, "url");
    if (url && (url->starts_with("https://") || url->starts_with("http://"))) return url;
  }
  return std::nullopt;
}

// published / unpublished / draft / unknown, or nullopt when nothing says.
std::optional<std::string> status_of(const std::optional<std::string>& raw, const Value* list) {
  bool any = list && !list->Empty();
  bool any_active = false;
  if (list) {
    for (const auto& p : list->GetArray()) any_active = any_active || active(p);
  }
  if (raw) {
    std::string status(map_enum(kPostingStatus, *raw));
    // Not published now: withdrawn if it ever had a publication, else never published.
    if (status == "unpublished" && list && !any) return "draft";
    return status;
  }
  if (!list) return std::nullopt;
  if (any_active) return "published";
  return any ? "unpublished" : "draft";
}

// The ad's text: its sections' texts (company, job, qualifications, additional), in order.
std::optional<std::string> content_of(const Value* ad) {
  const Value* sections = object_at(object_at(ad, "jobAd"), "sections");
  if (!sections) sections = object_at(ad, "sections");
  if (!sections) return std::nullopt;
  std::string text;
  for (auto key :
       {"companyDescription", "jobDescription", "qualifications", "additionalInformation"}) {
    auto part = str(object_at(sections, key), "text");
    if (!part || part->empty()) continue;
    if (!text.empty()) text += "\n\n";
    text += *part;
  }
  if (text.empty()) return std::nullopt;
  return text;
}

}  // namespace

std::string map_job_posting(const Input& in) {
  const Delivery& d = in.delivery;
  SubjectRef subject{"job_posting", d.record_id, {}, d.job_id};
  if (!in.record) {
    add_reference(in, subject);
    return {};
  }
  const Value* ad = in.record;
  const Value* list = publication_list(in.history);
  auto raw = str(ad, "postingStatus");
  auto status = status_of(raw, list);

  auto& draft = add_event(in.events, record_event_type(in), subject, DataMode::full,
                          time_at(ad, "updatedOn").value_or(""));
  draft.changed_fields = changed_fields(in);
  Record r(draft.data, in.ctx);
  r.remote_fields(ad);
  r.put("custom_fields", Value(rapidjson::kObjectType));
  r.ref("job_id", "job", d.job_id);
  r.text("title", str(ad, "title"));
  if (status) {
    r.enumerated("status", *status, raw);
  } else {
    r.enumerated("status", kPostingStatus, raw);
  }
  std::optional<bool> internal;
  if (raw && (*raw == "PUBLIC" || *raw == "PRIVATE")) internal = false;
  if (raw && *raw == "INTERNAL") internal = true;
  r.flag("is_internal", internal);
  r.text("url", public_url(list));
  r.text("content", content_of(ad));

  if (d.spec->change == Change::postings && status) {
    if (*status == "published")
      in.events.push_back(same_record(draft, "ats.job_posting.published"));
    if (*status == "unpublished") {
      in.events.push_back(same_record(draft, "ats.job_posting.unpublished"));
    }
  }
  return {};
}

}  // namespace weft::smartrecruiters
