// Recruitee job events: an offer of kind "job" published, unpublished or updated. Talent pools
// are offers too, but no job: their events are acknowledged with nothing to emit.
#include "providers/recruitee/records.h"

namespace weft::recruitee {

std::string map_offer_event(const Delivery& d) {
  const json::Value* offer = object_of(d.payload, "offer");
  if (!offer) return "recruitee " + std::string(d.event_type) + " lacks payload.offer";
  auto id = id_of(*offer, "id");
  if (!id) return "recruitee " + std::string(d.event_type) + " lacks payload.offer.id";
  if (string_of(*offer, "kind") == "talent_pool") return {};

  auto& draft = d.events.emplace_back(
      make_draft("ats.job.updated", {"job", *id, {}, *id}, d.occurred_at, DataMode::full));
  job_record(*offer, d.ctx, draft.data);
  // The status the payload carries says whether the job opened or closed; the event name
  // alone does not (unpublishing may leave a draft).
  const json::Value& status = draft.data["status"];
  std::string_view unified = status.IsString() ? status.GetString() : "";
  bool status_event = d.event_type != "offer_updated" || d.subtype == "status_changed";
  if (status_event) draft.changed_fields = {"status"};
  if (!status_event) return {};
  if (unified == "open" && d.event_type != "offer_unpublished") {
    d.events.push_back(same_record(draft, "ats.job.opened"));
  } else if (unified == "closed" || unified == "archived") {
    d.events.push_back(same_record(draft, "ats.job.closed"));
  }
  return {};
}

}  // namespace weft::recruitee
