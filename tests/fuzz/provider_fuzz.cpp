// Fuzz target: every registered provider's unsigned-handshake answer, signature check and
// normalization (with thin-webhook enrichment answered from the input), as the daemon runs
// them on a request it received. One target for all vendors: the first byte picks the
// provider (modulo the registry's size), so one build and one time budget cover them all
// and the fuzzer shares what it learns about JSON between vendors.
//
// Input: byte 0 = provider index; then parts separated by "\n=====\n":
//   part 0: header lines "Name: value"; a line starting with '?' is the query string
//   part 1: the request body
//   part 2..: the API's answers to the fetches a thin webhook asks for, in order (status 200)
#include <cstdint>
#include <cstdlib>
#include <string>

#include "fuzz/input.h"
#include "providers/core/offline.h"
#include "providers/core/provider.h"

namespace {

// A one-line reason is part of every provider's contract (it lands in a log line).
void check_one_line(const std::string& reason) {
  if (reason.find('\n') != std::string::npos) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace weft;
  if (size < 1) return 0;
  static const auto names = provider_names();
  const Provider* provider = find_provider(names[data[0] % names.size()]);
  if (!provider) std::abort();

  auto parts = fuzz::split_parts(fuzz::as_text(data + 1, size - 1), 8);
  Headers headers;
  std::string_view query;
  for (auto line : fuzz::split_lines(parts[0])) {
    if (line.starts_with('?')) {
      query = line.substr(1);
      continue;
    }
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    auto value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    headers.add(std::string(line.substr(0, colon)), std::string(value));
  }
  std::string_view body = parts.size() > 1 ? parts[1] : std::string_view{};

  ConnectionInfo connection{"fuzz-conn",
                            "fuzz",
                            std::string(provider->name),
                            "production",
                            {"fuzz-secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"},
                            300};
  VendorRequest request{headers, body, query, 1775121303};
  if (provider->answer_unsigned_handshake) provider->answer_unsigned_handshake(request, connection);
  Verification verification = provider->verify(request, connection);
  if (!verification.ok) check_one_line(verification.reason);

  // Normalization runs whatever the signature said: the fuzzer cannot forge one, and what
  // normalize must survive is any body an attacker holding a secret could send.
  std::size_t next_answer = 2;
  FetchAnswer answer = [&](const Fetch&) -> std::optional<FetchResult> {
    if (next_answer >= parts.size()) return std::nullopt;
    return FetchResult{"", 200, std::string(parts[next_answer++])};
  };
  OfflineResult result = normalize_offline(*provider, connection, headers, body,
                                           "2026-04-02T09:15:03Z", query, answer);
  check_one_line(result.error);
  return 0;
}
