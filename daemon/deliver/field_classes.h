// The field classification subscriber scopes use: which record fields are `sensitive`, and
// the group a scope names to receive them. Mirrors x-weft-classification in schema/ (a unit
// test checks the two agree), so redaction never needs the schema files at run time. The
// list of every record field is generated from schema/ when the daemon is built.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace weft::deliver {

struct SensitiveField {
  std::string_view entity;  // subject.entity of the events whose data carries it
  std::string_view field;   // top-level key of `data` (and of `previous`)
  std::string_view group;   // what a scope names to receive it
};

// Every sensitive field of the schema.
std::span<const SensitiveField> sensitive_fields();

// The group names a scope may list under `sensitive`, sorted: compensation, date_of_birth, eeo.
std::span<const std::string_view> sensitive_groups();
bool known_sensitive_group(std::string_view name);
// "compensation, date_of_birth, eeo", for error messages.
std::string sensitive_groups_text();

// The record entities (subject.entity of ats.* events), as in schema/envelope.json.
std::span<const std::string_view> record_entities();
bool known_record_entity(std::string_view name);
// Whether `field` is a top-level property of `entity` records in schema/<entity>.json (the
// table is generated from the schema at build time).
bool known_record_field(std::string_view entity, std::string_view field);

}  // namespace weft::deliver
