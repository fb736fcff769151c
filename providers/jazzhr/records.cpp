// JazzHR records: the candidate, its applications (profiles) and their attachments, from the
// HR Open Standards candidate of a CANDIDATE-EXPORT.
#include "providers/jazzhr/records.h"

#include "providers/core/record.h"

#include "providers/core/enums.h"
#include "providers/core/timestamps.h"

namespace weft::jazzhr {

using json::Value;

namespace {

void put_refs(json::Document& out, std::string_view key, const NormalizeContext& ctx,
              std::string_view entity, const std::vector<std::string>& ids) {
  auto& a = out.GetAllocator();
  Value list(rapidjson::kArrayType);
  for (const auto& id : ids) list.PushBack(json::string(ctx.unified_id(entity, id), a), a);
  put(out, key, std::move(list));
}

void record_head(json::Document& out) {
  out.SetObject();
  put(out, "id", Value());  // seal() fills id and remote_id
  put(out, "remote_id", Value());
}

void remote_fields(json::Document& out, const std::optional<std::string>& url) {
  put_text(out, "remote_url", url);
  put(out, "remote_created_at", Value());  // JazzHR exports say when, not since when
  put(out, "remote_updated_at", Value());
  put(out, "remote_deleted_at", Value());
  put(out, "custom_fields", Value(rapidjson::kObjectType));
}

std::optional<std::string> web_url(const std::optional<std::string>& text) {
  if (text && (text->starts_with("https://") || text->starts_with("http://"))) return text;
  return std::nullopt;
}

// " words of the text ", lowercased, anything else a space: for whole-word matching.
std::string words_of(std::string_view text) {
  std::string words = " ";
  for (char c : text) {
    bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if (alnum) {
      words.push_back(lower);
    } else if (words.back() != ' ') {
      words.push_back(' ');
    }
  }
  if (words.back() != ' ') words.push_back(' ');
  return words;
}

bool says(const std::string& words, std::initializer_list<std::string_view> phrases) {
  for (auto phrase : phrases) {
    std::string needle = " ";
    needle.append(phrase).push_back(' ');
    if (words.find(needle) != std::string::npos) return true;
  }
  return false;
}

bool says_rejected(const std::string& w) {
  return says(w, {"not hired", "rejected", "reject", "disqualified", "declined", "not selected",
                  "not a fit", "unqualified"});
}

const Value* first_opening(const Value& profile) {
  auto openings = objects_of(profile, "associatedPositionOpenings");
  return openings.empty() ? nullptr : openings.front();
}

const Value* status_object(const Value& profile) {
  const Value* opening = first_opening(profile);
  const Value* status = opening ? json::find(*opening, "candidateStatus") : nullptr;
  return status && status->IsObject() ? status : nullptr;
}

}  // namespace

std::optional<std::string> id_value(const Value* id) {
  if (!id) return std::nullopt;
  auto text = id->IsObject() ? json::text(json::find(*id, "value")) : json::text(id);
  if (text && text->empty()) return std::nullopt;
  return text;
}

std::optional<std::string> string_of(const Value& object, std::string_view key) {
  const Value* v = json::find(object, key);
  if (!v || !v->IsString()) return std::nullopt;
  return std::string(v->GetString(), v->GetStringLength());
}

std::vector<const Value*> objects_of(const Value& object, std::string_view key) {
  std::vector<const Value*> out;
  const Value* list = json::find(object, key);
  if (!list || !list->IsArray()) return out;
  for (const auto& item : list->GetArray()) {
    if (item.IsObject()) out.push_back(&item);
  }
  return out;
}

std::optional<std::string> utc_time(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  if (auto utc = utc_timestamp(*text)) return utc;
  auto day = parse_date(*text);
  return day ? std::optional(format_timestamp(*day)) : std::nullopt;
}

std::string_view status_of(std::string_view text) {
  std::string w = words_of(text);
  if (says_rejected(w)) return "rejected";
  if (says(w, {"withdrew", "withdrawn", "withdraw"})) return "withdrawn";
  if (says(w, {"hired", "hire"})) return "hired";
  if (says(w, {"active", "in progress", "open"})) return "active";
  return "unknown";
}

std::string_view stage_category(std::string_view status_name) {
  std::string w = words_of(status_name);
  if (says_rejected(w)) return "rejected";
  if (says(w, {"hired"})) return "hired";
  if (says(w, {"offer", "offered"})) return "offer";
  if (says(w, {"reference", "references", "background"})) return "background_check";
  if (says(w, {"assessment", "test", "assignment", "exercise"})) return "assessment";
  if (says(w, {"screen", "screening", "phone"})) return "screen";
  if (says(w, {"interview", "interviewed", "interviewing", "onsite"})) return "interview";
  if (says(w, {"review", "reviewed"})) return "review";
  if (says(w, {"new", "applied", "applicant"})) return "applied";
  return "other";
}

std::vector<std::string> application_ids(const Value& candidate) {
  std::vector<std::string> ids;
  for (const Value* profile : objects_of(candidate, "profiles")) {
    if (auto id = id_value(json::find(*profile, "profileId"))) ids.push_back(*id);
  }
  return ids;
}

namespace {

Value typed_list(const std::vector<const Value*>& items, std::string_view vendor_key,
                 std::string_view key, json::Allocator& a) {
  Value list(rapidjson::kArrayType);
  for (const Value* item : items) {
    auto value = string_of(*item, vendor_key);
    if (!value || value->empty()) continue;
    Value entry(rapidjson::kObjectType);
    entry.AddMember(json::string(key, a), json::string(*value, a), a);
    set_enum(entry, "type", std::optional<std::string_view>(), std::nullopt, a);
    list.PushBack(entry, a);
  }
  return list;
}

// communication.web: a URL, a list of URLs, or objects with a url.
Value urls_of(const Value* web, json::Allocator& a) {
  Value list(rapidjson::kArrayType);
  auto add = [&](const Value& v) {
    std::optional<std::string> url;
    if (v.IsString()) url = std::string(v.GetString(), v.GetStringLength());
    if (v.IsObject()) url = string_of(v, "url");
    if (!web_url(url)) return;
    Value entry(rapidjson::kObjectType);
    entry.AddMember("url", json::string(*url, a), a);
    set_enum(entry, "type", std::optional<std::string_view>(), std::nullopt, a);
    list.PushBack(entry, a);
  };
  if (web && web->IsArray()) {
    for (const auto& v : web->GetArray()) add(v);
  } else if (web) {
    add(*web);
  }
  return list;
}

Value locations_of(const std::vector<const Value*>& addresses, json::Allocator& a) {
  Value list(rapidjson::kArrayType);
  for (const Value* address : addresses) {
    std::optional<std::string> region;
    for (const Value* sub : objects_of(*address, "countrySubdivisions")) {
      if (!region) region = string_of(*sub, "value");
    }
    Value loc(rapidjson::kObjectType);
    loc.AddMember("name", json::string_or_null(string_of(*address, "formattedAddress"), a), a);
    loc.AddMember("street", json::string_or_null(string_of(*address, "line"), a), a);
    loc.AddMember("city", json::string_or_null(string_of(*address, "city"), a), a);
    loc.AddMember("region", json::string_or_null(region, a), a);
    loc.AddMember("postal_code", json::string_or_null(string_of(*address, "postalCode"), a), a);
    loc.AddMember("country", json::string_or_null(string_of(*address, "countryCode"), a), a);
    set_enum(loc, "type", std::optional<std::string_view>(), std::nullopt, a);
    list.PushBack(loc, a);
  }
  return list;
}

std::vector<std::string> attachment_ids(const Value& profile) {
  std::vector<std::string> ids;
  for (const Value* attachment : objects_of(profile, "attachments")) {
    if (auto id = id_value(json::find(*attachment, "id"))) ids.push_back(*id);
  }
  return ids;
}

}  // namespace

void candidate_record(const Value& candidate, const std::optional<std::string>& link,
                      const NormalizeContext& ctx, json::Document& out) {
  record_head(out);
  auto& a = out.GetAllocator();
  const Value* person = json::find(candidate, "person");
  const Value empty(rapidjson::kObjectType);
  const Value& p = person && person->IsObject() ? *person : empty;
  remote_fields(out, web_url(link));
  const Value* name = json::find(p, "name");
  auto first = name && name->IsObject() ? string_of(*name, "given") : std::nullopt;
  auto last = name && name->IsObject() ? string_of(*name, "family") : std::nullopt;
  if (!first && !last && name && name->IsObject()) first = string_of(*name, "formattedName");
  put_text(out, "first_name", first);
  put_text(out, "last_name", last);
  put(out, "company", Value());
  put(out, "title", Value());
  const Value* comm = json::find(p, "communication");
  const Value& c = comm && comm->IsObject() ? *comm : empty;
  // A list JazzHR did not send is null (not told), not empty.
  auto sent = [&](std::string_view key) {
    const Value* v = json::find(c, key);
    return v && v->IsArray();
  };
  Value emails = typed_list(objects_of(c, "email"), "address", "address", a);
  for (auto& e : emails.GetArray()) e.AddMember("is_primary", Value(), a);  // not said
  put(out, "emails", sent("email") ? std::move(emails) : Value());
  put(out, "phone_numbers",
      sent("phone") ? typed_list(objects_of(c, "phone"), "formattedNumber", "number", a) : Value());
  put(out, "urls", json::find(c, "web") ? urls_of(json::find(c, "web"), a) : Value());
  put(out, "locations", sent("address") ? locations_of(objects_of(c, "address"), a) : Value());
  put(out, "tags", Value());
  put(out, "is_private", Value());
  put(out, "can_email", Value());
  const Value* profiles = json::find(candidate, "profiles");
  if (!profiles || !profiles->IsArray()) {  // not sent: not told
    put(out, "application_ids", Value());
    put(out, "attachment_ids", Value());
    return;
  }
  put_refs(out, "application_ids", ctx, "application", application_ids(candidate));
  std::vector<std::string> attachments;
  for (const Value* profile : objects_of(candidate, "profiles")) {
    for (auto& id : attachment_ids(*profile)) attachments.push_back(std::move(id));
  }
  put_refs(out, "attachment_ids", ctx, "attachment", attachments);
}

void application_record(const Value& person, const Value& profile, const NormalizeContext& ctx,
                        json::Document& out) {
  record_head(out);
  auto& a = out.GetAllocator();
  remote_fields(out, std::nullopt);
  put_ref(out, "candidate_id", ctx, "candidate", id_value(json::find(person, "id")));
  const Value* opening = first_opening(profile);
  put_ref(out, "job_id", ctx, "job",
          opening ? id_value(json::find(*opening, "positionOpeningId")) : std::nullopt);

  const Value* status = status_object(profile);
  auto name = status ? string_of(*status, "name") : std::nullopt;
  auto category = status ? string_of(*status, "category") : std::nullopt;
  // The category where JazzHR gives one that says something, else the status name.
  std::string_view unified = category ? status_of(*category) : "unknown";
  if (unified == "unknown" && name) unified = status_of(*name);
  set_enum(out, "status", status ? std::optional(unified) : std::nullopt,
           category ? category : name, a);

  std::string_view stage = name ? stage_category(*name) : "unknown";
  if (unified == "hired" || unified == "rejected") stage = unified;
  if (name) {
    Value s(rapidjson::kObjectType);
    s.AddMember("id", Value(), a);  // workflow statuses come by name only
    s.AddMember("remote_id", Value(), a);
    s.AddMember("name", json::string(*name, a), a);
    set_enum(s, "category", stage, name, a);
    s.AddMember("order", Value(), a);
    put(out, "current_stage", std::move(s));
  } else {
    put(out, "current_stage", Value());
  }
  set_enum(out, "stage_category", name ? std::optional(stage) : std::nullopt, name, a);

  auto applied = string_of(profile, "applyDate");
  if (!applied) applied = string_of(person, "applyDate");
  put_text(out, "applied_at", utc_time(applied));
  auto moved_at = utc_time(status ? string_of(*status, "transitionDateTime") : std::nullopt);
  put_text(out, "rejected_at", unified == "rejected" ? moved_at : std::nullopt);
  put_text(out, "hired_at", unified == "hired" ? moved_at : std::nullopt);
  if (unified == "rejected") {
    Value rejection(rapidjson::kObjectType);
    rejection.AddMember("reason_id", Value(), a);  // JazzHR exports no disposition reason
    rejection.AddMember("reason_name", Value(), a);
    rejection.AddMember("reason_type", Value(), a);
    rejection.AddMember("reason_type_raw", Value(), a);
    rejection.AddMember("note", Value(), a);
    rejection.AddMember("rejected_at", json::string_or_null(moved_at, a), a);
    put(out, "rejection", std::move(rejection));
  } else {
    put(out, "rejection", Value());
  }
  put(out, "source", Value());
  put(out, "origin", Value());
  put(out, "credited_to_id", Value());
  put(out, "is_prospect", Value());
  put(out, "offer_ids", Value());
  put(out, "interview_ids", Value());
  put_refs(out, "attachment_ids", ctx, "attachment", attachment_ids(profile));
}

void attachment_record(const Value& attachment, const std::string& candidate_id,
                       const std::string& application_id, const NormalizeContext& ctx,
                       json::Document& out) {
  record_head(out);
  auto& a = out.GetAllocator();
  remote_fields(out, std::nullopt);
  put_ref(out, "candidate_id", ctx, "candidate", candidate_id);
  put_ref(out, "application_id", ctx, "application", application_id);
  std::optional<std::string> description;
  if (const Value* d = json::find(attachment, "descriptions"); d && d->IsArray() && !d->Empty()) {
    const Value& first = (*d)[0];
    if (first.IsString()) description = std::string(first.GetString(), first.GetStringLength());
  }
  // "Résumé" reads as the words "r sum" once its accented letters are spaces.
  std::string w = words_of(description.value_or(""));
  std::string_view type = says(w, {"resume", "cv", "r sum"})   ? "resume"
                          : says(w, {"cover letter", "cover"}) ? "cover_letter"
                          : says(w, {"offer letter"})          ? "offer_letter"
                          : description                        ? "other"
                                                               : "unknown";
  set_enum(out, "type", description ? std::optional(type) : std::nullopt, description, a);
  put(out, "file_name", Value());
  put_text(out, "url", web_url(string_of(attachment, "url")));
  put(out, "content_type", Value());
}

}  // namespace weft::jazzhr
