// Event type patterns of subscribers: "*" (everything), a prefix ending in ".*"
// ("ats.*", "ats.application.*") or an exact type ("ats.application.hired").
#pragma once

#include <string_view>

namespace weft::config {

// "ats.*" matches "ats.job.opened" but neither "ats" nor "atsx.job.opened".
bool type_matches(std::string_view pattern, std::string_view type);

// The syntax the loader accepts: "*"; "<ns>.*" or "<ns>.<entity>.*"; or an exact type of 2
// or 3 segments ("weft.ping", "ats.job.opened"). <ns> is "ats" or "weft"; segments are
// [a-z0-9_]+.
bool valid_pattern(std::string_view pattern);

}  // namespace weft::config
