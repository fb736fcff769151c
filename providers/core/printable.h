// Vendor text made safe to quote in a one-line rejection reason (which the daemon logs).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace weft {

// At most max characters of [A-Za-z0-9_.-], anything else as '?', then "..." when cut: no
// spaces, quotes or '=' that could forge a log field, no control characters.
std::string printable(std::string_view text, size_t max = 64);

}  // namespace weft
