// weftd keygen: a fresh Ed25519 key pair for Standard Webhooks asymmetric (v1a) signatures.
// stdout gets two lines, the whsk_ secret key (for a subscriber's secrets in weft's config)
// and the whpk_ public key (for the subscriber, which verifies with it); stderr says which is
// which, so that `weftd keygen > pair` keeps only the keys.
#include <cstdio>
#include <exception>

#include <openssl/crypto.h>

#include "daemon/cli/commands.h"
#include "daemon/deliver/signing.h"

namespace weft::cli {

int keygen(const std::vector<std::string>& args) {
  if (!args.empty()) {
    std::fprintf(stderr, "usage: weftd keygen\n");
    return 2;
  }
  deliver::KeyPair pair;
  try {
    pair = deliver::generate_ed25519_pair();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "keygen: %s\n", e.what());
    return 1;
  }
  std::printf("%s\n%s\n", pair.secret_key.c_str(), pair.public_key.c_str());
  std::fflush(stdout);
  OPENSSL_cleanse(pair.secret_key.data(), pair.secret_key.size());
  std::fprintf(stderr,
               "line 1 (whsk_): the secret key, for the subscriber's secrets in weft's config\n"
               "line 2 (whpk_): the public key, for the subscriber to verify v1a signatures\n");
  return 0;
}

}  // namespace weft::cli
