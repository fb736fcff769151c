#include "daemon/config/patterns.h"

#include <vector>

namespace weft::config {

namespace {

bool segment_valid(std::string_view segment) {
  if (segment.empty()) return false;
  for (char c : segment) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::vector<std::string_view> split(std::string_view text) {
  std::vector<std::string_view> parts;
  for (;;) {
    auto dot = text.find('.');
    parts.push_back(text.substr(0, dot));
    if (dot == std::string_view::npos) return parts;
    text.remove_prefix(dot + 1);
  }
}

}  // namespace

bool type_matches(std::string_view pattern, std::string_view type) {
  if (pattern == "*") return true;
  if (pattern.ends_with(".*")) {
    // Keep the dot: "ats." is the prefix, so "atsx..." and "ats" itself do not match.
    std::string_view prefix = pattern.substr(0, pattern.size() - 1);
    return type.size() > prefix.size() && type.starts_with(prefix);
  }
  return pattern == type;
}

bool valid_pattern(std::string_view pattern) {
  if (pattern == "*") return true;
  bool wildcard = pattern.ends_with(".*");
  if (wildcard) pattern.remove_suffix(2);
  auto segments = split(pattern);
  // Types are "<namespace>.<name>" or "<namespace>.<entity>.<verb>": a longer prefix
  // could never match.
  std::size_t min = wildcard ? 1 : 2, max = wildcard ? 2 : 3;
  if (segments.size() < min || segments.size() > max) return false;
  if (segments.front() != "ats" && segments.front() != "weft") return false;
  for (std::string_view segment : segments) {
    if (!segment_valid(segment)) return false;
  }
  return true;
}

}  // namespace weft::config
