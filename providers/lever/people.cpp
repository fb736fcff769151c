// Lever people as unified candidates: from the contact fields Lever aggregates onto an
// opportunity, or from a contact read on its own.
#include "providers/core/enums.h"
#include "providers/core/names.h"
#include "providers/lever/records.h"
#include "providers/lever/values.h"
#include "providers/lever/writer.h"

namespace weft::lever {

namespace {

using json::Value;

const EnumTable kPhoneType = {{"mobile", "mobile"},
                              {"home", "home"},
                              {"work", "work"},
                              {"skype", "skype"},
                              {"other", "other"}};

Value strings(const Value* items, json::Allocator& a) {
  Value list(rapidjson::kArrayType);
  if (!items || !items->IsArray()) return list;
  for (const auto& v : items->GetArray()) {
    if (v.IsString() && v.GetStringLength() > 0) list.PushBack(json::string(v.GetString(), a), a);
  }
  return list;
}

// Lever e-mails are bare strings: no type, no primary flag.
Value emails(const Value& person, json::Allocator& a) {
  Value list(rapidjson::kArrayType);
  const Value* items = json::find(person, "emails");
  if (!items || !items->IsArray()) return list;
  for (const auto& v : items->GetArray()) {
    if (!v.IsString() || v.GetStringLength() == 0) continue;
    Value e(rapidjson::kObjectType);
    e.AddMember("address", json::string(v.GetString(), a), a);
    set_enum(e, "type", std::nullopt, std::nullopt, a);
    e.AddMember("is_primary", Value(), a);
    list.PushBack(e, a);
  }
  return list;
}

Value phones(const Value& person, json::Allocator& a) {
  Value list(rapidjson::kArrayType);
  const Value* items = json::find(person, "phones");
  if (!items || !items->IsArray()) return list;
  for (const auto& v : items->GetArray()) {
    auto number = v.IsObject() ? string_member(v, "value") : std::nullopt;
    if (!number || number->empty()) continue;
    Value p(rapidjson::kObjectType);
    p.AddMember("number", json::string(*number, a), a);
    set_enum(p, "type", kPhoneType, string_member(v, "type"), a);
    list.PushBack(p, a);
  }
  return list;
}

Value links(const Value& person, json::Allocator& a) {
  Value list(rapidjson::kArrayType);
  const Value* items = json::find(person, "links");
  if (!items || !items->IsArray()) return list;
  for (const auto& v : items->GetArray()) {
    if (!v.IsString() || v.GetStringLength() == 0) continue;
    Value u(rapidjson::kObjectType);
    u.AddMember("url", json::string(v.GetString(), a), a);
    set_enum(u, "type", std::nullopt, std::nullopt, a);
    list.PushBack(u, a);
  }
  return list;
}

// Opportunities carry the location as text, contacts as {"name"}.
Value locations(const Value* location, json::Allocator& a) {
  Value list(rapidjson::kArrayType);
  std::optional<std::string> name;
  if (location && location->IsString()) name = std::string(location->GetString());
  if (location && location->IsObject()) name = string_member(*location, "name");
  if (name && !name->empty()) {
    Value l(rapidjson::kObjectType);
    l.AddMember("name", json::string(*name, a), a);
    list.PushBack(l, a);
  }
  return list;
}

void person_fields(Writer& w, const Value& person) {
  auto& a = w.a();
  auto name = string_member(person, "name");
  auto [first, last] = name ? split_display_name(*name) : std::pair{std::nullopt, std::nullopt};
  w.text("first_name", first);
  w.text("last_name", last);
  // Lever's headline lists past companies and schools: neither a company nor a title.
  w.put("company", Value());
  w.put("title", Value());
  w.put("emails", emails(person, a));
  w.put("phone_numbers", phones(person, a));
}

}  // namespace

void candidate_from_opportunity(json::Document& out, const json::Value& opp,
                                const NormalizeContext& ctx) {
  Writer w(out, ctx);
  auto& a = w.a();
  // The opportunity's own times and URL are not the person's.
  w.base(std::nullopt, std::nullopt, std::nullopt);
  person_fields(w, opp);
  w.put("urls", links(opp, a));
  w.put("locations", locations(json::find(opp, "location"), a));
  w.put("tags", strings(json::find(opp, "tags"), a));
  w.put("is_private", Value());
  w.put("can_email", Value());
  // Only the opportunity at hand: a contact's other opportunities are not named here.
  Value ids(rapidjson::kArrayType);
  if (auto id = id_of(opp, "id"))
    ids.PushBack(json::string(ctx.unified_id("application", *id), a), a);
  w.put("application_ids", std::move(ids));
  w.put("attachment_ids", Value());
}

void candidate_from_contact(json::Document& out, const json::Value& contact,
                            const NormalizeContext& ctx) {
  Writer w(out, ctx);
  auto& a = w.a();
  w.base(std::nullopt, std::nullopt, std::nullopt);
  person_fields(w, contact);
  w.put("urls", Value());  // links live on opportunities, not contacts
  w.put("locations", locations(json::find(contact, "location"), a));
  w.put("tags", Value());
  w.put("is_private", Value());
  w.put("can_email", Value());
  w.put("application_ids", Value());
  w.put("attachment_ids", Value());
}

}  // namespace weft::lever
