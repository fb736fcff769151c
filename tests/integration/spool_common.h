// Helpers shared by the spool and retry integration tests (spool_*_test.cpp): a spool
// directory that outlives one weftd run, a Greenhouse new-candidate webhook whose person
// fields the test chooses, the counts of weftd's answer body, and directory reads.
#pragma once

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "integration/common.h"
#include "providers/core/json.h"

namespace weft::it {

// A spool directory inside a TempDir of its own, so it survives the daemons started on it.
struct SpoolDir {
  TempDir dir;
  std::string path = dir.path() + "/spool";

  ServerSpec server(std::string drain_timeout = "10s") const {
    ServerSpec s;
    s.ack_budget = "3s";
    s.drain_timeout = std::move(drain_timeout);
    s.spool_path = path;
    return s;
  }
};

// A subscriber with a quick retry schedule (jitter 0) and one event type, so each webhook
// gives it one event.
inline SubscriberSpec retrying_subscriber(std::string id, const Sink& sink, std::string schedule,
                                          std::vector<std::string> events = {
                                              "ats.application.stage_changed"}) {
  SubscriberSpec s = subscriber(std::move(id), sink, std::move(events));
  s.timeout = "2s";
  s.extra = {"retry: {schedule: " + schedule + ", max_age: 1h, jitter: 0}"};
  return s;
}

// A Greenhouse new_candidate_application webhook (candidate and application events) whose
// person fields are the test's; `padding` adds that many bytes in a candidate tag.
struct CandidateFields {
  long application_id = 80000301;
  long candidate_id = 90000301;
  std::string first_name = "Test";
  std::string last_name = "Person";
  std::string email = "test.person@example.com";
  std::size_t padding = 0;
};

inline std::string greenhouse_new_candidate(const CandidateFields& f) {
  const std::string app = std::to_string(f.application_id);
  const std::string cand = std::to_string(f.candidate_id);
  std::string tags = R"("integration")";
  if (f.padding > 0) tags += ",\"" + std::string(f.padding, 'p') + "\"";
  return R"({"action":"new_candidate_application","payload":{"application":{"id":)" + app +
         R"(,"rejected_at":null,"prospect":false,"status":"active",)"
         R"("applied_at":"2026-03-30T08:12:45Z","last_activity_at":"2026-03-30T08:12:45Z",)"
         R"("url":"https://app.greenhouse.io/people/)" +
         cand + "?application_id=" + app +
         R"(","source":{"id":7,"name":"Referral"},"credited_to":null,)"
         R"("rejection_reason":null,"rejection_details":null,)"
         R"("current_stage":{"id":7100501,"name":"Application Review","interviews":[]},)"
         R"("custom_fields":{},"candidate":{"id":)" +
         cand + R"(,"first_name":")" + f.first_name + R"(","last_name":")" + f.last_name +
         R"(","title":"Engineer","company":null,"created_at":"2026-03-30T08:12:44Z",)"
         R"("external_id":null,"photo_url":null,"url":"https://app.greenhouse.io/people/)" +
         cand +
         R"(","is_private":false,"can_email":true,"phone_numbers":[],)"
         R"("email_addresses":[{"value":")" +
         f.email +
         R"(","type":"personal"}],"addresses":[],"website_addresses":[],)"
         R"("social_media_addresses":[],"educations":[],"employments":[],"recruiter":null,)"
         R"("coordinator":null,"attachments":[],"tags":[)" +
         tags +
         R"(],"custom_fields":{}},)"
         R"("jobs":[{"id":4100301,"name":"Backend Engineer","requisition_id":null,"notes":null,)"
         R"("confidential":false,"job_post_id":null,"status":"open","created_by_id":null,)"
         R"("created_at":"2026-01-12T10:00:00Z","opened_at":"2026-01-15T09:30:00Z",)"
         R"("closed_at":null,"departments":[],"offices":[],"custom_fields":{}}]}}})";
}

// A count in weftd's 200 answer body ({"status":"accepted","events":N,"spooled":N,...});
// nullopt when the body has no such integer member.
inline std::optional<long> answer_count(const std::string& body, const char* name) {
  json::Document doc;
  if (!json::parse(body, doc).empty() || !doc.IsObject()) return std::nullopt;
  const auto* v = json::find(doc, name);
  if (!v || !v->IsInt64()) return std::nullopt;
  return v->GetInt64();
}

// Every regular file under `dir` (recursively): path -> its bytes.
inline std::map<std::string, std::string> read_files(const std::string& dir) {
  std::map<std::string, std::string> files;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    files[it->path().filename().string()] = bytes.str();
  }
  return files;
}

// The names of the segment files (seg-*.log) in a spool directory.
inline std::vector<std::string> segment_files(const std::string& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (auto it = std::filesystem::directory_iterator(dir, ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind("seg-", 0) == 0) names.push_back(name);
  }
  return names;
}

// Polls `done` every 20 ms until it holds or `timeout` passes (for state that announces
// itself nowhere, such as files on disk). Returns whether it held.
template <typename Pred>
bool poll_until(Pred done, std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (done()) return true;
    if (std::chrono::steady_clock::now() >= until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

// The requests a sink got for one webhook-id, in arrival order.
inline std::vector<Recorded> requests_for(const Sink& sink, const std::string& webhook_id) {
  std::vector<Recorded> out;
  for (auto& r : sink.requests()) {
    if (r.header("webhook-id") == webhook_id) out.push_back(r);
  }
  return out;
}

inline long millis_between(std::chrono::steady_clock::time_point a,
                           std::chrono::steady_clock::time_point b) {
  return static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(b - a).count());
}

}  // namespace weft::it
