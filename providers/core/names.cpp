#include "providers/core/names.h"

namespace weft {

std::pair<std::optional<std::string>, std::optional<std::string>> split_display_name(
    std::string_view name) {
  while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
  while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
  if (name.empty()) return {std::nullopt, std::nullopt};
  auto space = name.find(' ');
  if (space == std::string_view::npos) return {std::string(name), std::nullopt};
  std::string_view rest = name.substr(space + 1);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  return {std::string(name.substr(0, space)), std::string(rest)};
}

}  // namespace weft
