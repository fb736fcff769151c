#include <cstdio>

#include "daemon/cli/commands.h"
#include "daemon/config/describe.h"

namespace weft::cli {

int check_config(const std::string& path) {
  try {
    auto snapshot = config::load(path);
    std::printf("%s: ok\n%s", path.c_str(), config::describe(*snapshot).c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
}

}  // namespace weft::cli
