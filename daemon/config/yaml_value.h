// Strict reading of the YAML tree: every node carries the file, line and key path that an
// error message needs, and mappings reject keys they do not know.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace weft::config {

// Throws ConfigError "<file>:<line>: <path>: <what>".
[[noreturn]] void fail(const std::string& file, int line, std::string_view path,
                       std::string_view what);

// A YAML node and where it sits.
class Value {
 public:
  // key_line: the 1-based line of the key naming this node (or of the list item).
  Value(const std::string& file, YAML::Node node, std::string path, int key_line);

  const YAML::Node& node() const { return node_; }
  const std::string& file() const { return *file_; }
  const std::string& path() const { return path_; }
  int line() const { return line_; }

  bool is_scalar() const { return node_.IsScalar(); }
  bool is_sequence() const { return node_.IsSequence(); }
  bool is_map() const { return node_.IsMap(); }

  [[noreturn]] void fail(std::string_view what) const;
  // For errors about the key itself ("only allowed when ..."): its line, not the value's.
  [[noreturn]] void fail_at_key(std::string_view what) const;

  // The elements of a sequence, with paths "<path>[i]". The caller checks is_sequence().
  std::vector<Value> items() const;

 private:
  const std::string* file_;
  YAML::Node node_;
  std::string path_;
  int key_line_;
  int line_;
};

// A mapping checked against the keys it may hold: an unknown or repeated key is an error.
class Mapping {
 public:
  // Fails "must be a mapping" unless value is one.
  Mapping(const Value& value, std::initializer_list<std::string_view> known_keys);

  const Value& value() const { return self_; }
  std::optional<Value> find(std::string_view key) const;
  // Fails "<path>.<key>: required" at the mapping's line when the key is absent.
  Value require(std::string_view key) const;

 private:
  Value self_;
  std::vector<std::pair<std::string, Value>> entries_;
};

std::string join_path(std::string_view parent, std::string_view key);

}  // namespace weft::config
