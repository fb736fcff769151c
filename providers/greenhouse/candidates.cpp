// Greenhouse candidates: update_candidate, delete_candidate, merge_candidate,
// candidate_anonymized, and the candidate record the application actions also carry.
#include "providers/greenhouse/mapping.h"

namespace weft::greenhouse {

namespace {

using json::Value;

// [{value, type}] -> [{<value_key>, type, type_raw}], the type one of allowed.
Value typed_list(const Value& candidate, std::string_view vendor_key, std::string_view value_key,
                 std::initializer_list<std::string_view> allowed, json::Allocator& a) {
  Value list(rapidjson::kArrayType);
  const Value* items = json::find(candidate, vendor_key);
  if (!items || !items->IsArray()) return list;
  for (const auto& item : items->GetArray()) {
    auto value = string_member(item, "value");
    if (!value) continue;
    auto raw = string_member(item, "type");
    Value entry(rapidjson::kObjectType);
    entry.AddMember(json::string(value_key, a), json::string(*value, a), a);
    set_enum(entry, "type", raw ? one_of(snake_case(*raw), allowed) : "unknown", raw, a);
    list.PushBack(entry, a);
  }
  return list;
}

Value string_list(const Value* items, json::Allocator& a) {
  Value list(rapidjson::kArrayType);
  if (!items || !items->IsArray()) return list;
  for (const auto& item : items->GetArray()) {
    if (item.IsString()) list.PushBack(json::string(item.GetString(), a), a);
  }
  return list;
}

// Greenhouse sends no primary flag; the order of its lists carries no documented meaning.
void write_emails(Record& r, const Value& c) {
  auto& a = r.alloc();
  Value emails = typed_list(c, "email_addresses", "address", {"personal", "work", "other"}, a);
  for (auto& e : emails.GetArray()) e.AddMember("is_primary", Value(), a);
  r.put("emails", std::move(emails));
}

void write_urls(Record& r, const Value& c) {
  auto& a = r.alloc();
  Value urls = typed_list(c, "website_addresses", "url",
                          {"personal", "company", "portfolio", "blog", "other"}, a);
  if (const Value* social = json::find(c, "social_media_addresses"); social && social->IsArray()) {
    for (const auto& item : social->GetArray()) {
      auto value = string_member(item, "value");
      if (!value) continue;
      Value entry(rapidjson::kObjectType);
      entry.AddMember("url", json::string(*value, a), a);
      set_enum(entry, "type", "social_media", std::nullopt, a);
      urls.PushBack(entry, a);
    }
  }
  r.put("urls", std::move(urls));
}

// A deleted or merged-away person: Greenhouse documents `person`; `candidate` is accepted too.
const Value* person(const Input& in) {
  const Value* p = json::find(in.payload, "person");
  if (!p) p = json::find(in.payload, "candidate");
  return p && p->IsObject() ? p : nullptr;
}

std::vector<std::string> deleted_application_ids(const Value& p) {
  auto ids = id_list(json::find(p, "deleted_application_ids"));
  if (ids.empty()) ids = id_list(json::find(p, "application_ids"));
  return ids;
}

}  // namespace

void write_candidate(Record& r, const Value& c, const std::vector<std::string>& application_ids) {
  auto& a = r.alloc();
  r.remote_fields(c);
  r.text("first_name", string_member(c, "first_name"));
  r.text("last_name", string_member(c, "last_name"));
  r.text("company", string_member(c, "company"));
  r.text("title", string_member(c, "title"));
  write_emails(r, c);
  r.put("phone_numbers",
        typed_list(c, "phone_numbers", "number", {"home", "work", "mobile", "skype", "other"}, a));
  write_urls(r, c);
  r.put("locations", typed_list(c, "addresses", "name", {"home", "work", "other"}, a));
  r.put("tags", string_list(json::find(c, "tags"), a));
  r.flag("is_private", json::boolean(c, "is_private"));
  r.flag("can_email", json::boolean(c, "can_email"));
  // Greenhouse names only the applications of the payload at hand, never the full list; with
  // none named, null says "not told" rather than "none".
  if (application_ids.empty()) {
    r.put("application_ids", Value());
  } else {
    r.refs("application_ids", "application", application_ids);
  }
  // Webhook attachments carry a file name and a short-lived URL but no id to refer to.
  r.put("attachment_ids", Value());
  r.custom_fields(c);
}

std::string map_candidate_updated(const Input& in) {
  const Value* c = json::find(in.payload, "candidate");
  if (!c || !c->IsObject()) return lacks(in, "candidate");
  auto id = id_of(*c, "id");
  if (!id) return lacks(in, "candidate.id");
  auto& draft = add_event(in.events, "ats.candidate.updated", {"candidate", *id, *id, {}},
                          DataMode::full, time_member(*c, "updated_at").value_or(""));
  Record r(draft.data, in.ctx);
  write_candidate(r, *c, {});
  return {};
}

// Deleting a candidate deletes its applications without a delete_application webhook each, so
// their tombstones are emitted here: application subscribers would never learn otherwise.
std::string map_candidate_deleted(const Input& in) {
  const Value* p = person(in);
  if (!p) return lacks(in, "person");
  auto id = id_of(*p, "id");
  if (!id) return lacks(in, "person.id");
  auto applications = deleted_application_ids(*p);
  Record(add_tombstone(in.events, {"candidate", *id, *id, {}}, "deleted").data, in.ctx)
      .refs("application_ids", "application", applications);
  for (const auto& app : applications) {
    Record(add_tombstone(in.events, {"application", app, *id, {}}, "deleted").data, in.ctx)
        .ref("candidate_id", "candidate", *id);
  }
  return {};
}

// The merged-away record is gone: `merged` says where to (merged_into_id), and a `deleted`
// tombstone follows for subscribers that only watch deletions. Both are about that record;
// the survivor changes in later webhooks of its own.
std::string map_candidate_merged(const Input& in) {
  const Value* p = person(in);
  if (!p) return lacks(in, "person");
  auto id = id_of(*p, "id");
  if (!id) return lacks(in, "person.id");
  auto survivor = id_of(*p, "new_candidate_id");
  if (!survivor) return lacks(in, "person.new_candidate_id");
  auto applications = deleted_application_ids(*p);
  for (auto type : {"ats.candidate.merged", "ats.candidate.deleted"}) {
    auto& draft = add_tombstone(in.events, {"candidate", *id, *id, {}}, "merged");
    draft.type = type;
    Record r(draft.data, in.ctx);
    r.ref("merged_into_id", "candidate", survivor);
    r.text("merged_into_remote_id", survivor);
    if (!applications.empty()) r.refs("application_ids", "application", applications);
  }
  return {};
}

// Anonymizing keeps the record but erases fields. Subscribers get `updated` (partial) with the
// new value of every erased field Greenhouse documents (so they can erase their copy), then
// `anonymized` as a tombstone-style notice. A field only partly erased (urls, when websites or
// social media links alone go) is named in changed_fields with null: refetch it.
std::string map_candidate_anonymized(const Input& in) {
  auto id = id_of(in.payload, "candidate_id");
  if (!id) return lacks(in, "candidate_id");
  const Value* fields = json::find(in.payload, "anonymized_fields");
  if (!fields || !fields->IsArray()) return lacks(in, "anonymized_fields");

  auto& draft =
      add_event(in.events, "ats.candidate.updated", {"candidate", *id, *id, {}}, DataMode::partial);
  Record r(draft.data, in.ctx);
  auto& a = r.alloc();
  auto has = [&](std::string_view name) {
    for (const auto& f : fields->GetArray()) {
      if (f.IsString() && name == f.GetString()) return true;
    }
    return false;
  };
  auto erased = [&](std::string_view unified, Value value) {
    r.put(unified, std::move(value));
    draft.changed_fields.emplace_back(unified);
  };
  if (has("full_name")) {  // Greenhouse sets "Anonymized" and the candidate id
    erased("first_name", json::string("Anonymized", a));
    erased("last_name", json::string(*id, a));
  }
  if (has("current_company")) erased("company", Value());
  if (has("current_title")) erased("title", Value());
  if (has("email_addresses")) erased("emails", Value(rapidjson::kArrayType));
  if (has("phone_numbers")) erased("phone_numbers", Value(rapidjson::kArrayType));
  if (has("addresses")) erased("locations", Value(rapidjson::kArrayType));
  if (has("websites") && has("social_media_links")) {
    erased("urls", Value(rapidjson::kArrayType));
  } else if (has("websites") || has("social_media_links")) {
    erased("urls", Value());
  }
  if (has("tags")) erased("tags", Value(rapidjson::kArrayType));
  if (has("attachments")) erased("attachment_ids", Value(rapidjson::kArrayType));
  if (has("custom_candidate_fields")) erased("custom_fields", Value(rapidjson::kObjectType));

  auto& notice = add_tombstone(in.events, {"candidate", *id, *id, {}}, "anonymized");
  notice.type = "ats.candidate.anonymized";
  return {};
}

}  // namespace weft::greenhouse
