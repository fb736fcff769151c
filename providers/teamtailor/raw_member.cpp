// Finds the exact bytes of a top-level JSON member by scanning, for signature checks.
#include "providers/teamtailor/raw_member.h"

#include <cstddef>

namespace weft::teamtailor {

namespace {

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  size_t position() const { return at_; }
  bool done() const { return at_ >= text_.size(); }
  char peek() const { return done() ? '\0' : text_[at_]; }
  void skip_space() {
    while (!done() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) ++at_;
  }
  bool take(char c) {
    if (peek() != c) return false;
    ++at_;
    return true;
  }
  // A string starting at '"'; returns its text between the quotes, escapes left as written.
  std::optional<std::string_view> string() {
    if (!take('"')) return std::nullopt;
    size_t start = at_;
    while (!done()) {
      char c = text_[at_++];
      if (c == '\\') {
        if (done()) return std::nullopt;
        ++at_;
      } else if (c == '"') {
        return text_.substr(start, at_ - 1 - start);
      }
    }
    return std::nullopt;
  }
  // Skips one value of any kind; false when the text ends before it does.
  bool value() {
    if (peek() == '"') return string().has_value();
    if (peek() != '{' && peek() != '[') {
      while (!done() && peek() != ',' && peek() != '}' && peek() != ']') ++at_;
      return !done();
    }
    size_t depth = 0;
    while (!done()) {
      char c = peek();
      if (c == '"') {
        if (!string()) return false;
        continue;
      }
      ++at_;
      if (c == '{' || c == '[') ++depth;
      if ((c == '}' || c == ']') && --depth == 0) return true;
    }
    return false;
  }

 private:
  std::string_view text_;
  size_t at_ = 0;
};

}  // namespace

std::optional<std::string_view> raw_member(std::string_view body, std::string_view key) {
  Scanner s(body);
  s.skip_space();
  if (!s.take('{')) return std::nullopt;
  std::optional<std::string_view> found;
  s.skip_space();
  if (s.take('}')) return std::nullopt;
  while (true) {
    s.skip_space();
    auto name = s.string();
    if (!name) return std::nullopt;
    s.skip_space();
    if (!s.take(':')) return std::nullopt;
    s.skip_space();
    size_t start = s.position();
    if (!s.value()) return std::nullopt;
    if (*name == key) {
      if (found) return std::nullopt;
      size_t end = s.position();
      while (end > start && (body[end - 1] == ' ' || body[end - 1] == '\t' ||
                             body[end - 1] == '\n' || body[end - 1] == '\r')) {
        --end;
      }
      found = body.substr(start, end - start);
    }
    s.skip_space();
    if (s.take('}')) return found;
    if (!s.take(',')) return std::nullopt;
  }
}

}  // namespace weft::teamtailor
