// The sensitive-field table of field_classes.h.
#include "daemon/deliver/field_classes.h"

#include <algorithm>
#include <array>

namespace weft::deliver {

namespace {

constexpr std::array<SensitiveField, 6> kSensitive = {{
    {"candidate", "date_of_birth", "date_of_birth"},
    {"eeo", "gender", "eeo"},
    {"eeo", "race", "eeo"},
    {"eeo", "veteran_status", "eeo"},
    {"eeo", "disability_status", "eeo"},
    {"offer", "compensation", "compensation"},
}};

constexpr std::array<std::string_view, 3> kGroups = {"compensation", "date_of_birth", "eeo"};

struct RecordField {
  std::string_view entity;
  std::string_view field;
};

constexpr RecordField kFields[] = {
#include "record_fields.inc"
};

constexpr std::array<std::string_view, 13> kEntities = {
    "activity", "application", "attachment", "candidate", "department", "eeo",   "interview",
    "job",      "job_posting", "offer",      "office",    "scorecard",  "stage",
};

}  // namespace

std::span<const SensitiveField> sensitive_fields() {
  return kSensitive;
}

std::span<const std::string_view> sensitive_groups() {
  return kGroups;
}

bool known_sensitive_group(std::string_view name) {
  return std::find(kGroups.begin(), kGroups.end(), name) != kGroups.end();
}

std::string sensitive_groups_text() {
  std::string out;
  for (auto group : kGroups) {
    if (!out.empty()) out += ", ";
    out += group;
  }
  return out;
}

std::span<const std::string_view> record_entities() {
  return kEntities;
}

bool known_record_entity(std::string_view name) {
  return std::find(kEntities.begin(), kEntities.end(), name) != kEntities.end();
}

bool known_record_field(std::string_view entity, std::string_view field) {
  return std::any_of(std::begin(kFields), std::end(kFields),
                     [&](const RecordField& f) { return f.entity == entity && f.field == field; });
}

}  // namespace weft::deliver
