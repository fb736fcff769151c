// Stage categories from stage names, for vendors whose pipelines are named by each customer
// ("Phone Screen", "Onsite Interview", "Offer Review"): the unified category a name plainly
// says, the same way for every vendor.
#pragma once

#include <string_view>

namespace weft {

// applied, review, screen, interview, assessment, background_check, offer, hired, rejected,
// or "other" when the name says none of them (also for an empty name).
std::string_view stage_category_of_name(std::string_view name);

// Whether name, lowercased and split into words at anything not a letter or digit, contains
// phrase ("case study") as whole words.
bool name_says(std::string_view name, std::string_view phrase);

}  // namespace weft
