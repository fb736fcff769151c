// Link header parsing; see link_header.h.
#include "daemon/vendor_api/link_header.h"

namespace weft::vendor_api {

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

// rel may hold several space-separated relation types ("next last").
bool has_next(std::string_view rel) {
  while (!rel.empty()) {
    while (!rel.empty() && is_space(rel.front())) rel.remove_prefix(1);
    auto end = rel.find_first_of(" \t");
    if (iequals(rel.substr(0, end), "next")) return true;
    if (end == std::string_view::npos) break;
    rel.remove_prefix(end);
  }
  return false;
}

}  // namespace

std::optional<std::string> next_link(std::string_view value) {
  size_t i = 0;
  const size_t n = value.size();
  while (i < n) {
    while (i < n && (is_space(value[i]) || value[i] == ',')) ++i;
    if (i >= n || value[i] != '<') return std::nullopt;  // malformed: stop reading
    size_t close = value.find('>', i);
    if (close == std::string_view::npos) return std::nullopt;
    std::string_view url = value.substr(i + 1, close - i - 1);
    i = close + 1;
    bool next = false;
    // Parameters: ; name[=value], value a token or a quoted string, up to the next ','.
    while (i < n && value[i] != ',') {
      if (value[i] != ';') {
        ++i;
        continue;
      }
      ++i;
      while (i < n && is_space(value[i])) ++i;
      size_t name_start = i;
      while (i < n && value[i] != '=' && value[i] != ';' && value[i] != ',' &&
             !is_space(value[i])) {
        ++i;
      }
      std::string_view name = value.substr(name_start, i - name_start);
      while (i < n && is_space(value[i])) ++i;
      std::string param;
      if (i < n && value[i] == '=') {
        ++i;
        while (i < n && is_space(value[i])) ++i;
        if (i < n && value[i] == '"') {
          ++i;
          while (i < n && value[i] != '"') {
            if (value[i] == '\\' && i + 1 < n) ++i;
            param.push_back(value[i++]);
          }
          if (i < n) ++i;  // the closing quote
        } else {
          while (i < n && value[i] != ';' && value[i] != ',' && !is_space(value[i])) {
            param.push_back(value[i++]);
          }
        }
      }
      if (iequals(name, "rel") && has_next(param)) next = true;
    }
    if (next) return std::string(url);
  }
  return std::nullopt;
}

std::optional<std::string> next_link(const Headers& headers) {
  for (const auto& header : headers.all()) {
    if (!iequals(header.name, "link")) continue;
    if (auto url = next_link(header.value)) return url;
  }
  return std::nullopt;
}

}  // namespace weft::vendor_api
