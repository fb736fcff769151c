// What a provider hands to the daemon: unified event drafts, before the envelope.
#pragma once

#include <string>
#include <vector>

#include "providers/core/json.h"

namespace weft {

enum class DataMode { full, partial, reference, tombstone };
const char* to_string(DataMode mode);

// The record an event is about, by the vendor's ids (the envelope mints unified ids).
struct SubjectRef {
  std::string entity;               // "application", "candidate", "job", ...
  std::string remote_id;            // the vendor's id of the record
  std::string candidate_remote_id;  // when known (applications, offers, interviews, ...)
  std::string job_remote_id;        // when known
};

struct EventDraft {
  std::string type;  // "ats.application.stage_changed"
  SubjectRef subject;
  std::string occurred_at;  // RFC 3339 UTC, vendor time; empty: received_at is used
  DataMode mode = DataMode::full;
  json::Document data;      // the unified entity record (object), unified ids already minted
  json::Document previous;  // prior values of changed non-personal fields, or null
  std::vector<std::string> changed_fields;

  EventDraft() { data.SetObject(); }
};

// A draft with an empty record object; occurred_at empty: received_at is used.
EventDraft make_draft(std::string type, SubjectRef subject, std::string occurred_at, DataMode mode);
// The same subject, time, record, previous values and changed fields under another event type
// (a domain event beside its record event).
EventDraft same_record(const EventDraft& base, std::string type);

}  // namespace weft
