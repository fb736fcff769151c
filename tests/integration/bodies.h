// Small vendor webhook bodies in the documented wire formats: Greenhouse
// {"action","payload":{"application":{...}}} and Ashby {"webhookActionId","action","data"}.
// Made-up people and ids; parameters make each webhook distinct where a test needs that.
#pragma once

#include <string>

namespace weft::it {

inline std::string greenhouse_stage_change(long application_id = 265277,
                                           const std::string& stage = "Assessment") {
  const std::string app = std::to_string(application_id);
  return R"({"action":"candidate_stage_change","payload":{"application":{)"
         R"("id":)" +
         app +
         R"(,"rejected_at":null,"prospect":false,"status":"active",)"
         R"("applied_at":"2026-03-02T10:00:00Z","last_activity_at":"2026-04-02T09:15:00Z",)"
         R"("url":"https://app.greenhouse.io/people/4411?application_id=)" +
         app +
         R"(",)"
         R"("source":{"id":31,"name":"Referral"},)"
         R"("credited_to":{"id":15,"email":"recruiter@example.com","name":"Rae Cruiter","employee_id":"E15"},)"
         R"("rejection_reason":null,"rejection_details":null,)"
         R"("current_stage":{"id":71416,"name":")" +
         stage +
         R"(","interviews":[]},)"
         R"("custom_fields":{},)"
         R"("candidate":{"id":4411,"first_name":"Test","last_name":"Person","title":"Engineer",)"
         R"("company":null,"created_at":"2026-03-01T08:00:00Z","external_id":null,"photo_url":null,)"
         R"("url":"https://app.greenhouse.io/people/4411","is_private":false,"can_email":true,)"
         R"("phone_numbers":[{"value":"555-0100","type":"mobile"}],)"
         R"("email_addresses":[{"value":"test.person@example.com","type":"personal"}],)"
         R"("addresses":[],"website_addresses":[],"social_media_addresses":[],)"
         R"("educations":[],"employments":[],"recruiter":null,"coordinator":null,)"
         R"("attachments":[],"tags":["integration"],"custom_fields":{}},)"
         R"("jobs":[{"id":3485,"name":"Platform Engineer","requisition_id":"REQ-7","notes":null,)"
         R"("confidential":false,"job_post_id":553282,"status":"open","created_by_id":273555,)"
         R"("created_at":"2026-02-01T00:00:00Z","opened_at":"2026-02-02T00:00:00Z","closed_at":null,)"
         R"("departments":[{"id":237,"name":"Engineering","external_id":null}],)"
         R"("offices":[{"id":54,"name":"Remote","location":"Remote","external_id":null}],)"
         R"("custom_fields":{}}]}}})";
}

inline std::string greenhouse_job_created(long job_id = 7001) {
  const std::string job = std::to_string(job_id);
  return R"({"action":"job_created","payload":{"job":{"id":)" + job +
         R"(,"name":"Data Engineer","requisition_id":null,"notes":null,"confidential":false,)"
         R"("job_post_id":2154,"status":"open","created_by_id":273555,)"
         R"("created_at":"2026-04-01T12:00:00Z","opened_at":"2026-04-01T12:00:00Z",)"
         R"("closed_at":null,"departments":[{"id":237,"name":"Engineering","external_id":null}],)"
         R"("offices":[{"id":54,"name":"Remote","location":"Remote","external_id":null}],)"
         R"("hiring_team":{"hiring_managers":[{"user_id":1234,"employee_id":null}],)"
         R"("sourcers":[],"recruiters":[],"coordinators":[]},)"
         R"("openings":[{"id":123,"opening_id":"OP-1","custom_fields":[]}],)"
         R"("custom_fields":{}}}})";
}

inline std::string greenhouse_ping() {
  return R"({"action":"ping","payload":{"web_hook_id":10101}})";
}

inline std::string ashby_stage_change(
    const std::string& action_id,
    const std::string& application_id = "3ae2b801-19f6-41ef-ad28-214bd731948f") {
  return R"({"webhookActionId":")" + action_id +
         R"(","action":"candidateStageChange",)"
         R"("data":{"application":{"id":")" +
         application_id +
         R"(",)"
         R"("createdAt":"2026-03-02T10:00:00.000Z","updatedAt":"2026-04-02T09:15:00.000Z",)"
         R"("status":"Active","customFields":[],)"
         R"("candidate":{"id":"5b591aef-8c3f-4d54-8e8b-7d5c1b1b0e42","name":"Test Person",)"
         R"("primaryEmailAddress":{"value":"test.person@example.com","type":"Personal","isPrimary":true},)"
         R"("primaryPhoneNumber":{"value":"555-0100","type":"Mobile","isPrimary":true}},)"
         R"("currentInterviewStage":{"id":"c1b7e0b4-6a3e-4f6e-9f2a-1f0c7d7e2a11","title":"Technical Interview",)"
         R"("type":"Active","orderInInterviewPlan":3,)"
         R"("interviewStageGroupId":"0b3c5d1e-2f4a-4b6c-8d9e-0f1a2b3c4d5e",)"
         R"("interviewPlanId":"9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a"},)"
         R"("source":{"id":"e3a1d1c2-0000-4000-8000-000000000001","title":"Referral","isArchived":false},)"
         R"("archiveReason":null,"archivedAt":null,)"
         R"("job":{"id":"4d2c9a10-7b1e-4f3a-9c8d-2e1f0a9b8c7d","title":"Platform Engineer",)"
         R"("locationId":"a1b2c3d4-e5f6-4789-8abc-def012345678",)"
         R"("departmentId":"b2c3d4e5-f6a7-4890-9bcd-ef0123456789"},)"
         R"("creditedToUser":null,"hiringTeam":[],"appliedViaJobPostingId":null}}})";
}

inline std::string ashby_ping() {
  return R"({"webhookActionId":"0d7b1c2e-ping-4000-8000-000000000000","action":"ping",)"
         R"("data":{"webhookActionType":"ping"}})";
}

}  // namespace weft::it
