// Greenhouse offers: offer_created, offer_approved, offer_updated, offer_deleted, and the
// offer record that hire_candidate also carries.
#include <algorithm>

#include "providers/greenhouse/mapping.h"

namespace weft::greenhouse {

namespace {

using json::Value;

// Greenhouse's offer_status is one of Created, Accepted, Rejected, Deprecated (Harvest says
// "unresolved" for Created). An unresolved offer is sent once it has a sent date, approved when
// this very webhook is its approval, else a draft.
std::string_view offer_status(const Value& offer, std::string_view action,
                              const std::optional<std::string>& raw) {
  if (!raw) return action == "hire_candidate" ? "accepted" : "unknown";  // hires accept it
  std::string s = snake_case(*raw);
  if (s == "accepted") return "accepted";
  if (s == "rejected") return "declined";     // the candidate turned it down
  if (s == "deprecated") return "abandoned";  // superseded by a newer version of the offer
  if (s != "created" && s != "unresolved") return "unknown";
  if (string_member(offer, "sent_on") || string_member(offer, "sent_at")) return "sent";
  if (action == "offer_approved") return "approved";
  return "draft";
}

// Pay frequencies, snake_cased.
const EnumTable kPeriods = {{"annually", "year"}, {"yearly", "year"},     {"per_year", "year"},
                            {"monthly", "month"}, {"per_month", "month"}, {"weekly", "week"},
                            {"per_week", "week"}, {"daily", "day"},       {"per_day", "day"},
                            {"hourly", "hour"},   {"per_hour", "hour"},   {"one_time", "one_time"}};

// Greenhouse marks compensation custom fields with compensation_type; the base one is the pay.
// The other kinds stay in custom_fields only.
Value compensation(const Value& offer, json::Allocator& a) {
  const Value* fields = json::find(offer, "custom_fields");
  if (!fields || !fields->IsObject()) return Value();
  for (const auto& m : fields->GetObject()) {
    auto kind = string_member(m.value, "compensation_type");
    const Value* value = json::find(m.value, "value");
    if (!kind || snake_case(*kind) != "base" || !value || !value->IsObject()) continue;
    Value out(rapidjson::kObjectType);
    auto unit = string_member(*value, "unit");
    bool iso = unit && unit->size() == 3 &&
               std::all_of(unit->begin(), unit->end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    set_enum(out, "currency", iso ? std::optional<std::string_view>(*unit) : std::nullopt, unit, a);
    const Value* amount = json::find(*value, "amount");
    out.AddMember("amount", amount && amount->IsNumber() ? Value(*amount, a) : Value(), a);
    auto frequency = string_member(m.value, "frequency");
    set_enum(out, "period", frequency ? map_enum(kPeriods, snake_case(*frequency)) : "unknown",
             frequency, a);
    return out;
  }
  return Value();
}

std::optional<std::string> first_time(const Value& v, std::string_view a, std::string_view b) {
  auto raw = string_member(v, a);
  if (!raw) raw = string_member(v, b);
  return raw ? utc_time(*raw) : std::nullopt;
}

// offer_* actions send the offer as the payload itself; accept a wrapping `offer` as well.
const Value& offer_object(const Input& in) {
  const Value* wrapped = json::find(in.payload, "offer");
  return wrapped && wrapped->IsObject() ? *wrapped : in.payload;
}

}  // namespace

void write_offer(Record& r, const Value& offer, std::string_view action,
                 const std::optional<std::string>& application_id) {
  auto& a = r.alloc();
  r.remote_fields(offer);
  r.ref("application_id", "application", application_id);
  auto raw = string_member(offer, "offer_status");
  r.enumerated("status", offer_status(offer, action, raw), raw);
  r.time("created_at", offer, "created_at");
  r.text("sent_at", first_time(offer, "sent_on", "sent_at"));  // a date: midnight UTC
  r.time("closed_at", offer, "resolved_at");
  auto start = string_member(offer, "start_date");
  if (!start) start = string_member(offer, "starts_at");
  r.text("start_date", start ? calendar_date(*start) : std::nullopt);
  r.put("compensation", compensation(offer, a));
  const Value* version = json::find(offer, "version");
  r.put("version", version && version->IsInt64() ? Value(version->GetInt64()) : Value());
  r.custom_fields(offer);
}

std::string map_offer(const Input& in) {
  const Value& offer = offer_object(in);
  auto id = id_of(offer, "id");
  if (!id) return lacks(in, "id");
  auto application_id = id_of(offer, "application_id");
  auto job_id = id_of(offer, "job_id");
  bool created = in.action == "offer_created";
  auto when = first_time(offer, created ? "created_at" : "updated_at", "updated_at");
  auto& draft =
      add_event(in.events, created ? "ats.offer.created" : "ats.offer.updated",
                {"offer", *id, {}, job_id.value_or("")}, DataMode::full, when.value_or(""));
  Record r(draft.data, in.ctx);
  write_offer(r, offer, in.action, application_id);
  if (in.action == "offer_approved") {
    draft.changed_fields = {"status"};
    add_domain_event(in.events, in.events.size() - 1, "ats.offer.approved");
  }
  return {};
}

std::string map_offer_deleted(const Input& in) {
  const Value& offer = offer_object(in);
  auto id = id_of(offer, "id");
  if (!id) return lacks(in, "offer.id");
  auto job_id = id_of(offer, "job_id");
  Record r(add_tombstone(in.events, {"offer", *id, {}, job_id.value_or("")}, "deleted").data,
           in.ctx);
  r.ref("application_id", "application", id_of(offer, "application_id"));
  r.ref("job_id", "job", job_id);
  return {};
}

}  // namespace weft::greenhouse
