// An ordered list of HTTP headers with case-insensitive lookup.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace weft {

struct Header {
  std::string name;
  std::string value;
};

bool iequals(std::string_view a, std::string_view b);

class Headers {
 public:
  Headers() = default;
  Headers(std::initializer_list<Header> list) : list_(list) {}

  void add(std::string name, std::string value) {
    list_.push_back({std::move(name), std::move(value)});
  }
  // The first header with this name (any case), if present.
  std::optional<std::string_view> find(std::string_view name) const;
  const std::vector<Header>& all() const { return list_; }

 private:
  std::vector<Header> list_;
};

}  // namespace weft
