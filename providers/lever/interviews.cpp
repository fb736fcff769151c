// Lever interviews as unified interview records.
#include "providers/core/timestamps.h"
#include "providers/lever/records.h"
#include "providers/lever/values.h"
#include "providers/lever/writer.h"

namespace weft::lever {

namespace {

using json::Value;

// The interview's end in unix seconds: its start (ms) plus its duration (minutes), each within
// what a real interview has; nullopt when either is missing or beyond that.
std::optional<int64_t> interview_end(const Value& interview, bool need_duration) {
  auto start = ms_member(interview, "date");
  auto minutes = ms_member(interview, "duration");
  if (!start || *start < 0 || *start > 253402300799000) return std::nullopt;
  if (minutes && (*minutes < 0 || *minutes > 60 * 24 * 31)) return std::nullopt;
  if (!minutes && need_duration) return std::nullopt;
  return *start / 1000 + minutes.value_or(0) * 60;
}

}  // namespace

std::string_view interview_status(const json::Value& interview, std::string_view received_at) {
  const Value* canceled = json::find(interview, "canceledAt");
  if (canceled && !canceled->IsNull()) return "canceled";
  auto end = interview_end(interview, false);
  auto now = parse_timestamp(received_at);
  if (end && now && *end <= *now) return "completed";
  return "scheduled";
}

void interview_record(json::Document& out, const json::Value& interview,
                      std::string_view opportunity_id, const NormalizeContext& ctx) {
  Writer w(out, ctx);
  auto& a = w.a();
  w.base(std::nullopt, ms_time_member(interview, "createdAt"), std::nullopt);
  w.ref("application_id", "application", opportunity_id);
  w.ref("stage_id", "stage", id_of(interview, "stage").value_or(""));
  auto end = interview_end(interview, true);
  w.text("start_at", ms_time_member(interview, "date"));
  w.text("end_at", end ? std::optional(format_timestamp(*end)) : std::nullopt);
  w.text("location", string_member(interview, "location"));
  w.enumerated("status", interview_status(interview, ctx.received_at), std::nullopt);
  Value people(rapidjson::kArrayType);
  if (const Value* list = json::find(interview, "interviewers"); list && list->IsArray()) {
    for (const auto& p : list->GetArray()) {
      if (!p.IsObject()) continue;
      Value person(rapidjson::kObjectType);
      auto id = id_of(p, "id");
      person.AddMember(
          "user_id",
          json::string_or_null(id ? std::optional(ctx.unified_id("user", *id)) : std::nullopt, a),
          a);
      person.AddMember("name", json::string_or_null(string_member(p, "name"), a), a);
      person.AddMember("email", json::string_or_null(string_member(p, "email"), a), a);
      set_enum(person, "response", std::nullopt, std::nullopt, a);  // Lever does not say
      people.PushBack(person, a);
    }
  }
  w.put("interviewers", std::move(people));
  w.ref("organizer_id", "user", id_of(interview, "user").value_or(""));
}

}  // namespace weft::lever
