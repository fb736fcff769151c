// The sandbox's fixed cast: fictional people, jobs and reasons. Every name is made up and
// every address is under example.com / example.org, so demo events are safe to show.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace weft::sandbox {

struct User {
  uint64_t id;
  std::string_view name;
  std::string_view email;
};

struct Named {
  uint64_t id;
  std::string_view name;
};

struct JobSpec {
  uint64_t id;  // stage ids are id * 10 + position
  std::string_view title;
  std::string_view code;
  Named department;
  Named office;
  std::string_view office_location;
  bool remote;
  std::string_view employment_type;
  unsigned openings;
  const User& hiring_manager;
  const User& recruiter;
  const User& interviewer;           // the second voice on every interview panel
  std::string_view candidate_title;  // what applicants to it tend to be now
  uint64_t salary;
  std::string_view currency;
};

struct StageSpec {
  std::string_view name;
  std::string_view kind;  // the wire's stage kind
};

struct ReasonSpec {
  uint64_t id;
  std::string_view name;
  std::string_view type;
  std::string_view note;
};

struct SourceSpec {
  std::string_view name;
  std::string_view origin;
  bool referred;  // credited to a colleague
};

std::span<const JobSpec> jobs();
// One pipeline shared by every job; position = index + 1.
std::span<const StageSpec> stages();
std::span<const ReasonSpec> rejection_reasons();
std::span<const SourceSpec> sources();
std::span<const User> staff();
std::span<const std::string_view> first_names();
std::span<const std::string_view> last_names();
std::span<const std::string_view> companies();
std::span<const std::string_view> locations();

// Pipeline positions (1-based), matching stages().
inline constexpr unsigned kApplied = 1, kScreen = 2, kInterview = 3, kOffer = 4;

}  // namespace weft::sandbox
