// Secret references: a secret in the file is a literal, "${env:NAME}", "${file:PATH}" (where
// PATH may use "${CREDENTIALS_DIRECTORY}") or "${cred:NAME}", the systemd credential NAME
// (LoadCredential=NAME:...), read from $CREDENTIALS_DIRECTORY/NAME.
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
