#include "providers/sandbox/records.h"

#include <algorithm>
#include <array>
#include <span>
#include <utility>

#include "providers/core/enums.h"
#include "providers/core/timestamps.h"

namespace weft::sandbox {

namespace {

using json::Value;

// Builds one unified record member by member, in the order EVENTS.md lists them.
class Record {
 public:
  Record(std::string_view entity, const Value& wire, const NormalizeContext& ctx)
      : wire_(wire), ctx_(ctx) {
    doc_.SetObject();
    auto remote_id = json::text(wire, "id");
    add("id", remote_id ? json::string(ctx.unified_id(entity, *remote_id), a())
                        : Value(rapidjson::kNullType));
    text("remote_id", "id");
    url("remote_url", "url");
    time("remote_created_at", "created_at");
    time("remote_updated_at", "updated_at");
    add("remote_deleted_at", Value(rapidjson::kNullType));
    const Value* custom = json::find(wire, "custom_fields");
    add("custom_fields",
        custom && custom->IsObject() ? json::copy(custom, a()) : Value(rapidjson::kObjectType));
  }

  json::Allocator& a() { return doc_.GetAllocator(); }
  const Value& wire() const { return wire_; }

  void add(std::string_view key, Value value) {
    doc_.AddMember(json::string(key, a()), std::move(value), a());
  }
  // A wire member as text, or null.
  void text(std::string_view key, std::string_view wire_key) {
    add(key, json::string_or_null(json::text(wire_, wire_key), a()));
  }
  // A wire time as RFC 3339 UTC, or null when it is not one.
  void time(std::string_view key, std::string_view wire_key) {
    auto raw = json::text(wire_, wire_key);
    add(key, json::string_or_null(raw ? utc_timestamp(*raw) : std::nullopt, a()));
  }
  // A wire date ("YYYY-MM-DD"), or null when it is not one.
  void date(std::string_view key, std::string_view wire_key) {
    auto raw = json::text(wire_, wire_key);
    bool ok = raw && parse_date(*raw).has_value();
    add(key, json::string_or_null(ok ? raw : std::nullopt, a()));
  }
  // A wire http(s) URL, or null.
  void url(std::string_view key, std::string_view wire_key) {
    auto raw = json::text(wire_, wire_key);
    bool ok = raw && (raw->starts_with("https://") || raw->starts_with("http://"));
    add(key, json::string_or_null(ok ? raw : std::nullopt, a()));
  }
  void flag(std::string_view key, std::string_view wire_key, bool otherwise) {
    add(key, Value(json::boolean(wire_, wire_key).value_or(otherwise)));
  }
  void number(std::string_view key, std::string_view wire_key) {
    const Value* v = json::find(wire_, wire_key);
    add(key, v && v->IsNumber() ? Value(*v, a()) : Value(rapidjson::kNullType));
  }
  // An enum and, beside it, the wire's own string as <key>_raw.
  void enumeration(std::string_view key, std::string_view wire_key, EnumTable table) {
    enumeration_of(key, json::text(wire_, wire_key), table);
  }
  // The same for vendor text the caller found elsewhere (e.g. in a nested object).
  void enumeration_of(std::string_view key, const std::optional<std::string>& raw,
                      EnumTable table) {
    put_enum(doc_, key, raw, table);
  }
  // The unified id of the record a wire member refers to, or null.
  Value ref(std::string_view entity, const std::optional<std::string>& remote_id) {
    if (!remote_id) return Value(rapidjson::kNullType);
    return json::string(ctx_.unified_id(entity, *remote_id), a());
  }
  void ref(std::string_view key, std::string_view entity, std::string_view wire_key) {
    add(key, ref(entity, json::text(wire_, wire_key)));
  }
  void refs(std::string_view key, std::string_view entity, std::string_view wire_key) {
    Value list(rapidjson::kArrayType);
    if (const Value* ids = json::find(wire_, wire_key); ids && ids->IsArray()) {
      for (const auto& id : ids->GetArray()) {
        if (auto remote = json::text(&id)) list.PushBack(ref(entity, remote), a());
      }
    }
    add(key, std::move(list));
  }
  // Each element of a wire array (or a single wire object) turned into a unified object.
  template <typename Fn>
  void objects(std::string_view key, std::string_view wire_key, Fn&& fn) {
    Value list(rapidjson::kArrayType);
    auto take = [&](const Value& item) {
      if (!item.IsObject()) return;
      Value out(rapidjson::kObjectType);
      fn(item, out);
      list.PushBack(std::move(out), a());
    };
    if (const Value* v = json::find(wire_, wire_key)) {
      if (v->IsArray()) {
        for (const auto& item : v->GetArray()) take(item);
      } else {
        take(*v);
      }
    }
    add(key, std::move(list));
  }
  void put(Value& object, std::string_view key, Value value) {
    object.AddMember(json::string(key, a()), std::move(value), a());
  }
  void put_text(Value& object, std::string_view key, const Value& from, std::string_view k) {
    put(object, key, json::string_or_null(json::text(from, k), a()));
  }
  // A nested enum and its <key>_raw, as enumeration() does for top-level fields ("unknown"
  // when the wire says none).
  void put_enum(Value& object, std::string_view key, const std::optional<std::string>& raw,
                EnumTable table) {
    set_enum(object, key, raw ? map_enum(table, *raw) : "unknown", raw, a());
  }
  void put_enum(Value& object, std::string_view key, const Value& from, std::string_view k,
                EnumTable table) {
    put_enum(object, key, json::text(from, k), table);
  }

  json::Document take() { return std::move(doc_); }

 private:
  json::Document doc_;
  const Value& wire_;
  const NormalizeContext& ctx_;
};

const EnumTable kStageCategories = {
    {"inbox", "applied"},         {"review", "review"},
    {"screening", "screen"},      {"interview", "interview"},
    {"assessment", "assessment"}, {"background_check", "background_check"},
    {"offer", "offer"},           {"hired", "hired"},
    {"rejected", "rejected"},     {"other", "other"},
};

const EnumTable kEmailTypes = {{"personal", "personal"}, {"work", "work"}, {"other", "other"}};
const EnumTable kPhoneTypes = {
    {"mobile", "mobile"}, {"home", "home"}, {"work", "work"}, {"other", "other"}};
const EnumTable kUrlTypes = {{"website", "personal"},    {"company", "company"},
                             {"portfolio", "portfolio"}, {"blog", "blog"},
                             {"social", "social_media"}, {"other", "other"}};
const EnumTable kResponses = {{"accepted", "accepted"},
                              {"declined", "declined"},
                              {"tentative", "tentative"},
                              {"needs_action", "needs_action"}};

// A {id, remote_id, name} reference object, for departments and offices.
void named(Record& r, std::string_view entity, const Value& from, Value& out) {
  r.put(out, "id", r.ref(entity, json::text(from, "id")));
  r.put_text(out, "remote_id", from, "id");
  r.put_text(out, "name", from, "name");
}

// A user as jobs list them: {id, remote_id, name, email}.
void user_ref(Record& r, const Value& from, Value& out) {
  named(r, "user", from, out);
  r.put_text(out, "email", from, "email");
}

void application(Record& r) {
  const Value& w = r.wire();
  r.ref("candidate_id", "candidate", "candidate_id");
  r.ref("job_id", "job", "job_id");
  r.enumeration("status", "status",
                {{"open", "active"},
                 {"rejected", "rejected"},
                 {"hired", "hired"},
                 {"withdrawn", "withdrawn"},
                 {"converted", "converted"}});
  const Value* stage = json::find(w, "stage");
  auto kind = stage ? json::text(*stage, "kind") : std::nullopt;
  if (stage && stage->IsObject()) {
    Value current(rapidjson::kObjectType);
    r.put(current, "id", r.ref("stage", json::text(*stage, "id")));
    r.put_text(current, "remote_id", *stage, "id");
    r.put_text(current, "name", *stage, "name");
    r.put_enum(current, "category", *stage, "kind", kStageCategories);
    const Value* position = json::find(*stage, "position");
    r.put(current, "order",
          position && position->IsNumber() ? Value(*position, r.a()) : Value(rapidjson::kNullType));
    r.add("current_stage", std::move(current));
  } else {
    r.add("current_stage", Value(rapidjson::kNullType));
  }
  r.enumeration_of("stage_category", kind, kStageCategories);
  r.time("applied_at", "applied_at");
  r.time("rejected_at", "rejected_at");
  r.time("hired_at", "hired_at");
  const Value* rejection = json::find(w, "rejection");
  if (rejection && rejection->IsObject()) {
    const Value* reason = json::find(*rejection, "reason");
    const Value& rs = reason && reason->IsObject() ? *reason : *rejection;
    Value out(rapidjson::kObjectType);
    r.put(out, "reason_id", r.ref("rejection_reason", json::text(rs, "id")));
    r.put_text(out, "reason_name", rs, "name");
    r.put_enum(out, "reason_type", rs, "type",
               {{"we_rejected", "rejected_by_company"},
                {"they_rejected", "rejected_by_candidate"},
                {"other", "other"}});
    r.put_text(out, "note", *rejection, "note");
    r.put_text(out, "rejected_at", w, "rejected_at");
    r.add("rejection", std::move(out));
  } else {
    r.add("rejection", Value(rapidjson::kNullType));
  }
  r.text("source", "source");
  r.text("origin", "origin");
  const Value* referrer = json::find(w, "referrer");
  r.add("credited_to_id",
        r.ref("user", referrer ? json::text(*referrer, "id") : std::optional<std::string>()));
  r.flag("is_prospect", "prospect", false);
  r.refs("offer_ids", "offer", "offer_ids");
  r.refs("interview_ids", "interview", "interview_ids");
  r.add("attachment_ids", Value(rapidjson::kArrayType));
}

void candidate(Record& r) {
  const Value& w = r.wire();
  r.text("first_name", "first_name");
  r.text("last_name", "last_name");
  r.text("company", "company");
  r.text("title", "title");
  // Sensitive (withheld unless a subscriber's scope names date_of_birth); only when sent.
  if (json::find(w, "birth_date")) r.date("date_of_birth", "birth_date");
  r.objects("emails", "emails", [&](const Value& e, Value& out) {
    r.put_text(out, "address", e, "value");
    r.put_enum(out, "type", e, "type", kEmailTypes);
    r.put(out, "is_primary", Value(json::boolean(e, "primary").value_or(false)));
  });
  r.objects("phone_numbers", "phones", [&](const Value& p, Value& out) {
    r.put_text(out, "number", p, "value");
    r.put_enum(out, "type", p, "type", kPhoneTypes);
  });
  r.objects("urls", "links", [&](const Value& l, Value& out) {
    r.put_text(out, "url", l, "value");
    r.put_enum(out, "type", l, "type", kUrlTypes);
  });
  Value locations(rapidjson::kArrayType);
  if (auto location = json::text(w, "location")) {
    locations.PushBack(json::string(*location, r.a()), r.a());
  }
  r.add("locations", std::move(locations));
  Value tags(rapidjson::kArrayType);
  if (const Value* list = json::find(w, "tags"); list && list->IsArray()) {
    for (const auto& tag : list->GetArray()) {
      if (tag.IsString()) tags.PushBack(Value(tag, r.a()), r.a());
    }
  }
  r.add("tags", std::move(tags));
  r.flag("is_private", "private", false);
  r.flag("can_email", "email_opt_in", false);
  r.refs("application_ids", "application", "application_ids");
  r.add("attachment_ids", Value(rapidjson::kArrayType));
}

void job(Record& r) {
  r.text("title", "title");
  r.text("code", "requisition_code");
  r.enumeration(
      "status", "status",
      {{"draft", "draft"}, {"open", "open"}, {"closed", "closed"}, {"archived", "archived"}});
  r.flag("confidential", "confidential", false);
  r.objects("departments", "department",
            [&](const Value& d, Value& out) { named(r, "department", d, out); });
  r.objects("offices", "office", [&](const Value& o, Value& out) {
    named(r, "office", o, out);
    r.put_text(out, "location", o, "location");
  });
  r.objects("hiring_managers", "hiring_manager",
            [&](const Value& u, Value& out) { user_ref(r, u, out); });
  r.objects("recruiters", "recruiter", [&](const Value& u, Value& out) { user_ref(r, u, out); });
  r.objects("openings", "openings", [&](const Value& o, Value& out) {
    r.put_text(out, "remote_id", o, "id");
    r.put_text(out, "code", o, "code");
    r.put_enum(out, "status", o, "status", {{"open", "open"}, {"filled", "closed"}});
    r.put_text(out, "opened_at", o, "opened_at");
    r.put_text(out, "closed_at", o, "closed_at");
  });
  r.enumeration("employment_type", "employment_type",
                {{"full_time", "full_time"},
                 {"part_time", "part_time"},
                 {"contract", "contract"},
                 {"temporary", "temporary"},
                 {"internship", "internship"}});
  r.flag("remote", "remote", false);
  r.time("opened_at", "opened_at");
  r.time("closed_at", "closed_at");
}

void interview(Record& r) {
  r.ref("application_id", "application", "application_id");
  r.ref("stage_id", "stage", "stage_id");
  r.time("start_at", "starts_at");
  r.time("end_at", "ends_at");
  r.text("location", "location");
  r.enumeration("status", "status",
                {{"confirmed", "scheduled"},
                 {"pending_feedback", "awaiting_feedback"},
                 {"done", "completed"},
                 {"cancelled", "canceled"}});
  r.objects("interviewers", "interviewers", [&](const Value& u, Value& out) {
    r.put(out, "user_id", r.ref("user", json::text(u, "id")));
    r.put_text(out, "name", u, "name");
    r.put_text(out, "email", u, "email");
    r.put_enum(out, "response", u, "response", kResponses);
  });
  const Value* organizer = json::find(r.wire(), "organizer");
  r.add("organizer_id",
        r.ref("user", organizer ? json::text(*organizer, "id") : std::optional<std::string>()));
}

void offer(Record& r) {
  r.ref("application_id", "application", "application_id");
  r.enumeration("status", "status",
                {{"draft", "draft"},
                 {"pending_approval", "approval_sent"},
                 {"approved", "approved"},
                 {"extended", "sent"},
                 {"accepted", "accepted"},
                 {"declined", "declined"},
                 {"withdrawn", "abandoned"}});
  r.time("created_at", "created_at");
  r.time("sent_at", "sent_at");
  r.time("closed_at", "resolved_at");
  r.date("start_date", "start_date");
  const Value* salary = json::find(r.wire(), "salary");
  if (salary && salary->IsObject()) {
    Value out(rapidjson::kObjectType);
    const Value* amount = json::find(*salary, "amount");
    r.put(out, "amount",
          amount && amount->IsNumber() ? Value(*amount, r.a()) : Value(rapidjson::kNullType));
    r.put_text(out, "currency", *salary, "currency");
    r.put_enum(out, "period", *salary, "period",
               {{"hour", "hour"}, {"month", "month"}, {"year", "year"}});
    r.add("compensation", std::move(out));
  } else {
    r.add("compensation", Value(rapidjson::kNullType));
  }
  r.number("version", "version");
}

// Self-identification answers: sensitive, withheld unless a subscriber's scope names eeo.
void eeo(Record& r) {
  r.ref("candidate_id", "candidate", "candidate_id");
  r.enumeration("gender", "gender",
                {{"female", "female"},
                 {"male", "male"},
                 {"non_binary", "non_binary"},
                 {"other", "other"},
                 {"declined", "decline_to_self_identify"}});
  r.enumeration(
      "race", "race",
      {{"american_indian_or_alaska_native", "american_indian_or_alaska_native"},
       {"asian", "asian"},
       {"black_or_african_american", "black_or_african_american"},
       {"hispanic_or_latino", "hispanic_or_latino"},
       {"native_hawaiian_or_other_pacific_islander", "native_hawaiian_or_other_pacific_islander"},
       {"white", "white"},
       {"two_or_more_races", "two_or_more_races"},
       {"declined", "decline_to_self_identify"}});
  r.enumeration("veteran_status", "veteran_status",
                {{"not_protected", "not_a_protected_veteran"},
                 {"protected", "protected_veteran"},
                 {"declined", "decline_to_self_identify"}});
  r.enumeration("disability_status", "disability_status",
                {{"yes", "has_disability"},
                 {"no", "no_disability"},
                 {"declined", "decline_to_self_identify"}});
  r.time("submitted_at", "submitted_at");
}

// A wire attribute, the unified fields it feeds, and whether their old values may be kept
// (personal and sensitive ones may not: `previous` is for non-personal fields only).
struct Field {
  std::string_view wire;
  std::array<std::string_view, 2> unified;  // an empty second name: just one
  bool personal = false;
};

constexpr Field kApplicationFields[] = {
    {"status", {"status"}},
    {"stage", {"current_stage", "stage_category"}},
    {"applied_at", {"applied_at"}},
    {"rejected_at", {"rejected_at"}},
    {"hired_at", {"hired_at"}},
    {"rejection", {"rejection"}, true},  // its note is free text about a person
    {"source", {"source"}},
    {"origin", {"origin"}},
    {"referrer", {"credited_to_id"}},
    {"prospect", {"is_prospect"}},
    {"offer_ids", {"offer_ids"}},
    {"interview_ids", {"interview_ids"}},
    {"custom_fields", {"custom_fields"}, true},
};

constexpr Field kCandidateFields[] = {
    {"first_name", {"first_name"}, true},
    {"last_name", {"last_name"}, true},
    {"company", {"company"}, true},
    {"title", {"title"}, true},
    {"emails", {"emails"}, true},
    {"phones", {"phone_numbers"}, true},
    {"links", {"urls"}, true},
    {"location", {"locations"}, true},
    {"tags", {"tags"}},
    {"private", {"is_private"}},
    {"email_opt_in", {"can_email"}},
    {"application_ids", {"application_ids"}},
    {"custom_fields", {"custom_fields"}, true},
};

constexpr Field kJobFields[] = {
    {"title", {"title"}},
    {"requisition_code", {"code"}},
    {"status", {"status"}},
    {"confidential", {"confidential"}},
    {"department", {"departments"}},
    {"office", {"offices"}},
    {"hiring_manager", {"hiring_managers"}},
    {"recruiter", {"recruiters"}},
    {"openings", {"openings"}},
    {"employment_type", {"employment_type"}},
    {"remote", {"remote"}},
    {"opened_at", {"opened_at"}},
    {"closed_at", {"closed_at"}},
    {"custom_fields", {"custom_fields"}},
};

constexpr Field kInterviewFields[] = {
    {"stage_id", {"stage_id"}},      {"starts_at", {"start_at"}},
    {"ends_at", {"end_at"}},         {"location", {"location"}},
    {"status", {"status"}},          {"interviewers", {"interviewers"}},
    {"organizer", {"organizer_id"}},
};

constexpr Field kOfferFields[] = {
    {"status", {"status"}},         {"created_at", {"created_at"}},
    {"sent_at", {"sent_at"}},       {"resolved_at", {"closed_at"}},
    {"start_date", {"start_date"}}, {"salary", {"compensation"}, true},
    {"version", {"version"}},
};

struct EntityMap {
  std::string_view entity;
  void (*fill)(Record&);
  std::span<const Field> fields;
};

constexpr EntityMap kEntities[] = {
    {"application", application, kApplicationFields},
    {"candidate", candidate, kCandidateFields},
    {"job", job, kJobFields},
    {"interview", interview, kInterviewFields},
    {"offer", offer, kOfferFields},
    {"eeo", eeo, {}},
};

const EntityMap* find_entity(std::string_view entity) {
  for (const auto& e : kEntities) {
    if (e.entity == entity) return &e;
  }
  return nullptr;
}

}  // namespace

json::Document unified_record(std::string_view entity, const json::Value& wire,
                              const NormalizeContext& ctx) {
  Record r(entity, wire, ctx);
  if (const EntityMap* map = find_entity(entity)) map->fill(r);
  return r.take();
}

Changes changes(std::string_view entity, const json::Value& wire,
                const json::Value* previous_attributes, const NormalizeContext& ctx) {
  Changes out;
  const EntityMap* map = find_entity(entity);
  if (!map || !previous_attributes || !previous_attributes->IsObject()) return out;

  // The record as it was: today's wire record with the old attribute values laid over it,
  // mapped the same way, so previous values have exactly the shape of current ones.
  json::Document before_wire;
  before_wire.CopyFrom(wire, before_wire.GetAllocator());
  for (const auto& m : previous_attributes->GetObject()) {
    std::string_view key(m.name.GetString(), m.name.GetStringLength());
    json::set(before_wire, key, Value(m.value, before_wire.GetAllocator()),
              before_wire.GetAllocator());
  }
  json::Document before = unified_record(entity, before_wire, ctx);

  out.previous.SetObject();
  auto& a = out.previous.GetAllocator();
  for (const auto& m : previous_attributes->GetObject()) {
    std::string_view key(m.name.GetString(), m.name.GetStringLength());
    auto field = std::find_if(map->fields.begin(), map->fields.end(),
                              [&](const Field& f) { return f.wire == key; });
    if (field == map->fields.end()) continue;  // a wire attribute with no unified field
    for (std::string_view name : field->unified) {
      if (name.empty()) continue;
      if (std::find(out.changed_fields.begin(), out.changed_fields.end(), name) !=
          out.changed_fields.end()) {
        continue;
      }
      out.changed_fields.emplace_back(name);
      if (field->personal) continue;
      json::set(out.previous, name, json::copy(json::find(before, name), a), a);
    }
  }
  if (out.previous.ObjectEmpty()) out.previous.SetNull();
  return out;
}

}  // namespace weft::sandbox
