#include "daemon/config/yaml_value.h"

#include <algorithm>

#include "daemon/config/config.h"

namespace weft::config {

namespace {

int line_of(const YAML::Node& node, int fallback) {
  // yaml-cpp marks an empty value at the next token, often on a later line: use the key's.
  if (!node.IsDefined() || node.IsNull() || node.Mark().is_null()) return fallback;
  return node.Mark().line + 1;
}

}  // namespace

void fail(const std::string& file, int line, std::string_view path, std::string_view what) {
  std::string message = file;
  message += ':';
  message += std::to_string(line);
  message += ": ";
  message += path.empty() ? std::string_view("top level") : path;
  message += ": ";
  message += what;
  // One line: a key or a yaml-cpp message may carry control characters from the file.
  for (char& c : message) {
    if (static_cast<unsigned char>(c) < 0x20 || c == '\x7f') c = '?';
  }
  throw ConfigError(message);
}

std::string join_path(std::string_view parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  std::string path(parent);
  path += '.';
  path += key;
  return path;
}

Value::Value(const std::string& file, YAML::Node node, std::string path, int key_line)
    : file_(&file),
      node_(std::move(node)),
      path_(std::move(path)),
      key_line_(key_line),
      line_(line_of(node_, key_line)) {}

void Value::fail(std::string_view what) const {
  config::fail(*file_, line_, path_, what);
}

void Value::fail_at_key(std::string_view what) const {
  config::fail(*file_, key_line_, path_, what);
}

std::vector<Value> Value::items() const {
  std::vector<Value> out;
  std::size_t index = 0;
  for (const YAML::Node& item : node_) {
    out.emplace_back(*file_, item, path_ + "[" + std::to_string(index++) + "]", line_);
  }
  return out;
}

Mapping::Mapping(const Value& value, std::initializer_list<std::string_view> known_keys)
    : self_(value) {
  if (!value.is_map()) value.fail("must be a mapping");
  for (const auto& entry : value.node()) {
    int key_line = entry.first.Mark().line + 1;
    if (!entry.first.IsScalar()) {
      config::fail(value.file(), key_line, value.path(), "keys must be plain names");
    }
    const std::string& key = entry.first.Scalar();
    std::string path = join_path(value.path(), key);
    if (std::find(known_keys.begin(), known_keys.end(), key) == known_keys.end()) {
      config::fail(value.file(), key_line, path, "unknown key");
    }
    if (find(key)) config::fail(value.file(), key_line, path, "duplicate key");
    entries_.emplace_back(key, Value(value.file(), entry.second, path, key_line));
  }
}

std::optional<Value> Mapping::find(std::string_view key) const {
  for (const auto& [name, value] : entries_) {
    if (name == key) return value;
  }
  return std::nullopt;
}

Value Mapping::require(std::string_view key) const {
  auto value = find(key);
  if (!value) config::fail(self_.file(), self_.line(), join_path(self_.path(), key), "required");
  return *value;
}

}  // namespace weft::config
