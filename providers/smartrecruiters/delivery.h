// One SmartRecruiters notification as the provider reads it: the event named in the
// `event-name` header, the thin body's ids, the `Link` header, and the API reads it needs.
// Events the unified model has nothing for are known here too, so they are acknowledged.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "providers/core/provider.h"

namespace weft::smartrecruiters {

enum class Entity { application, candidate, job, job_posting, offer, interview };

// What an event says happened to its record.
enum class Change {
  created,   // ats.<entity>.created
  updated,   // ats.<entity>.updated
  deleted,   // ats.<entity>.deleted tombstone, nothing fetched
  status,    // application / job status change: updated plus the domain event the new status says
  canceled,  // interview canceled: updated plus ats.interview.canceled
  approved,  // offer approval approved: updated plus ats.offer.approved
  openings,  // a position (opening) of a job changed: ats.job.updated with openings re-read
  postings,  // a job ad's publications changed: updated plus published / unpublished
  ignored,   // a known event that carries nothing for the unified model: 202, no events
};

struct EventSpec {
  std::string_view name;  // the `event-name` header
  Entity entity;
  Change change;
  std::string_view changed;  // comma-separated changed_fields of the updated event; may be empty
};

// Every event SmartRecruiters documents that this provider maps (delivery.cpp).
const std::vector<EventSpec>& event_specs();
// The spec of an event name: the table's, else the one for any other `job.ad.*` event, else
// the acknowledged-only spec for the approval, review and onboarding families; nullptr for
// a name SmartRecruiters does not document.
const EventSpec* find_event(std::string_view name);
std::string_view entity_name(Entity entity);

struct Delivery {
  const EventSpec* spec = nullptr;
  std::string event_id;
  std::string record_id;     // candidate, job, job ad, offer or interview id; application: its key
  std::string candidate_id;  // applications, interviews, offers when the body says
  std::string job_id;        // applications, offers when the body says; job ads, positions
  std::string link_target;   // path+query of the `Link` header, or empty
};

// Reads headers and body; returns a one-line reason when the delivery cannot be used.
std::string read_delivery(const VendorRequest& request, const json::Limits& limits, Delivery& out);

// The API reads the delivery needs: "record" (the resource), and the related read of its
// entity (related_key): an application's "history" (status history), a job ad's "postings"
// (its publications), a position event's "positions" (the job's openings). All optional: a
// 404 means the record is gone or not visible. Acknowledged-only events need none.
std::string_view related_key(const Delivery& delivery);
std::vector<Fetch> plan_fetches(const Delivery& delivery);

// path+query of a `Link` header value ("<https://host/path?q>; rel=self" or a bare URL), or
// empty when it holds no usable http(s) URL.
std::string link_path(std::string_view header);

}  // namespace weft::smartrecruiters
