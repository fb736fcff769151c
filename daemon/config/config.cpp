// load(): reads the file, parses it with yaml-cpp and builds the immutable Config.
#include "daemon/config/config.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <sstream>

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

// Counts the documents of a stream. A document that starts where the previous one did has
// consumed nothing: yaml-cpp 0.7 (Debian 12) then yields it again forever, and YAML::LoadAll
// loops allocating until memory runs out (jbeder/yaml-cpp#1040; a file holding ","). So the
// documents are counted here, two at most, and that case is a syntax error.
struct DocumentStarts : YAML::EventHandler {
  std::vector<YAML::Mark> marks;  // where each document starts
  std::vector<YAML::Mark> roots;  // where each document's root node is
  void root(const YAML::Mark& mark) {
    if (roots.size() < marks.size()) roots.push_back(mark);
  }
  void OnDocumentStart(const YAML::Mark& mark) override { marks.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { root(mark); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { root(mark); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                const std::string&) override {
    root(mark);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    root(mark);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    root(mark);
  }
  void OnMapEnd() override {}
};

YAML::Node parse_document(const std::string& path, const std::string& text) {
  DocumentStarts starts;
  YAML::Node root;
  try {
    std::istringstream stream(text);
    YAML::Parser parser(stream);
    while (starts.marks.size() < 2 && parser.HandleNextDocument(starts)) {
    }
    if (starts.marks.size() == 2 && starts.marks[0].pos == starts.marks[1].pos) {
      fail(path, starts.marks[0].line + 1, "syntax error", "unexpected token");
    }
    if (starts.marks.size() == 1) root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    // yaml-cpp's messages name the construct ("end of map not found"), not the content.
    fail(path, e.mark.is_null() ? 1 : e.mark.line + 1, "syntax error", e.msg);
  }
  if (starts.marks.empty()) fail(path, 1, "", "the file is empty");
  if (starts.marks.size() > 1) {
    const YAML::Mark& second = starts.roots.size() > 1 ? starts.roots[1] : starts.marks[1];
    fail(path, second.line + 1, "", "only one YAML document is allowed");
  }
  return root;
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
