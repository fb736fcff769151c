// The sandbox wire format: what Weft's built-in test ATS sends. generator.cpp writes it,
// sandbox.cpp reads it; docs/sandbox.md describes it for users. Shaped like a real vendor's
// fat webhooks, with its own field names, so that normalizing it is real work.
//
// One event per POST. Headers:
//   Content-Type: application/json
//   Weft-Sandbox-Event: application.stage_changed      (informational; the body decides)
//   Weft-Sandbox-Signature: sha256=<lowercase hex HMAC-SHA256(secret, raw body)>
// Body:
//   {"event_id": "sbx_<24 hex>",                 // the vendor event id; stable per delivery
//    "event": "application.stage_changed",        // one of the events below
//    "occurred_at": "2026-04-02T09:15:00Z",       // RFC 3339 UTC
//    "data": {"application": {…}, "candidate": {…}, "job": {…},   // as the event needs
//             "interview": {…}, "offer": {…},
//             "previous_attributes": {"stage": {…}}}}  // prior values of the changed
//                                                     // fields of the event's own record
//
// Events and the records they carry (the first is the event's subject):
//   ping                                            data {}: answered 200, no events
//   job.created                                     job
//   candidate.created, candidate.updated            candidate
//   application.created, application.stage_changed,
//   application.rejected, application.hired         application, candidate, job
//   interview.scheduled                             interview, application, candidate, job
//   offer.created, offer.accepted                   offer, application, candidate, job
//   eeo.submitted                                   eeo
//
// Records (ids are JSON integers; times RFC 3339 UTC or null):
//   job         {id, title, requisition_code, status: draft|open|closed|archived,
//                confidential, department{id,name}, office{id,name,location}, remote,
//                employment_type, openings[{id,code,status: open|filled,opened_at,
//                closed_at}], hiring_manager{user},
//                recruiter{user}, opened_at, closed_at, custom_fields{}, url, created_at,
//                updated_at}
//   user        {id, name, email}
//   candidate   {id, first_name, last_name, company, title,
//                emails[{value,type,primary}], phones[{value,type}], links[{value,type}],
//                location, tags[], private, email_opt_in, application_ids[],
//                custom_fields{}, url, created_at, updated_at, birth_date (optional,
//                YYYY-MM-DD)}
//   application {id, candidate_id, job_id, status: open|rejected|hired|withdrawn,
//                stage{id,name,kind,position}, applied_at, rejected_at, hired_at,
//                rejection{reason{id,name,type},note} | null, source, origin, referrer{user}
//                | null, prospect, interview_ids[], offer_ids[], custom_fields{}, url,
//                created_at, updated_at}
//                stage kinds: inbox|review|screening|interview|assessment|background_check|
//                offer|hired|rejected|other
//   interview   {id, application_id, stage_id, starts_at, ends_at, location,
//                status: confirmed|pending_feedback|done|cancelled, organizer{user},
//                interviewers[{id,name,email,response}], url, created_at, updated_at}
//   offer       {id, application_id, status: draft|pending_approval|approved|extended|
//                accepted|declined|withdrawn, version, created_at, sent_at, resolved_at,
//                start_date, salary{amount,currency,period}, url, updated_at}
//   eeo         {id, candidate_id, gender: female|male|non_binary|other|declined,
//                race: the unified race values|declined, veteran_status: not_protected|
//                protected|declined, disability_status: yes|no|declined, submitted_at}
#pragma once

#include <string_view>

namespace weft::sandbox {

inline constexpr std::string_view kSignatureHeader = "Weft-Sandbox-Signature";
inline constexpr std::string_view kSignaturePrefix = "sha256=";
inline constexpr std::string_view kEventHeader = "Weft-Sandbox-Event";

}  // namespace weft::sandbox
