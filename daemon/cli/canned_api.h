// Canned vendor API responses from a directory, for offline normalization of thin webhooks
// (`weftd normalize --api-dir DIR`, and the golden-file tests).
#pragma once

#include <string>

#include "providers/core/offline.h"

namespace weft::cli {

// Answers each read from DIR/<canned_response_file(fetch)>; a missing file: not available,
// or a 404 for an optional read.
FetchAnswer answer_from_dir(const std::string& dir);

}  // namespace weft::cli
