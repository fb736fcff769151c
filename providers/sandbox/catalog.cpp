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
    {101, "Backend Engineer", "ENG-101", {11, "Engineering"}, {21, "Berlin"}, "Berlin, Germany", true, "full_time",
     2, kStaff[0], kStaff[3], kStaff[5], "Software Engineer", 82000, "EUR"},
    {102, "Product Designer", "DES-102", {12, "Design"}, {22, "Lisbon"}, "Lisbon, Portugal", false, "full_time", 1,
     kStaff[1], kStaff[4], kStaff[0], "UX Designer", 58000, "EUR"},
    {103, "Data Analyst", "DAT-103", {13, "Data"}, {23, "Toronto"}, "Toronto, Canada", true, "full_time", 1,
     kStaff[2], kStaff[3], kStaff[1], "Business Analyst", 88000, "CAD"},
    {104, "Customer Success Manager", "CS-104", {14, "Customer Success"}, {24, "Austin"}, "Austin, United States", false,
     "full_time", 2, kStaff[5], kStaff[4], kStaff[2], "Account Manager", 72000, "USD"},
    {105, "Technical Writer", "DOC-105", {15, "Documentation"}, {22, "Lisbon"}, "Lisbon, Portugal", true, "contract",
     1, kStaff[1], kStaff[3], kStaff[2], "Content Designer", 52000, "EUR"},
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
    "Ada",  "Bram",  "Carmen", "Dario", "Elif",  "Femi",  "Greta", "Hugo",
    "Ines", "Jonah", "Kaia",   "Leon",  "Maren", "Nils",  "Odile", "Pavel",
    "Quinn", "Rosa", "Soren",  "Talia", "Umar",  "Vera",  "Wren",  "Yusuf",
};

const std::array<std::string_view, 24> kLastNames = {
    "Ashdown",   "Brennick", "Calloway",  "Dunmore",  "Esterhazy", "Fairbanks",
    "Galloway",  "Holloway", "Ingram",    "Jessup",   "Kestrel",   "Lindgren",
    "Marlowe",   "Northcott", "Oakes",    "Pemberton", "Quarles",  "Ravenscroft",
    "Sterling",  "Thornbury", "Underwood", "Vance",   "Whitlock",  "Yardley",
};

// Fictional companies from software documentation samples.
const std::array<std::string_view, 8> kCompanies = {
    "Northwind Traders", "Contoso",  "Fabrikam",     "Tailspin Toys",
    "Wide World Importers", "Adventure Works", "Proseware", "Litware",
};

const std::array<std::string_view, 6> kLocations = {
    "Berlin, Germany", "Lisbon, Portugal",       "Toronto, Canada",
    "Austin, United States", "Manchester, United Kingdom", "Utrecht, Netherlands",
};

}  // namespace

std::span<const JobSpec> jobs() { return kJobs; }
std::span<const StageSpec> stages() { return kStages; }
std::span<const ReasonSpec> rejection_reasons() { return kReasons; }
std::span<const SourceSpec> sources() { return kSources; }
std::span<const User> staff() { return kStaff; }
std::span<const std::string_view> first_names() { return kFirstNames; }
std::span<const std::string_view> last_names() { return kLastNames; }
std::span<const std::string_view> companies() { return kCompanies; }
std::span<const std::string_view> locations() { return kLocations; }

}  // namespace weft::sandbox
