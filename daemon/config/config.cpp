// load(): reads the file, parses it with yaml-cpp and builds the immutable Config.
#include "daemon/config/config.h"

#include "daemon/config/fields.h"
#include "daemon/config/read_file.h"
#include "daemon/config/sections.h"
#include "daemon/config/yaml_value.h"

namespace weft::config {

namespace {

constexpr std::size_t kMaxFile = 4 << 20;  // a config, not a data set

std::string read_whole_file(const std::string& path) {
  FileContent file = read_small_file(path, kMaxFile);
  if (!file.error.empty()) throw ConfigError(path + ": cannot read: " + file.error);
  return std::move(file.text);
}

YAML::Node parse_document(const std::string& path, const std::string& text) {
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(text);
  } catch (const YAML::Exception& e) {
    // yaml-cpp's messages name the construct ("end of map not found"), not the content.
    fail(path, e.mark.is_null() ? 1 : e.mark.line + 1, "syntax error", e.msg);
  }
  if (documents.empty()) fail(path, 1, "", "the file is empty");
  if (documents.size() > 1) {
    fail(path, documents[1].Mark().line + 1, "", "only one YAML document is allowed");
  }
  return documents.front();
}

}  // namespace

const Connection* Config::find_connection(std::string_view id) const {
  for (const auto& c : connections) {
    if (c.info.id == id) return &c;
  }
  return nullptr;
}

const Subscriber* Config::find_subscriber(std::string_view id) const {
  for (const auto& s : subscribers) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

Snapshot load(const std::string& path) {
  const std::string text = read_whole_file(path);
  Value root(path, parse_document(path, text), "", 1);
  Mapping top(root, {"server", "admin", "spool", "network", "connections", "subscribers"});

  auto config = std::make_shared<Config>();
  config->path = path;
  if (auto v = top.find("server")) config->server = read_server(*v);
  if (auto v = top.find("admin")) config->admin = read_admin(*v);
  if (auto v = top.find("spool")) config->spool = read_spool(*v);
  if (auto v = top.find("network")) config->network = read_network(*v);
  if (auto v = top.find("connections")) config->connections = read_connections(*v);
  // After the spool: each subscriber's retry.max_age is checked against its retention.
  if (auto v = top.find("subscribers")) {
    config->subscribers = read_subscribers(*v, config->connections, config->spool);
  }
  return config;
}

}  // namespace weft::config
