// Pinpoint applications and applicants as unified records (see records.h).
#include "providers/pinpoint/records.h"

#include <array>

#include "providers/core/enums.h"
#include "providers/core/timestamps.h"

namespace weft::pinpoint {

namespace {

using json::Value;

std::optional<std::string> text_attr(const Value* attrs, std::string_view key) {
  const Value* v = attrs ? json::find(*attrs, key) : nullptr;
  if (!v || !v->IsString() || v->GetStringLength() == 0) return std::nullopt;
  return std::string(v->GetString(), v->GetStringLength());
}

std::optional<std::string> time_attr(const Value* attrs, std::string_view key) {
  auto t = text_attr(attrs, key);
  return t ? utc_timestamp(*t) : std::nullopt;
}

const Value* attributes_of(const Value* resource) {
  const Value* a = resource ? json::find(*resource, "attributes") : nullptr;
  return a && a->IsObject() ? a : nullptr;
}

// The included resource of this type and id.
const Value* included(const json::Document& doc, std::string_view type, const std::string& id) {
  const Value* list = json::find(doc, "included");
  if (id.empty() || !list || !list->IsArray()) return nullptr;
  for (const auto& r : list->GetArray()) {
    if (json::text(r, "type") == type && id_text(json::find(r, "id")) == id) return &r;
  }
  return nullptr;
}

std::string lower_words(std::string_view text) {
  std::string out = " ";
  for (char c : text) {
    bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    out.push_back(!alnum ? ' ' : (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out + " ";
}

bool says(const std::string& words, std::string_view word) {
  return words.find(" " + std::string(word) + " ") != std::string::npos;
}

// What a stage's type (or, without one, its name) plainly says.
std::string_view stage_category(const Value* stage_attrs) {
  auto type = text_attr(stage_attrs, "stage_type");
  auto name = text_attr(stage_attrs, "name");
  std::string words = lower_words(type.value_or("") + " " + name.value_or(""));
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kWords = {{
      {"hired", "hired"},
      {"rejected", "rejected"},
      {"withdrawn", "rejected"},
      {"offer", "offer"},
      {"reference", "background_check"},
      {"background", "background_check"},
      {"assessment", "assessment"},
      {"screen", "screen"},
      {"screening", "screen"},
      {"interview", "interview"},
      {"review", "review"},
      {"applied", "applied"},
  }};
  for (const auto& [word, category] : kWords) {
    if (says(words, word)) return category;
  }
  return type || name ? "other" : "unknown";
}

}  // namespace

std::optional<std::string> id_text(const json::Value* value) {
  if (!value) return std::nullopt;
  if (value->IsString() && value->GetStringLength() == 0) return std::nullopt;
  if (value->IsString() || value->IsInt64() || value->IsUint64()) return json::text(value);
  return std::nullopt;
}

std::optional<std::string> relationship_id(const json::Value& resource, std::string_view name) {
  return id_text(json::find_path(resource, {"relationships", name, "data", "id"}));
}

bool read_application(const json::Document& doc, ApplicationView& out) {
  const Value* data = doc.IsObject() ? json::find(doc, "data") : nullptr;
  if (!data || !data->IsObject()) return false;
  out.application = data;
  out.attributes = attributes_of(data);
  out.candidate_id = relationship_id(*data, "candidate").value_or("");
  out.job_id = relationship_id(*data, "job").value_or("");
  out.stage_id = relationship_id(*data, "stage").value_or("");
  out.candidate = included(doc, "candidates", out.candidate_id);
  out.stage = included(doc, "stages", out.stage_id);
  return true;
}

std::string_view application_status(const ApplicationView& app, std::string_view fallback) {
  if (time_attr(app.attributes, "hired_at")) return "hired";
  if (time_attr(app.attributes, "rejected_at")) return "rejected";
  if (time_attr(app.attributes, "withdrawn_at")) return "withdrawn";
  if (app.stage) {
    std::string words = lower_words(text_attr(attributes_of(app.stage), "stage_type").value_or("") +
                                    " " + text_attr(attributes_of(app.stage), "name").value_or(""));
    if (says(words, "hired")) return "hired";
    if (says(words, "rejected")) return "rejected";
    if (says(words, "withdrawn")) return "withdrawn";
    return "active";
  }
  return fallback.empty() ? "unknown" : fallback;
}

void application_record(json::Document& out, const ApplicationView& app, std::string_view status,
                        const NormalizeContext& ctx) {
  auto& a = out.GetAllocator();
  if (!out.IsObject()) out.SetObject();
  auto put = [&](std::string_view key, Value v) { json::set(out, key, std::move(v), a); };
  auto text = [&](std::string_view key, const std::optional<std::string>& v) {
    put(key, json::string_or_null(v, a));
  };
  auto ref = [&](std::string_view key, std::string_view entity, const std::string& id) {
    text(key, id.empty() ? std::nullopt : std::optional(ctx.unified_id(entity, id)));
  };
  const Value* attrs = app.attributes;
  put("id", Value());
  put("remote_id", Value());
  put("remote_url", Value());  // the API answer carries no link to Pinpoint's own page
  text("remote_created_at", time_attr(attrs, "created_at"));
  text("remote_updated_at", time_attr(attrs, "updated_at"));
  put("remote_deleted_at", Value());
  put("custom_fields", Value(rapidjson::kObjectType));
  ref("candidate_id", "candidate", app.candidate_id);
  ref("job_id", "job", app.job_id);
  // Pinpoint has no status text of its own: the raw value is the stage's type when sent.
  const Value* stage_attrs = attributes_of(app.stage);
  set_enum(out, "status", status, text_attr(stage_attrs, "stage_type"), a);
  if (!app.stage_id.empty()) {
    Value s(rapidjson::kObjectType);
    s.AddMember("id", json::string(ctx.unified_id("stage", app.stage_id), a), a);
    s.AddMember("remote_id", json::string(app.stage_id, a), a);
    s.AddMember("name", json::string_or_null(text_attr(stage_attrs, "name"), a), a);
    s.AddMember("category", json::string(stage_category(stage_attrs), a), a);
    const Value* pos = stage_attrs ? json::find(*stage_attrs, "position") : nullptr;
    s.AddMember("order", pos && pos->IsInt() ? Value(pos->GetInt()) : Value(), a);
    put("current_stage", std::move(s));
    set_enum(out, "stage_category", stage_category(stage_attrs), text_attr(stage_attrs, "name"), a);
  } else {
    put("current_stage", Value());
    set_enum(out, "stage_category", "unknown", std::nullopt, a);
  }
  auto created = time_attr(attrs, "created_at");
  auto applied = time_attr(attrs, "applied_at");
  text("applied_at", applied ? applied : created);
  auto rejected_at = time_attr(attrs, "rejected_at");
  text("rejected_at", status == "rejected" ? rejected_at : std::nullopt);
  text("hired_at", status == "hired" ? time_attr(attrs, "hired_at") : std::nullopt);
  if (status == "rejected") {
    Value rej(rapidjson::kObjectType);
    rej.AddMember("reason_id", Value(), a);
    rej.AddMember("reason_name", json::string_or_null(text_attr(attrs, "rejection_reason"), a), a);
    set_enum(rej, "reason_type", std::nullopt, std::nullopt, a);
    rej.AddMember("note", Value(), a);
    rej.AddMember("rejected_at", json::string_or_null(rejected_at, a), a);
    put("rejection", std::move(rej));
  } else {
    put("rejection", Value());
  }
  text("source", text_attr(attrs, "source"));
  put("origin", Value());
  put("credited_to_id", Value());
  put("is_prospect", Value());
  put("offer_ids", Value());
  put("interview_ids", Value());
  put("attachment_ids", Value());
}

void candidate_record(json::Document& out, const ApplicationView& app, std::string_view app_id,
                      const NormalizeContext& ctx) {
  auto& a = out.GetAllocator();
  if (!out.IsObject()) out.SetObject();
  auto put = [&](std::string_view key, Value v) { json::set(out, key, std::move(v), a); };
  const Value* c = app.candidate ? attributes_of(app.candidate) : app.attributes;
  auto text = [&](std::string_view key, std::string_view attr) {
    put(key, json::string_or_null(text_attr(c, attr), a));
  };
  put("id", Value());
  put("remote_id", Value());
  put("remote_url", Value());
  put("remote_created_at",
      json::string_or_null(app.candidate ? time_attr(c, "created_at") : std::nullopt, a));
  put("remote_updated_at",
      json::string_or_null(app.candidate ? time_attr(c, "updated_at") : std::nullopt, a));
  put("remote_deleted_at", Value());
  put("custom_fields", Value(rapidjson::kObjectType));
  text("first_name", "first_name");
  text("last_name", "last_name");
  put("company", Value());
  put("title", Value());
  Value emails(rapidjson::kArrayType);
  if (auto email = text_attr(c, "email")) {
    Value e(rapidjson::kObjectType);
    e.AddMember("address", json::string(*email, a), a);
    set_enum(e, "type", std::nullopt, std::nullopt, a);
    e.AddMember("is_primary", Value(true), a);  // Pinpoint keeps one address
    emails.PushBack(e, a);
  }
  put("emails", std::move(emails));
  Value phones(rapidjson::kArrayType);
  if (auto phone = text_attr(c, "phone")) {
    Value p(rapidjson::kObjectType);
    p.AddMember("number", json::string(*phone, a), a);
    set_enum(p, "type", std::nullopt, std::nullopt, a);
    phones.PushBack(p, a);
  }
  put("phone_numbers", std::move(phones));
  Value urls(rapidjson::kArrayType);
  if (auto linkedin = text_attr(c, "linkedin_url")) {
    Value u(rapidjson::kObjectType);
    u.AddMember("url", json::string(*linkedin, a), a);
    set_enum(u, "type", "social_media", std::nullopt, a);
    urls.PushBack(u, a);
  }
  put("urls", std::move(urls));
  Value locations(rapidjson::kArrayType);
  auto street = text_attr(c, "address1");
  auto city = text_attr(c, "town");
  auto postcode = text_attr(c, "postcode");
  auto country = text_attr(c, "country");
  if (street || city || postcode || country) {
    Value l(rapidjson::kObjectType);
    l.AddMember("name", Value(), a);
    l.AddMember("street", json::string_or_null(street, a), a);
    l.AddMember("city", json::string_or_null(city, a), a);
    l.AddMember("region", Value(), a);
    l.AddMember("postal_code", json::string_or_null(postcode, a), a);
    l.AddMember("country", json::string_or_null(country, a), a);
    set_enum(l, "type", std::nullopt, std::nullopt, a);
    locations.PushBack(l, a);
  }
  put("locations", std::move(locations));
  put("tags", Value());
  put("is_private", Value());
  put("can_email", Value());
  Value ids(rapidjson::kArrayType);
  ids.PushBack(json::string(ctx.unified_id("application", app_id), a), a);
  put("application_ids", std::move(ids));
  put("attachment_ids", Value());
}

}  // namespace weft::pinpoint
