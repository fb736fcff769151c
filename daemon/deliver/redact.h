// Applies a subscriber's scope to one envelope: the fields it may not see are removed from
// `data` and `previous`, and listed in `redacted_fields`. Pure; the dispatcher calls it per
// (event, subscriber) pair, and signs and spools whatever body it returns.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "daemon/config/config.h"

namespace weft::deliver {

struct Redaction {
  enum class Outcome {
    unchanged,   // nothing withheld: deliver the shared body as it is
    redacted,    // deliver `body`
    unreadable,  // the body may hold withheld fields but is not an envelope: deliver nothing
  };
  Outcome outcome = Outcome::unchanged;
  std::string body;                 // redacted: the envelope without the withheld fields
  std::vector<std::string> fields;  // redacted: what was withheld, e.g. "data.date_of_birth"
};

// The keys a scope withholds from the data of `entity` (subject.entity): each sensitive
// field whose group the scope does not name, and each `deny` entry "<entity>.<field>" (as
// "<field>"; "custom_fields.<key>" for one custom field).
std::vector<std::string> withheld_keys(std::string_view entity, const config::Scope& scope);

// `type` is the event's type ("ats.<entity>.<verb>"), `body` its envelope JSON. A key is
// withheld from `data` and `previous` with its "<key>_raw" sibling (a custom field from
// within `custom_fields`, listed as "data.custom_fields.<key>"); a null value carries
// nothing and is left in place. Events whose entity has no withheld key, or whose body does
// not mention one, are not parsed.
Redaction redact(std::string_view type, std::string_view body, const config::Scope& scope);

}  // namespace weft::deliver
