// Secret references: a secret in the file is a literal, "${env:NAME}" or "${file:PATH}",
// where PATH may use "${CREDENTIALS_DIRECTORY}" (systemd's LoadCredential=).
#pragma once

#include <string>
#include <string_view>

namespace weft::config {

struct ResolvedSecret {
  std::string value;
  std::string error;  // non-empty: why it failed; names the variable or path, never a value
};

// A literal is returned as it is. A file's content loses one trailing newline.
ResolvedSecret resolve_secret(std::string_view text);

}  // namespace weft::config
