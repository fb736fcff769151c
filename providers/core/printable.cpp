#include "providers/core/printable.h"

namespace weft {

std::string printable(std::string_view text, size_t max) {
  std::string out;
  for (char c : text.substr(0, max)) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '_' || c == '-' || c == '.';
    out.push_back(plain ? c : '?');
  }
  if (text.size() > max) out += "...";
  return out;
}

}  // namespace weft
