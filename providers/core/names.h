// Vendors that keep one display name ("Ada King Lovelace"): the unified record's first and
// last names, the same way for every vendor.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace weft {

// Split at the first space after trimming: {"Ada", "King Lovelace"}; {"Ada", nullopt} for one
// word; both nullopt for an empty or blank name.
std::pair<std::optional<std::string>, std::optional<std::string>> split_display_name(
    std::string_view name);

}  // namespace weft
