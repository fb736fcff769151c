#include "providers/core/event.h"

namespace weft {

EventDraft make_draft(std::string type, SubjectRef subject, std::string occurred_at,
                      DataMode mode) {
  EventDraft d;
  d.type = std::move(type);
  d.subject = std::move(subject);
  d.occurred_at = std::move(occurred_at);
  d.mode = mode;
  return d;
}

EventDraft same_record(const EventDraft& base, std::string type) {
  EventDraft d = make_draft(std::move(type), base.subject, base.occurred_at, base.mode);
  d.data.CopyFrom(base.data, d.data.GetAllocator());
  if (!base.previous.IsNull()) d.previous.CopyFrom(base.previous, d.previous.GetAllocator());
  d.changed_fields = base.changed_fields;
  return d;
}

}  // namespace weft
