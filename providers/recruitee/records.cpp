// Recruitee values and records: ids, times, stages, and the candidate and job records.
#include "providers/recruitee/records.h"
#include "providers/core/names.h"

#include "providers/core/enums.h"
#include "providers/core/timestamps.h"

namespace weft::recruitee {

using json::Value;

std::optional<std::string> id_of(const Value& object, std::string_view key) {
  auto id = json::text(json::find(object, key));
  if (id && id->empty()) return std::nullopt;
  return id;
}

std::optional<std::string> string_of(const Value& object, std::string_view key) {
  const Value* v = json::find(object, key);
  if (!v || !v->IsString()) return std::nullopt;
  return std::string(v->GetString(), v->GetStringLength());
}

const Value* object_of(const Value& object, std::string_view key) {
  const Value* v = json::find(object, key);
  return v && v->IsObject() ? v : nullptr;
}

std::optional<std::string> time_of(const Value& object, std::string_view key) {
  auto raw = string_of(object, key);
  return raw ? utc_timestamp(*raw) : std::nullopt;
}

std::string application_remote_id(std::string_view candidate_id, std::string_view offer_id) {
  return std::string(candidate_id) + ":" + std::string(offer_id);
}

std::vector<std::string> placement_offer_ids(const Value& candidate) {
  std::vector<std::string> ids;
  const Value* placements = json::find(candidate, "placements");
  if (!placements || !placements->IsArray()) return ids;
  for (const auto& p : placements->GetArray()) {
    if (auto offer = p.IsObject() ? id_of(p, "offer_id") : std::nullopt) ids.push_back(*offer);
  }
  return ids;
}

// Recruitee's fixed stage categories. Referred and sourced candidates have not applied.
const EnumTable kStageCategories = {
    {"apply", "applied"},     {"phone_screen", "screen"}, {"interview", "interview"},
    {"evaluation", "review"}, {"offer", "offer"},         {"hire", "hired"},
    {"referred", "other"},    {"sourced", "other"},
};

std::string_view stage_category(std::string_view category) {
  return map_enum(kStageCategories, category);
}

std::string_view category_of(const Value* stage) {
  auto raw = stage ? string_of(*stage, "category") : std::nullopt;
  return raw ? stage_category(*raw) : "unknown";
}

Value stage_ref(const Value* stage, const NormalizeContext& ctx, json::Allocator& a) {
  if (!stage) return Value();
  auto id = id_of(*stage, "id");
  auto raw = string_of(*stage, "category");
  Value s(rapidjson::kObjectType);
  s.AddMember(
      "id",
      json::string_or_null(id ? std::optional(ctx.unified_id("stage", *id)) : std::nullopt, a), a);
  s.AddMember("remote_id", json::string_or_null(id, a), a);
  s.AddMember("name", json::string_or_null(string_of(*stage, "name"), a), a);
  set_enum(s, "category", kStageCategories, raw, a);
  const Value* position = json::find(*stage, "position");
  s.AddMember("order", position && position->IsInt() ? Value(position->GetInt()) : Value(), a);
  return s;
}

namespace {

std::optional<std::string> web_url(const Value& object, std::string_view key) {
  auto url = string_of(object, key);
  if (url && (url->starts_with("https://") || url->starts_with("http://"))) return url;
  return std::nullopt;
}

void record_head(json::Document& out, const Value& vendor, std::string_view url_key) {
  out.SetObject();
  put(out, "id", Value());  // seal() fills id and remote_id
  put(out, "remote_id", Value());
  put_text(out, "remote_url", web_url(vendor, url_key));
  put_text(out, "remote_created_at", time_of(vendor, "created_at"));
  put_text(out, "remote_updated_at", time_of(vendor, "updated_at"));
  put(out, "remote_deleted_at", Value());
  // Recruitee custom fields are a list of profile fields with no stable key: not passed on.
  put(out, "custom_fields", Value(rapidjson::kObjectType));
}

// Recruitee keeps one `name`.
void write_name(json::Document& out, const Value& c) {
  auto [first, last] = split_display_name(string_of(c, "name").value_or(""));
  put_text(out, "first_name", first);
  put_text(out, "last_name", last);
}

// A list of strings (or of objects with `value_key`) as [{<out_key>, type, type_raw}].
Value contact_list(const Value* items, std::string_view value_key, std::string_view out_key,
                   std::optional<std::string_view> type, json::Allocator& a) {
  if (!items || !items->IsArray()) return Value();  // not sent: not told
  Value list(rapidjson::kArrayType);
  for (const auto& item : items->GetArray()) {
    std::optional<std::string> value;
    if (item.IsString()) value = std::string(item.GetString(), item.GetStringLength());
    if (item.IsObject()) value = string_of(item, value_key);
    if (!value || value->empty()) continue;
    Value entry(rapidjson::kObjectType);
    entry.AddMember(json::string(out_key, a), json::string(*value, a), a);
    set_enum(entry, "type", type, std::nullopt, a);
    list.PushBack(entry, a);
  }
  return list;
}

Value string_list(const Value* items, json::Allocator& a) {
  if (!items || !items->IsArray()) return Value();
  Value list(rapidjson::kArrayType);
  for (const auto& item : items->GetArray()) {
    if (item.IsString()) list.PushBack(json::string(item.GetString(), a), a);
    if (item.IsObject()) {
      if (auto name = string_of(item, "name")) list.PushBack(json::string(*name, a), a);
    }
  }
  return list;
}

}  // namespace

void candidate_record(const Value& c, const NormalizeContext& ctx, json::Document& out) {
  record_head(out, c, "adminapp_url");
  auto& a = out.GetAllocator();
  write_name(out, c);
  put(out, "company", Value());
  put(out, "title", Value());
  Value emails = contact_list(json::find(c, "emails"), "email", "address", std::nullopt, a);
  if (emails.IsArray()) {
    for (auto& e : emails.GetArray()) e.AddMember("is_primary", Value(), a);  // not said
  }
  put(out, "emails", std::move(emails));
  put(out, "phone_numbers",
      contact_list(json::find(c, "phones"), "phone", "number", std::nullopt, a));
  Value urls = contact_list(json::find(c, "links"), "url", "url", std::nullopt, a);
  Value social = contact_list(json::find(c, "social_links"), "url", "url", "social_media", a);
  if (urls.IsNull() && social.IsArray()) urls.SetArray();
  if (social.IsArray()) {
    for (auto& s : social.GetArray()) urls.PushBack(s, a);
  }
  put(out, "urls", std::move(urls));
  put(out, "locations", Value());
  put(out, "tags", string_list(json::find(c, "tags"), a));
  put(out, "is_private", Value());
  put(out, "can_email", Value());
  // Only a payload that lists the placements says which applications there are.
  const Value* placements = json::find(c, "placements");
  if (placements && placements->IsArray()) {
    Value ids(rapidjson::kArrayType);
    auto candidate_id = id_of(c, "id").value_or("");
    for (const auto& offer : placement_offer_ids(c)) {
      ids.PushBack(
          json::string(ctx.unified_id("application", application_remote_id(candidate_id, offer)),
                       a),
          a);
    }
    put(out, "application_ids", std::move(ids));
  } else {
    put(out, "application_ids", Value());
  }
  put(out, "attachment_ids", Value());
}

namespace {

// Recruitee offer statuses; "internal" is published on the internal careers page only.
const EnumTable kJobStatuses = {{"draft", "draft"},
                                {"internal", "open"},
                                {"published", "open"},
                                {"closed", "closed"},
                                {"archived", "archived"}};

const EnumTable kEmploymentTypes = {
    {"fulltime", "full_time"},
    {"full_time", "full_time"},
    {"fulltime_permanent", "full_time"},
    {"fulltime_fixed_term", "full_time"},
    {"parttime", "part_time"},
    {"part_time", "part_time"},
    {"parttime_permanent", "part_time"},
    {"parttime_fixed_term", "part_time"},
    {"contract", "contract"},
    {"contractor", "contract"},
    {"freelance", "contract"},
    {"temporary", "temporary"},
    {"internship", "internship"},
    {"traineeship", "internship"},
    {"other", "other"},
};

Value named_refs(const Value& offer, const NormalizeContext& ctx, std::string_view key,
                 std::string_view entity, json::Allocator& a) {
  const Value* d = object_of(offer, key);
  auto id = d ? id_of(*d, "id") : id_of(offer, std::string(key) + "_id");
  if (!id) return Value();
  Value list(rapidjson::kArrayType);
  Value ref(rapidjson::kObjectType);
  ref.AddMember("id", json::string(ctx.unified_id(entity, *id), a), a);
  ref.AddMember("remote_id", json::string(*id, a), a);
  ref.AddMember("name", json::string_or_null(d ? string_of(*d, "name") : std::nullopt, a), a);
  list.PushBack(ref, a);
  return list;
}

Value user_refs(const Value& offer, const NormalizeContext& ctx, std::string_view key,
                json::Allocator& a) {
  auto id = id_of(offer, key);
  if (!id) return Value();
  Value list(rapidjson::kArrayType);
  Value ref(rapidjson::kObjectType);
  ref.AddMember("id", json::string(ctx.unified_id("user", *id), a), a);
  ref.AddMember("remote_id", json::string(*id, a), a);
  ref.AddMember("name", Value(), a);
  ref.AddMember("email", Value(), a);
  list.PushBack(ref, a);
  return list;
}

}  // namespace

void job_record(const Value& offer, const NormalizeContext& ctx, json::Document& out) {
  record_head(out, offer, "adminapp_url");
  auto& a = out.GetAllocator();
  if (out["remote_url"].IsNull()) put_text(out, "remote_url", web_url(offer, "careers_url"));
  put_text(out, "title", string_of(offer, "title"));
  put(out, "code", Value());
  set_enum(out, "status", kJobStatuses, string_of(offer, "status"), a);
  put(out, "confidential", Value());
  put(out, "departments", named_refs(offer, ctx, "department", "department", a));
  put(out, "offices", Value());  // Recruitee sends a location text, not an office record
  put(out, "hiring_managers", user_refs(offer, ctx, "hiring_manager_id", a));
  put(out, "recruiters", user_refs(offer, ctx, "recruiter_id", a));
  put(out, "openings", Value());
  set_enum(out, "employment_type", kEmploymentTypes, string_of(offer, "employment_type"), a);
  put(out, "remote",
      json::boolean(offer, "remote") ? Value(*json::boolean(offer, "remote")) : Value());
  put_text(out, "opened_at", time_of(offer, "published_at"));
  put_text(out, "closed_at", time_of(offer, "closed_at"));
}

}  // namespace weft::recruitee
