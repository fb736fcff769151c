// Field by field from the Workable candidate object (workable.readme.io, /candidates/:id):
// stage, stage_kind, disqualified, withdrew, disqualified_at, disqualification_reason,
// hired_at, sourced, profile_url, email, phone, social_profiles, location, tags, job.
#include "providers/workable/records.h"

#include "providers/core/enums.h"
#include "providers/core/timestamps.h"

namespace weft::workable {

namespace {

using json::Value;

// Workable's fixed stage kinds; the stage name itself is the account's own.
const EnumTable kCategory = {
    {"sourced", "applied"},       {"applied", "applied"},     {"shortlisted", "review"},
    {"assessment", "assessment"}, {"phone_screen", "screen"}, {"phone-screen", "screen"},
    {"interview", "interview"},   {"offer", "offer"},         {"hired", "hired"}};

const EnumTable kSocial = {{"linkedin", "social_media"}, {"twitter", "social_media"},
                           {"facebook", "social_media"}, {"github", "portfolio"},
                           {"dribbble", "portfolio"},    {"behance", "portfolio"}};

std::optional<std::string> str(const Value& o, std::string_view key) {
  const Value* v = json::find(o, key);
  if (!v || !v->IsString() || v->GetStringLength() == 0) return std::nullopt;
  return std::string(v->GetString(), v->GetStringLength());
}

// An RFC 3339 time or a bare date (its midnight) in UTC.
std::optional<std::string> time_of(const Value& o, std::string_view key) {
  auto raw = str(o, key);
  if (!raw) return std::nullopt;
  if (auto t = utc_timestamp(*raw)) return t;
  auto day = parse_date(*raw);
  return day ? std::optional(format_timestamp(*day)) : std::nullopt;
}

class Writer {
 public:
  Writer(json::Document& doc, const NormalizeContext& ctx)
      : doc_(doc), a_(doc.GetAllocator()), ctx_(ctx) {
    doc_.SetObject();
    put("id", Value());
    put("remote_id", Value());
  }
  json::Allocator& a() { return a_; }
  void put(std::string_view key, Value v) { json::set(doc_, key, std::move(v), a_); }
  void text(std::string_view key, const std::optional<std::string>& v) {
    put(key, json::string_or_null(v, a_));
  }
  void ref(std::string_view key, std::string_view entity, const std::optional<std::string>& id) {
    text(key, id ? std::optional(ctx_.unified_id(entity, *id)) : std::nullopt);
  }
  void remote(const Value& c) {
    auto url = str(c, "profile_url");
    text("remote_url",
         url && (url->starts_with("https://") || url->starts_with("http://")) ? url : std::nullopt);
    text("remote_created_at", time_of(c, "created_at"));
    text("remote_updated_at", time_of(c, "updated_at"));
    put("remote_deleted_at", Value());
    put("custom_fields", Value(rapidjson::kObjectType));
  }
  const NormalizeContext& ctx() const { return ctx_; }
  Value& doc() { return doc_; }

 private:
  json::Document& doc_;
  json::Allocator& a_;
  const NormalizeContext& ctx_;
};

Value contact(std::string_view key, const std::optional<std::string>& value, bool primary,
              json::Allocator& a) {
  if (!value) return Value();
  Value list(rapidjson::kArrayType);
  Value item(rapidjson::kObjectType);
  item.AddMember(json::string(key, a), json::string(*value, a), a);
  set_enum(item, "type", std::nullopt, std::nullopt, a);
  if (primary) item.AddMember("is_primary", Value(true), a);
  list.PushBack(std::move(item), a);
  return list;
}

Value urls(const Value& c, json::Allocator& a) {
  const Value* profiles = json::find(c, "social_profiles");
  if (!profiles || !profiles->IsArray()) return Value();
  Value list(rapidjson::kArrayType);
  for (const auto& p : profiles->GetArray()) {
    if (!p.IsObject()) continue;
    auto url = str(p, "url");
    if (!url || !(url->starts_with("https://") || url->starts_with("http://"))) continue;
    auto type = str(p, "type");
    Value u(rapidjson::kObjectType);
    u.AddMember("url", json::string(*url, a), a);
    set_enum(u, "type", type ? std::optional(map_enum(kSocial, *type)) : std::nullopt, type, a);
    list.PushBack(std::move(u), a);
  }
  return list;
}

Value locations(const Value& c, json::Allocator& a) {
  const Value* loc = json::find(c, "location");
  if (!loc || !loc->IsObject()) {
    if (auto address = str(c, "address")) {
      Value list(rapidjson::kArrayType);
      list.PushBack(json::string(*address, a), a);
      return list;
    }
    return Value();
  }
  Value l(rapidjson::kObjectType);
  l.AddMember("name", json::string_or_null(str(*loc, "location_str"), a), a);
  l.AddMember("street", Value(), a);
  l.AddMember("city", json::string_or_null(str(*loc, "city"), a), a);
  l.AddMember("region", json::string_or_null(str(*loc, "region"), a), a);
  l.AddMember("postal_code", json::string_or_null(str(*loc, "zip_code"), a), a);
  l.AddMember("country", json::string_or_null(str(*loc, "country"), a), a);
  set_enum(l, "type", std::nullopt, std::nullopt, a);
  Value list(rapidjson::kArrayType);
  list.PushBack(std::move(l), a);
  return list;
}

Value tags(const Value& c, json::Allocator& a) {
  const Value* list = json::find(c, "tags");
  if (!list || !list->IsArray()) return Value();
  Value out(rapidjson::kArrayType);
  for (const auto& t : list->GetArray()) {
    if (t.IsString()) out.PushBack(json::string({t.GetString(), t.GetStringLength()}, a), a);
  }
  return out;
}

// The current job, from the experience entries, when one is marked current.
const Value* current_job(const Value& c) {
  const Value* list = json::find(c, "experience_entries");
  if (!list || !list->IsArray()) return nullptr;
  for (const auto& e : list->GetArray()) {
    if (e.IsObject() && json::boolean(e, "current").value_or(false)) return &e;
  }
  return nullptr;
}

}  // namespace

std::optional<std::string> job_of(const Value& c) {
  const Value* job = json::find(c, "job");
  return job && job->IsObject() ? str(*job, "shortcode") : std::nullopt;
}

Standing standing_of(const Value& c) {
  Standing s;
  auto kind = str(c, "stage_kind");
  s.category = kind ? std::string(map_enum(kCategory, *kind)) : "unknown";
  s.withdrew = json::boolean(c, "withdrew").value_or(false);
  bool disqualified = json::boolean(c, "disqualified").value_or(false);
  if (disqualified) {
    // Still at its stage: the stage category keeps saying which one.
    s.status = s.withdrew ? "withdrawn" : "rejected";
  } else if (s.category == "hired" || str(c, "hired_at")) {
    s.status = "hired";
  } else if (json::find(c, "disqualified") && json::find(c, "disqualified")->IsBool()) {
    s.status = "active";
  } else {
    s.status = "unknown";
  }
  return s;
}

void write_candidate(json::Document& data, const Value& c, const NormalizeContext& ctx) {
  Writer w(data, ctx);
  auto& a = w.a();
  w.remote(c);
  w.text("first_name", str(c, "firstname"));
  w.text("last_name", str(c, "lastname"));
  const Value* job = current_job(c);
  w.text("company", job ? str(*job, "company") : std::nullopt);
  w.text("title", job ? str(*job, "title") : str(c, "headline"));
  w.put("emails", contact("address", str(c, "email"), true, a));
  w.put("phone_numbers", contact("number", str(c, "phone"), false, a));
  w.put("urls", urls(c, a));
  w.put("locations", locations(c, a));
  w.put("tags", tags(c, a));
  w.put("is_private", Value());
  w.put("can_email", Value());
  Value apps(rapidjson::kArrayType);
  if (auto id = str(c, "id")) apps.PushBack(json::string(ctx.unified_id("application", *id), a), a);
  w.put("application_ids", std::move(apps));
  w.put("attachment_ids", Value());
}

void write_application(json::Document& data, const Value& c, const NormalizeContext& ctx) {
  Writer w(data, ctx);
  auto& a = w.a();
  w.remote(c);
  w.ref("candidate_id", "candidate", str(c, "id"));
  w.ref("job_id", "job", job_of(c));
  Standing s = standing_of(c);
  auto kind = str(c, "stage_kind");
  // Workable has no status field: it is derived from disqualified / withdrew / hired.
  set_enum(w.doc(), "status", std::string_view(s.status), std::nullopt, a);
  auto stage = str(c, "stage");
  if (stage) {
    Value st(rapidjson::kObjectType);
    // Stages are addressed by their slug within the job: "<shortcode>/<stage>".
    std::string remote = job_of(c).value_or("") + "/" + *stage;
    st.AddMember("id", json::string(ctx.unified_id("stage", remote), a), a);
    st.AddMember("remote_id", json::string(remote, a), a);
    st.AddMember("name", json::string(*stage, a), a);
    st.AddMember("category",
                 json::string(kind ? map_enum(kCategory, *kind) : std::string_view("unknown"), a),
                 a);
    st.AddMember("order", Value(), a);
    w.put("current_stage", std::move(st));
  } else {
    w.put("current_stage", Value());
  }
  set_enum(w.doc(), "stage_category", std::string_view(s.category), kind, a);
  w.text("applied_at", time_of(c, "created_at"));
  auto disqualified_at = time_of(c, "disqualified_at");
  w.text("rejected_at", s.status == "rejected" ? disqualified_at : std::nullopt);
  w.text("hired_at", time_of(c, "hired_at"));
  if (s.status == "rejected" || s.status == "withdrawn") {
    Value rej(rapidjson::kObjectType);
    rej.AddMember("reason_id", Value(), a);
    rej.AddMember("reason_name", json::string_or_null(str(c, "disqualification_reason"), a), a);
    set_enum(rej, "reason_type",
             std::string_view(s.withdrew ? "rejected_by_candidate" : "rejected_by_company"),
             std::nullopt, a);
    rej.AddMember("note", Value(), a);
    rej.AddMember("rejected_at", json::string_or_null(disqualified_at, a), a);
    w.put("rejection", std::move(rej));
  } else {
    w.put("rejection", Value());
  }
  w.text("source", str(c, "domain"));
  w.put("origin", Value());
  w.ref("credited_to_id", "user", std::nullopt);
  const Value* sourced = json::find(c, "sourced");
  w.put("is_prospect", sourced && sourced->IsBool() ? Value(sourced->GetBool()) : Value());
  w.put("offer_ids", Value());
  w.put("interview_ids", Value());
  w.put("attachment_ids", Value());
}

}  // namespace weft::workable
