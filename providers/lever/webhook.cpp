// Lever webhook parsing and the first round of API reads each event needs.
#include "providers/lever/webhook.h"

#include "providers/core/printable.h"
#include "providers/lever/values.h"

namespace weft::lever {

namespace {

struct EventName {
  std::string_view name;
  Kind kind;
};

constexpr EventName kEvents[] = {
    {"applicationCreated", Kind::application_created},
    {"candidateStageChange", Kind::stage_change},
    {"candidateArchiveChange", Kind::archive_change},
    {"candidateHired", Kind::hired},
    {"candidateDeleted", Kind::deleted},
    {"interviewCreated", Kind::interview_created},
    {"interviewUpdated", Kind::interview_updated},
    {"interviewDeleted", Kind::interview_deleted},
    {"contactCreated", Kind::contact_created},
    {"contactUpdated", Kind::contact_updated},
};

std::string id_text(const json::Value& data, std::string_view key) {
  return id_of(data, key).value_or("");
}

// "" when the id is there and usable; else the reason.
std::string need(const Webhook& hook, const std::string& id, std::string_view key) {
  if (id.empty()) return "lever " + hook.event + " lacks data." + std::string(key);
  if (!safe_id(id)) return "lever " + hook.event + " has a malformed data." + std::string(key);
  return {};
}

// An optional id, when present, must be safe too (it may end up in a path).
std::string check(const Webhook& hook, const std::string& id, std::string_view key) {
  return id.empty() ? std::string() : need(hook, id, key);
}

std::string opportunity_path(const Webhook& hook) {
  return "/v1/opportunities/" + hook.opportunity_id;
}

}  // namespace

const std::vector<std::string_view>& event_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> v;
    for (const auto& e : kEvents) v.push_back(e.name);
    return v;
  }();
  return names;
}

std::string parse_webhook(std::string_view body, const json::Limits& limits, Webhook& out) {
  if (auto error = json::parse_object(body, out.doc, limits, "lever body"); !error.empty()) {
    return error;
  }
  auto event = string_member(out.doc, "event");
  if (!event || event->empty()) return "lever body lacks an 'event' string";
  out.event = *event;
  const EventName* found = nullptr;
  for (const auto& e : kEvents) {
    if (e.name == out.event) found = &e;
  }
  if (!found) return "unknown lever event '" + printable(out.event) + "'";
  out.kind = found->kind;
  out.occurred_at = ms_time_member(out.doc, "triggeredAt").value_or("");
  out.data = object_member(out.doc, "data");
  if (!out.data) return "lever " + out.event + " lacks a data object";

  const json::Value& d = *out.data;
  out.opportunity_id = id_text(d, "opportunityId");
  if (out.opportunity_id.empty()) out.opportunity_id = id_text(d, "candidateId");
  out.contact_id = id_text(d, "contactId");
  out.interview_id = id_text(d, "interviewId");
  out.posting_id = id_text(d, "postingId");
  out.to_stage_id = id_text(d, "toStageId");
  out.from_stage_id = id_text(d, "fromStageId");

  std::string error;
  switch (out.kind) {
    case Kind::contact_created:
    case Kind::contact_updated:
      error = need(out, out.contact_id, "contactId");
      break;
    case Kind::interview_created:
    case Kind::interview_updated:
    case Kind::interview_deleted:
      error = need(out, out.interview_id, "interviewId");
      if (error.empty()) error = need(out, out.opportunity_id, "opportunityId");
      break;
    default:
      error = need(out, out.opportunity_id, "opportunityId");
      break;
  }
  if (error.empty()) error = check(out, out.contact_id, "contactId");
  if (error.empty()) error = check(out, out.posting_id, "postingId");
  if (error.empty()) error = check(out, out.from_stage_id, "fromStageId");
  if (error.empty()) error = check(out, out.to_stage_id, "toStageId");
  return error;
}

Fetch archive_reason_fetch(std::string_view reason_id) {
  Fetch f;
  f.key = std::string(kArchiveReasonPrefix) + std::string(reason_id);
  f.target = "/v1/archive_reasons/" + std::string(reason_id);
  f.optional = true;
  return f;
}

std::vector<Fetch> first_fetches(const Webhook& hook) {
  std::vector<Fetch> fetches;
  auto add = [&](std::string_view key, std::string target) -> Fetch& {
    Fetch& f = fetches.emplace_back();
    f.key = std::string(key);
    f.target = std::move(target);
    f.optional = true;  // a 404 means the record is gone since: reported, not failed
    return f;
  };
  switch (hook.kind) {
    case Kind::application_created:
    case Kind::stage_change:
    case Kind::archive_change:
    case Kind::hired: {
      add(kOpportunity, opportunity_path(hook) + "?expand=applications&expand=stage");
      // The opportunity names no interviews: its list pages (limit + opaque offset).
      Fetch& list = add(kInterviews, opportunity_path(hook) + "/interviews");
      list.paging.style = PageStyle::cursor;
      list.paging.items = "data";
      list.paging.param = "offset";
      list.paging.next = "next";
      list.paging.more = "hasNext";
      list.paging.size_param = "limit";
      list.paging.page_size = 100;
      // The webhook names the stage left by id only; its name gives `previous` a category.
      if (hook.kind == Kind::stage_change && !hook.from_stage_id.empty()) {
        add(kFromStage, "/v1/stages/" + hook.from_stage_id);
      }
      break;
    }
    case Kind::interview_created:
    case Kind::interview_updated:
      add(kInterview, opportunity_path(hook) + "/interviews/" + hook.interview_id);
      break;
    case Kind::contact_created:
    case Kind::contact_updated:
      add(kContact, "/v1/contacts/" + hook.contact_id);
      break;
    case Kind::deleted:
    case Kind::interview_deleted:
      break;
  }
  return fetches;
}

}  // namespace weft::lever
