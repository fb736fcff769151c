// SmartRecruiters applications: GET /candidates/{cid}/jobs/{jid} gives the status and
// sub-status (SmartRecruiters' fixed pipeline: LEAD, NEW, IN_REVIEW, INTERVIEW, OFFERED, HIRED,
// REJECTED, WITHDRAWN, TRANSFERRED), GET .../status/history when each changed. Status, stage,
// rejected_at and hired_at come from those, never from the event name.
#include <algorithm>

#include "providers/core/timestamps.h"
#include "providers/smartrecruiters/mapping.h"

namespace weft::smartrecruiters {

namespace {

using json::Value;

const EnumTable kStatus = {
    {"LEAD", "active"},      {"NEW", "active"},        {"IN_REVIEW", "active"},
    {"INTERVIEW", "active"}, {"OFFERED", "active"},    {"OFFER", "active"},
    {"HIRED", "hired"},      {"REJECTED", "rejected"}, {"WITHDRAWN", "withdrawn"}};

const EnumTable kCategory = {{"LEAD", "applied"},     {"NEW", "applied"},
                             {"IN_REVIEW", "review"}, {"INTERVIEW", "interview"},
                             {"OFFERED", "offer"},    {"OFFER", "offer"},
                             {"HIRED", "hired"},      {"REJECTED", "rejected"},
                             {"WITHDRAWN", "other"},  {"TRANSFERRED", "other"}};

struct Step {
  int64_t at = 0;
  std::string at_text;
  std::optional<std::string> status;
  std::optional<std::string> sub_status;
};

// The history entries that carry a time, oldest first. Accepts a bare array or
// {"content": [...]} (SmartRecruiters' list shape).
std::vector<Step> steps_of(const Value* history) {
  std::vector<Step> steps;
  if (!history) return steps;
  const Value* list = history;
  if (history->IsObject()) list = json::find(*history, "content");
  if (!list || !list->IsArray()) return steps;
  for (const auto& item : list->GetArray()) {
    if (!item.IsObject()) continue;
    auto raw = str(&item, "changedOn");
    auto at = raw ? parse_timestamp(*raw) : std::nullopt;
    if (!at) continue;
    steps.push_back({*at, format_timestamp(*at), str(&item, "status"), str(&item, "subStatus")});
    if (steps.size() >= 1000) break;
  }
  std::stable_sort(steps.begin(), steps.end(),
                   [](const Step& a, const Step& b) { return a.at < b.at; });
  return steps;
}

// When the application last entered this status, per its history.
std::optional<std::string> entered(const std::vector<Step>& steps, std::string_view status) {
  for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
    if (it->status && *it->status == status) return it->at_text;
  }
  return std::nullopt;
}

Value stage(Record& r, const std::optional<std::string>& status,
            const std::optional<std::string>& sub_status) {
  if (!status) return Value();
  auto& a = r.alloc();
  // Sub-statuses are the account's own steps inside a status: together they are the stage.
  std::string remote = sub_status ? *status + "/" + *sub_status : *status;
  Value s(rapidjson::kObjectType);
  s.AddMember("id", json::string(r.unified("stage", remote), a), a);
  s.AddMember("remote_id", json::string(remote, a), a);
  s.AddMember("name", json::string(sub_status ? *sub_status : *status, a), a);
  s.AddMember("category", json::string(map_enum(kCategory, *status), a), a);
  s.AddMember("order", Value(), a);
  return s;
}

// A reason object ({"id","label"}) or text, as (id, name).
std::pair<std::optional<std::string>, std::optional<std::string>> reason_of(const Value* app,
                                                                            std::string_view key) {
  if (const Value* o = object_at(app, key)) return {str(o, "id"), str(o, "label")};
  return {std::nullopt, str(app, key)};
}

std::optional<std::string> source_of(const Value* app) {
  if (auto s = str(app, "source")) return s;
  if (const Value* o = object_at(app, "source")) {
    if (auto label = str(o, "label")) return label;
    return str(o, "id");
  }
  return std::nullopt;
}

void write_application(Record& r, const Input& in, const std::vector<Step>& steps) {
  const Value* app = in.record;
  const Delivery& d = in.delivery;
  auto& a = r.alloc();
  auto status = str(app, "status");
  auto sub_status = str(app, "subStatus");
  std::string_view unified_status = status ? map_enum(kStatus, *status) : "unknown";

  r.null("remote_url");
  auto created = time_at(app, "createdOn");
  if (!created) created = time_at(app, "appliedOn");
  if (!created && !steps.empty()) created = steps.front().at_text;
  r.text("remote_created_at", created);
  auto updated = time_at(app, "updatedOn");
  if (!updated) updated = time_at(app, "lastUpdatedOn");
  if (!updated && !steps.empty()) updated = steps.back().at_text;
  r.text("remote_updated_at", updated);
  r.null("remote_deleted_at");
  r.put("custom_fields", Value(rapidjson::kObjectType));
  r.ref("candidate_id", "candidate", d.candidate_id);
  r.ref("job_id", "job", d.job_id);
  r.enumerated("status", kStatus, status);
  r.put("current_stage", stage(r, status, sub_status));
  r.enumerated("stage_category", kCategory, status);
  r.text("applied_at", created);
  std::optional<std::string> rejected_at, hired_at;
  if (unified_status == "rejected") rejected_at = entered(steps, "REJECTED");
  if (unified_status == "hired") hired_at = entered(steps, "HIRED");
  r.text("rejected_at", rejected_at);
  r.text("hired_at", hired_at);
  if (unified_status == "rejected") {
    auto [reason_id, reason_name] = reason_of(app, "reasonOfRejection");
    Value rej(rapidjson::kObjectType);
    rej.AddMember(
        "reason_id",
        json::string_or_null(
            reason_id ? std::optional(r.unified("rejection_reason", *reason_id)) : std::nullopt, a),
        a);
    rej.AddMember("reason_name", json::string_or_null(reason_name, a), a);
    set_enum(rej, "reason_type", std::string_view("rejected_by_company"), status, a);
    rej.AddMember("note", Value(), a);
    rej.AddMember("rejected_at", json::string_or_null(rejected_at, a), a);
    r.put("rejection", std::move(rej));
  } else {
    r.null("rejection");
  }
  r.text("source", source_of(app));
  r.null("origin");
  r.null("credited_to_id");
  // A lead was sourced into the pipeline; it did not apply.
  r.flag("is_prospect", status ? std::optional(*status == "LEAD") : std::nullopt);
  r.null("offer_ids");
  r.null("interview_ids");
  r.null("attachment_ids");
}

// The status before the latest change, from the history: previous status and stage.
// The step before the current status: the history's second-to-last entry, or its last one
// when the history has not caught up with the record yet.
const Step* step_before(const std::vector<Step>& steps, const std::optional<std::string>& status,
                        const std::optional<std::string>& sub_status) {
  if (steps.empty()) return nullptr;
  const Step& last = steps.back();
  bool current = last.status == status && last.sub_status == sub_status;
  const Step* before = current ? (steps.size() >= 2 ? &steps[steps.size() - 2] : nullptr) : &last;
  return before && before->status ? before : nullptr;
}

void write_previous(EventDraft& draft, const Input& in, const Step* step) {
  if (!step) return;
  const Step& before = *step;
  draft.previous.SetObject();
  Record p(draft.previous, in.ctx);
  draft.previous.RemoveMember("id");
  draft.previous.RemoveMember("remote_id");
  auto& a = draft.previous.GetAllocator();
  json::set(draft.previous, "status", json::string(map_enum(kStatus, *before.status), a), a);
  p.put("current_stage", stage(p, before.status, before.sub_status));
  json::set(draft.previous, "stage_category", json::string(map_enum(kCategory, *before.status), a),
            a);
}

std::string domain_event(std::string_view now, std::string_view before) {
  if (now == "rejected") return "ats.application.rejected";
  if (now == "hired") return "ats.application.hired";
  if (now == "withdrawn") return "ats.application.withdrawn";
  if (before == "rejected") return "ats.application.unrejected";
  if (before == "hired") return "ats.application.unhired";
  return "ats.application.stage_changed";
}

}  // namespace

std::string map_application(const Input& in) {
  const Delivery& d = in.delivery;
  SubjectRef subject{"application", d.record_id, d.candidate_id, d.job_id};
  if (!in.record) {
    add_reference(in, subject);
    Record r(in.events.back().data, in.ctx);
    r.ref("candidate_id", "candidate", d.candidate_id);
    r.ref("job_id", "job", d.job_id);
    return {};
  }
  std::vector<Step> steps = steps_of(in.history);
  auto status = str(in.record, "status");
  std::string when;
  // The history's last entry times the change, unless it has not caught up with the record.
  if (d.spec->change == Change::status && !steps.empty() && steps.back().status == status) {
    when = steps.back().at_text;
  }
  if (when.empty()) when = time_at(in.record, "updatedOn").value_or("");

  auto& draft = add_event(in.events, record_event_type(in), subject, DataMode::full, when);
  draft.changed_fields = changed_fields(in);
  Record r(draft.data, in.ctx);
  write_application(r, in, steps);
  if (d.spec->change != Change::status) return {};

  const Step* prior = step_before(steps, status, str(in.record, "subStatus"));
  write_previous(draft, in, prior);
  std::string now(status ? map_enum(kStatus, *status) : "unknown");
  if (now == "rejected") {
    draft.changed_fields.insert(draft.changed_fields.end(), {"rejected_at", "rejection"});
  }
  if (now == "hired") draft.changed_fields.push_back("hired_at");
  std::string before(prior ? map_enum(kStatus, *prior->status) : "");
  in.events.push_back(same_record(draft, domain_event(now, before)));
  return {};
}

}  // namespace weft::smartrecruiters
