#include "daemon/cli/canned_api.h"

#include <fstream>
#include <sstream>

namespace weft::cli {

FetchAnswer answer_from_dir(const std::string& dir) {
  return [dir](const Fetch& fetch) -> std::optional<FetchResult> {
    std::ifstream in(dir + "/" + canned_response_file(fetch), std::ios::binary);
    if (!in) {
      if (fetch.optional) return FetchResult{fetch.key, 404, {}};
      return std::nullopt;
    }
    std::ostringstream body;
    body << in.rdbuf();
    return FetchResult{fetch.key, 200, body.str()};
  };
}

}  // namespace weft::cli
