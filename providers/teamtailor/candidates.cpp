// candidate.create / candidate.update / candidate.destroy -> unified candidate events.
#include "providers/core/enums.h"
#include "providers/teamtailor/resources.h"

namespace weft::teamtailor {

namespace {

using json::Value;

Value one_email(const Value& attrs, json::Allocator& a) {
  Value list(rapidjson::kArrayType);
  auto email = text_attribute(attrs, "email");
  if (!email || email->empty()) return list;
  Value e(rapidjson::kObjectType);
  json::set(e, "address", json::string(*email, a), a);
  set_enum(e, "type", std::nullopt, std::nullopt, a);  // Teamtailor keeps one, of no kind
  json::set(e, "is_primary", Value(true), a);
  list.PushBack(e, a);
  return list;
}

Value one_phone(const Value& attrs, json::Allocator& a) {
  Value list(rapidjson::kArrayType);
  auto phone = text_attribute(attrs, "phone");
  if (!phone || phone->empty()) return list;
  Value p(rapidjson::kObjectType);
  json::set(p, "number", json::string(*phone, a), a);
  set_enum(p, "type", std::nullopt, std::nullopt, a);
  list.PushBack(p, a);
  return list;
}

// LinkedIn and Facebook profile links; the same URL given twice is listed once.
Value social_urls(const Value& attrs, json::Allocator& a) {
  Value list(rapidjson::kArrayType);
  std::vector<std::string> seen;
  for (const char* key : {"linkedin-url", "linkedin-profile", "facebook-profile"}) {
    auto url = text_attribute(attrs, key);
    if (!url || url->empty()) continue;
    bool again = false;
    for (const auto& s : seen) again |= s == *url;
    if (again) continue;
    seen.push_back(*url);
    Value u(rapidjson::kObjectType);
    json::set(u, "url", json::string(*url, a), a);
    set_enum(u, "type", std::optional<std::string_view>("social_media"), std::nullopt, a);
    list.PushBack(u, a);
  }
  return list;
}

Value tags(const Value& attrs, json::Allocator& a) {
  const Value* list = attribute(attrs, "tags");
  if (!list || !list->IsArray()) return Value();
  Value out(rapidjson::kArrayType);
  for (const auto& t : list->GetArray()) {
    if (t.IsString()) out.PushBack(Value(t, a), a);
  }
  return out;
}

void candidate_record(const Resource& r, const NormalizeContext& ctx, json::Document& out) {
  out.SetObject();
  auto& a = out.GetAllocator();
  const Value& attrs = r.attributes;
  record_head(out, r, "candidate", ctx, a);
  json::set(out, "custom_fields", custom_fields(r, a), a);
  json::set(out, "first_name", json::string_or_null(text_attribute(attrs, "first-name"), a), a);
  json::set(out, "last_name", json::string_or_null(text_attribute(attrs, "last-name"), a), a);
  json::set(out, "company", Value(), a);
  json::set(out, "title", Value(), a);
  json::set(out, "emails", one_email(attrs, a), a);
  json::set(out, "phone_numbers", one_phone(attrs, a), a);
  json::set(out, "urls", social_urls(attrs, a), a);
  json::set(out, "tags", tags(attrs, a), a);
  json::set(out, "is_private", Value(), a);
  // Unsubscribed candidates have opted out of e-mail.
  auto unsubscribed = bool_attribute(attrs, "unsubscribed");
  json::set(out, "can_email", unsubscribed ? Value(!*unsubscribed) : Value(), a);
}

}  // namespace

std::string map_candidate(const Resource& r, std::string_view action, const NormalizeContext& ctx,
                          std::vector<EventDraft>& out) {
  if (action == "destroy") {
    out.push_back(tombstone({"candidate", r.id, "", ""}, ctx));
    return {};
  }
  std::string type = action == "create" ? "ats.candidate.created" : "ats.candidate.updated";
  EventDraft d =
      make_draft(std::move(type), {"candidate", r.id, "", ""},
                 time_attribute(r.attributes, "updated-at").value_or(""), DataMode::full);
  candidate_record(r, ctx, d.data);
  out.push_back(std::move(d));
  return {};
}

}  // namespace weft::teamtailor
