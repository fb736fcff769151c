// The integration tests' main: the environment every weftd child inherits, then doctest.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdlib>

#include "integration/harness.h"

int main(int argc, char** argv) {
  // Configs with a spool name their master key as ${env:WEFT_TEST_SPOOL_KEY}.
  ::setenv("WEFT_TEST_SPOOL_KEY", weft::it::kTestSpoolKey, 1);
  doctest::Context context(argc, argv);
  return context.run();
}
