#include "providers/core/offline.h"

#include <cctype>

namespace weft {

std::string canned_response_file(const Fetch& fetch) {
  std::string_view target = fetch.target;
  if (auto scheme = target.find("://"); scheme != std::string_view::npos) {
    target.remove_prefix(scheme + 3);
    auto slash = target.find('/');
    target.remove_prefix(slash == std::string_view::npos ? target.size() : slash);
  }
  while (!target.empty() && target.front() == '/') target.remove_prefix(1);
  std::string file = fetch.method == "POST" ? "POST_" : "";
  for (char c : target) {
    bool keep = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
    file += keep ? c : '_';
  }
  return file + ".json";
}

OfflineResult normalize_offline(const Provider& provider, const ConnectionInfo& connection,
                                const Headers& headers, std::string_view body,
                                std::string_view received_at, std::string_view query,
                                const FetchAnswer& answer) {
  VendorRequest request{headers, body, query};
  NormalizeContext context{connection, received_at};
  Normalized normalized = provider.normalize(request, context);
  std::vector<FetchResult> fetched;
  for (int round = 0; normalized.error.empty() && !normalized.fetches.empty(); ++round) {
    if (round == kMaxEnrichRounds || !provider.enrich) {
      normalized = Normalized::rejected("enrichment needs more rounds than allowed");
      break;
    }
    for (const Fetch& fetch : normalized.fetches) {
      std::optional<FetchResult> result = answer ? answer(fetch) : std::nullopt;
      if (!result) {
        normalized =
            Normalized::rejected("needs the vendor API: " + fetch.method + " " + fetch.target);
        break;
      }
      result->key = fetch.key;
      fetched.push_back(std::move(*result));
    }
    if (normalized.error.empty()) normalized = provider.enrich(request, context, fetched);
  }
  OfflineResult result;
  result.error = normalized.error;
  result.reply = normalized.reply;
  if (!result.error.empty() || result.reply) return result;
  SealInput input{connection, received_at, body, "webhook", false};
  result.events = seal(normalized, input);
  return result;
}

}  // namespace weft
