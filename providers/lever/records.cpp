// Lever opportunities as unified applications, and the archive-reason status (see records.h).
#include "providers/lever/records.h"

#include "providers/core/enums.h"
#include "providers/lever/values.h"
#include "providers/lever/writer.h"

namespace weft::lever {

namespace {

using json::Value;

std::optional<std::string> web_url(const std::optional<std::string>& url) {
  if (url && (url->starts_with("https://") || url->starts_with("http://"))) return url;
  return std::nullopt;
}

const Value* first_application(const Value& opp) {
  const Value* apps = json::find(opp, "applications");
  if (!apps || !apps->IsArray()) return nullptr;
  for (const auto& app : apps->GetArray()) {
    if (app.IsObject()) return &app;
  }
  return nullptr;
}

}  // namespace

std::string_view archive_status(const ArchiveReason* reason) {
  if (!reason || !reason->type) return "unknown";
  if (*reason->type == "hired") return "hired";
  if (*reason->type == "non-hired") return "rejected";
  return "unknown";
}

std::string archived_reason_id(const json::Value* archived) {
  if (!archived || !archived->IsObject()) return {};
  return id_of(*archived, "reason").value_or("");
}

std::string_view opportunity_status(const json::Value& opp, const ArchiveReasons& reasons) {
  const Value* archived = object_member(opp, "archived");
  if (!archived) return "active";
  auto it = reasons.find(archived_reason_id(archived));
  return archive_status(it == reasons.end() ? nullptr : &it->second);
}

std::string contact_of(const json::Value& opp) {
  return id_of(opp, "contact").value_or("");
}

std::string posting_of(const json::Value& opp) {
  const Value* app = first_application(opp);
  return app ? id_of(*app, "posting").value_or("") : std::string();
}

json::Value stage_ref(std::string_view stage_id, const std::optional<std::string>& name,
                      const NormalizeContext& ctx, json::Allocator& a) {
  Value s(rapidjson::kObjectType);
  s.AddMember("id", json::string(ctx.unified_id("stage", stage_id), a), a);
  s.AddMember("remote_id", json::string(stage_id, a), a);
  s.AddMember("name", json::string_or_null(name, a), a);
  s.AddMember("category", json::string(stage_category(stage_id, name.value_or("")), a), a);
  s.AddMember("order", Value(), a);  // Lever's stage order is the account's pipeline, not sent
  return s;
}

void application_record(json::Document& out, const json::Value& opp, const ArchiveReasons& reasons,
                        const std::vector<std::string>* interview_ids,
                        const NormalizeContext& ctx) {
  Writer w(out, ctx);
  auto& a = w.a();
  const Value* urls = object_member(opp, "urls");
  w.base(urls ? web_url(string_member(*urls, "show")) : std::nullopt,
         ms_time_member(opp, "createdAt"), ms_time_member(opp, "updatedAt"));
  w.ref("candidate_id", "candidate", contact_of(opp));
  w.ref("job_id", "job", posting_of(opp));

  const Value* archived = object_member(opp, "archived");
  std::string reason_id = archived_reason_id(archived);
  auto found = reasons.find(reason_id);
  const ArchiveReason* reason = found == reasons.end() ? nullptr : &found->second;
  std::string_view status = opportunity_status(opp, reasons);
  // Lever has no status text: the archive reason's type is what the status comes from.
  w.enumerated("status", status, archived && reason ? reason->type : std::nullopt);

  auto stage_id = id_of(opp, "stage");
  const Value* stage = object_member(opp, "stage");
  auto stage_name = stage ? string_member(*stage, "text") : std::nullopt;
  if (stage_id) {
    w.put("current_stage", stage_ref(*stage_id, stage_name, ctx, a));
    w.enumerated("stage_category", stage_category(*stage_id, stage_name.value_or("")), stage_name);
  } else {
    w.put("current_stage", Value());
    w.enumerated("stage_category", "unknown", std::nullopt);
  }

  const Value* app = first_application(opp);
  auto applied = app ? ms_time_member(*app, "createdAt") : std::nullopt;
  w.text("applied_at", applied ? applied : ms_time_member(opp, "createdAt"));
  auto archived_at = archived ? ms_time_member(*archived, "archivedAt") : std::nullopt;
  w.text("rejected_at", status == "rejected" ? archived_at : std::nullopt);
  w.text("hired_at", status == "hired" ? archived_at : std::nullopt);
  if (status == "rejected") {
    Value rej(rapidjson::kObjectType);
    rej.AddMember("reason_id", json::string(ctx.unified_id("rejection_reason", reason_id), a), a);
    rej.AddMember("reason_name", json::string_or_null(reason->text, a), a);
    // Lever's reason types say hired or not, never who ended the candidacy.
    set_enum(rej, "reason_type", "unknown", reason->type, a);
    rej.AddMember("note", Value(), a);
    rej.AddMember("rejected_at", json::string_or_null(archived_at, a), a);
    w.put("rejection", std::move(rej));
  } else {
    w.put("rejection", Value());
  }
  const Value* sources = json::find(opp, "sources");
  std::optional<std::string> source;
  if (sources && sources->IsArray() && !sources->Empty() && (*sources)[0].IsString()) {
    source = std::string((*sources)[0].GetString());
  }
  w.text("source", source);
  w.text("origin", string_member(opp, "origin"));
  w.ref("credited_to_id", "user", id_of(opp, "sourcedBy").value_or(""));
  // Lever's built-in lead stages hold sourced prospects who have not applied.
  w.put("is_prospect", stage_id ? Value(stage_id->starts_with("lead-")) : Value());
  w.put("offer_ids", Value());  // not read: Lever lists offers separately
  if (interview_ids) {
    Value ids(rapidjson::kArrayType);
    for (const auto& id : *interview_ids) {
      ids.PushBack(json::string(ctx.unified_id("interview", id), a), a);
    }
    w.put("interview_ids", std::move(ids));
  } else {
    w.put("interview_ids", Value());
  }
  w.put("attachment_ids", Value());
}

}  // namespace weft::lever
