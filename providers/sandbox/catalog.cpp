#include "providers/sandbox/catalog.h"

#include <array>

namespace weft::sandbox {

namespace {

const std::array<User, 6> kStaff = {{
    {9001, "Mira Castellanos", "mira.castellanos@example.org"},
    {9002, "Jonas Whitfield", "jonas.whitfield@example.org"},
    {9003, "Keiko Arendt", "keiko.arendt@example.org"},
    {9004, "Lucia Ferraro", "lucia.ferraro@example.org"},
    {9005, "Sanne Verhoeven", "sanne.verhoeven@example.org"},
    {9006, "Tobias Engel", "tobias.engel@example.org"},
}};

const std::array<JobSpec, 5> kJobs = {{
    {.id = 101,
     .title = "Backend Engineer",
     .code = "ENG-101",
     .department = {11, "Engineering"},
     .office = {21, "Berlin"},
     .office_location = "Berlin, Germany",
     .remote = true,
     .employment_type = "full_time",
     .openings = 2,
     .hiring_manager = kStaff[0],
     .recruiter = kStaff[3],
     .interviewer = kStaff[5],
     .candidate_title = "Software Engineer",
     .salary = 82000,
     .currency = "EUR"},
    {.id = 102,
     .title = "Product Designer",
     .code = "DES-102",
     .department = {12, "Design"},
     .office = {22, "Lisbon"},
     .office_location = "Lisbon, Portugal",
     .remote = false,
     .employment_type = "full_time",
     .openings = 1,
     .hiring_manager = kStaff[1],
     .recruiter = kStaff[4],
     .interviewer = kStaff[0],
     .candidate_title = "UX Designer",
     .salary = 58000,
     .currency = "EUR"},
    {.id = 103,
     .title = "Data Analyst",
     .code = "DAT-103",
     .department = {13, "Data"},
     .office = {23, "Toronto"},
     .office_location = "Toronto, Canada",
     .remote = true,
     .employment_type = "full_time",
     .openings = 1,
     .hiring_manager = kStaff[2],
     .recruiter = kStaff[3],
     .interviewer = kStaff[1],
     .candidate_title = "Business Analyst",
     .salary = 88000,
     .currency = "CAD"},
    {.id = 104,
     .title = "Customer Success Manager",
     .code = "CS-104",
     .department = {14, "Customer Success"},
     .office = {24, "Austin"},
     .office_location = "Austin, United States",
     .remote = false,
     .employment_type = "full_time",
     .openings = 2,
     .hiring_manager = kStaff[5],
     .recruiter = kStaff[4],
     .interviewer = kStaff[2],
     .candidate_title = "Account Manager",
     .salary = 72000,
     .currency = "USD"},
    {.id = 105,
     .title = "Technical Writer",
     .code = "DOC-105",
     .department = {15, "Documentation"},
     .office = {22, "Lisbon"},
     .office_location = "Lisbon, Portugal",
     .remote = true,
     .employment_type = "contract",
     .openings = 1,
     .hiring_manager = kStaff[1],
     .recruiter = kStaff[3],
     .interviewer = kStaff[2],
     .candidate_title = "Content Designer",
     .salary = 52000,
     .currency = "EUR"},
}};

const std::array<StageSpec, 4> kStages = {{
    {"Applied", "inbox"},
    {"Phone Screen", "screening"},
    {"Onsite Interview", "interview"},
    {"Offer", "offer"},
}};

const std::array<ReasonSpec, 4> kReasons = {{
    {31, "Not enough relevant experience", "we_rejected",
     "Solid fundamentals; revisit for a senior opening next year."},
    {32, "Another candidate was a closer fit", "we_rejected",
     "Close call; another finalist had more domain experience."},
    {33, "Salary expectations out of range", "we_rejected",
     "Expectations well above the band for this role."},
    {34, "Accepted another offer", "they_rejected", "Withdrew after accepting an offer elsewhere."},
}};

const std::array<SourceSpec, 4> kSources = {{
    {"Careers page", "applied", false},
    {"Employee referral", "referred", true},
    {"Job board", "applied", false},
    {"Recruiter outreach", "sourced", false},
}};

const std::array<std::string_view, 24> kFirstNames = {
    "Ada",   "Bram",  "Carmen", "Dario", "Elif",  "Femi", "Greta", "Hugo",
    "Ines",  "Jonah", "Kaia",   "Leon",  "Maren", "Nils", "Odile", "Pavel",
    "Quinn", "Rosa",  "Soren",  "Talia", "Umar",  "Vera", "Wren",  "Yusuf",
};

const std::array<std::string_view, 24> kLastNames = {
    "Ashdown",  "Brennick",  "Calloway",  "Dunmore",   "Esterhazy", "Fairbanks",
    "Galloway", "Holloway",  "Ingram",    "Jessup",    "Kestrel",   "Lindgren",
    "Marlowe",  "Northcott", "Oakes",     "Pemberton", "Quarles",   "Ravenscroft",
    "Sterling", "Thornbury", "Underwood", "Vance",     "Whitlock",  "Yardley",
};

// Fictional companies from software documentation samples.
const std::array<std::string_view, 8> kCompanies = {
    "Northwind Traders",    "Contoso",         "Fabrikam",  "Tailspin Toys",
    "Wide World Importers", "Adventure Works", "Proseware", "Litware",
};

const std::array<std::string_view, 6> kLocations = {
    "Berlin, Germany",       "Lisbon, Portugal",           "Toronto, Canada",
    "Austin, United States", "Manchester, United Kingdom", "Utrecht, Netherlands",
};

}  // namespace

std::span<const JobSpec> jobs() {
  return kJobs;
}
std::span<const StageSpec> stages() {
  return kStages;
}
std::span<const ReasonSpec> rejection_reasons() {
  return kReasons;
}
std::span<const SourceSpec> sources() {
  return kSources;
}
std::span<const User> staff() {
  return kStaff;
}
std::span<const std::string_view> first_names() {
  return kFirstNames;
}
std::span<const std::string_view> last_names() {
  return kLastNames;
}
std::span<const std::string_view> companies() {
  return kCompanies;
}
std::span<const std::string_view> locations() {
  return kLocations;
}

}  // namespace weft::sandbox
