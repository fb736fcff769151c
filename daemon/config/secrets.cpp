#include "daemon/config/secrets.h"

#include <cctype>
#include <cstdlib>

#include "daemon/config/read_file.h"

namespace weft::config {

namespace {

constexpr std::size_t kMaxSecretFile = 64 << 10;  // a key, not a document
constexpr std::string_view kCredentialsDirectory = "${CREDENTIALS_DIRECTORY}";

ResolvedSecret failed(std::string why) {
  return {{}, std::move(why)};
}

bool valid_variable_name(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front()))) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

ResolvedSecret from_environment(const std::string& name) {
  if (!valid_variable_name(name)) return failed("invalid environment variable name in ${env:...}");
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) return failed("environment variable " + name + " is not set");
  if (*value == '\0') return failed("environment variable " + name + " is empty");
  return {value, {}};
}

// Files written by `echo` or editors end in a newline that is not part of the secret.
std::string without_trailing_newline(std::string content) {
  if (content.ends_with("\r\n")) {
    content.resize(content.size() - 2);
  } else if (content.ends_with('\n')) {
    content.pop_back();
  }
  return content;
}

// Expands ${CREDENTIALS_DIRECTORY}; any other ${...} in a path is an error.
ResolvedSecret expand_path(std::string_view path) {
  std::string out;
  while (!path.empty()) {
    auto start = path.find("${");
    out += path.substr(0, start);
    if (start == std::string_view::npos) break;
    path.remove_prefix(start);
    if (!path.starts_with(kCredentialsDirectory)) {
      return failed("only ${CREDENTIALS_DIRECTORY} may be used inside ${file:...}");
    }
    auto directory = from_environment("CREDENTIALS_DIRECTORY");
    if (!directory.error.empty()) return directory;
    out += directory.value;
    path.remove_prefix(kCredentialsDirectory.size());
  }
  return {out, {}};
}

ResolvedSecret from_file(std::string_view written_path) {
  auto path = expand_path(written_path);
  if (!path.error.empty()) return path;
  if (path.value.empty()) return failed("empty path in ${file:...}");
  FileContent file = read_small_file(path.value, kMaxSecretFile);
  if (!file.error.empty()) return failed("cannot read " + path.value + ": " + file.error);
  std::string content = without_trailing_newline(std::move(file.text));
  if (content.empty()) return failed("file " + path.value + " is empty");
  return {std::move(content), {}};
}

// A systemd credential (LoadCredential=NAME:...): the file NAME in $CREDENTIALS_DIRECTORY.
ResolvedSecret from_credential(std::string_view name) {
  bool valid = !name.empty() && name != "." && name != ".." && name.size() <= 255;
  for (char c : name) {
    valid = valid && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' ||
                      c == '.' || c == '@' || c == ':');
  }
  if (!valid) return failed("invalid credential name in ${cred:...}");
  const char* directory = std::getenv("CREDENTIALS_DIRECTORY");
  if (directory == nullptr || *directory == '\0') {
    return failed("${cred:" + std::string(name) +
                  "} needs CREDENTIALS_DIRECTORY (systemd LoadCredential=), which is not set");
  }
  std::string path = std::string(directory) + "/" + std::string(name);
  FileContent file = read_small_file(path, kMaxSecretFile);
  if (!file.error.empty()) {
    return failed("credential " + std::string(name) + ": cannot read " + path + ": " + file.error);
  }
  std::string content = without_trailing_newline(std::move(file.text));
  if (content.empty()) return failed("credential " + std::string(name) + " is empty");
  return {std::move(content), {}};
}

}  // namespace

ResolvedSecret resolve_secret(std::string_view text) {
  if (!text.starts_with("${")) return {std::string(text), {}};
  constexpr const char* kForms = "a reference must be ${env:NAME}, ${file:PATH} or ${cred:NAME}";
  if (!text.ends_with('}')) return failed(kForms);
  std::string_view inner = text.substr(2, text.size() - 3);
  if (inner.starts_with("env:")) return from_environment(std::string(inner.substr(4)));
  if (inner.starts_with("file:")) return from_file(inner.substr(5));
  if (inner.starts_with("cred:")) return from_credential(inner.substr(5));
  return failed(kForms);
}

}  // namespace weft::config
