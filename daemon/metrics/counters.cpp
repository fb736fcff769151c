// The insert-only counter table (counters.h) and its rendering.
#include "daemon/metrics/counters.h"

#include <algorithm>
#include <tuple>

namespace weft::metrics {

namespace {

struct FamilyInfo {
  std::string_view name, help;
  std::array<std::string_view, 2> labels;
  std::size_t label_count;
  double scale;  // rendered value = count * scale
};

constexpr FamilyInfo kFamilies[kCounterFamilies] = {
    {"weft_inbound_requests_total",
     "Vendor webhook requests by connection and outcome (the outcome the ingest log line "
     "names; connection is - when the id is not configured).",
     {"connection", "outcome"},
     2,
     1},
    {"weft_verification_failures_total",
     "Webhooks whose signature check failed, by connection and reason class "
     "(missing_signature, mismatch, stale_timestamp, malformed).",
     {"connection", "reason"},
     2,
     1},
    {"weft_events_emitted_total",
     "Unified events handed to delivery, by connection and event type.",
     {"connection", "type"},
     2,
     1},
    {"weft_vendor_api_calls_total",
     "Vendor API requests by connection and outcome (2xx, 3xx, 4xx, 5xx, rate_limited, "
     "timeout, connect_error, error).",
     {"connection", "outcome"},
     2,
     1},
    {"weft_vendor_api_rate_limit_waits_total",
     "Vendor API requests that waited for the connection's request budget or a vendor hold.",
     {"connection", ""},
     1,
     1},
    {"weft_vendor_api_rate_limit_wait_seconds_total",
     "Seconds vendor API requests spent waiting for the request budget or a vendor hold.",
     {"connection", ""},
     1,
     1e-6},
    {"weft_vendor_api_token_requests_total",
     "OAuth2 token endpoint requests by connection and outcome (as weft_vendor_api_calls_total).",
     {"connection", "outcome"},
     2,
     1},
    {"weft_http_refused_total",
     "Requests the HTTP server refused before any handler saw them, by listener (server, "
     "admin) and status: 400 malformed, 408 too slow, 413 body too large, 431 headers too "
     "large.",
     {"listener", "status"},
     2,
     1},
};

// FNV-1a over the family byte and the label values each followed by '\0', hashed in place
// (an increment allocates nothing).
std::size_t slot_of(Counter family, std::initializer_list<std::string_view> labels) {
  uint64_t h = 14695981039346656037ull;
  auto mix = [&h](unsigned char c) { h = (h ^ c) * 1099511628211ull; };
  mix(static_cast<unsigned char>(family));
  for (std::string_view v : labels) {
    for (char c : v) mix(static_cast<unsigned char>(c));
    mix(0);
  }
  return static_cast<std::size_t>(h % Counters::kSlots);
}

}  // namespace

Counters::~Counters() {
  for (auto& slot : slots_) delete slot.load(std::memory_order_relaxed);
}

bool Counters::Node::matches(Counter f, std::initializer_list<std::string_view> values) const {
  return family == f && labels.size() == values.size() &&
         std::equal(labels.begin(), labels.end(), values.begin());
}

Counters::Node* Counters::find(Counter family,
                               std::initializer_list<std::string_view> labels) const {
  std::size_t at = slot_of(family, labels);
  for (std::size_t probe = 0; probe < kSlots; ++probe) {
    Node* node = slots_[(at + probe) % kSlots].load(std::memory_order_acquire);
    if (!node) return nullptr;
    if (node->matches(family, labels)) return node;
  }
  return nullptr;
}

void Counters::add(Counter family, std::initializer_list<std::string_view> labels, uint64_t n) {
  std::size_t at = slot_of(family, labels);
  Node* fresh = nullptr;
  for (std::size_t probe = 0; probe < kSlots; ++probe) {
    auto& slot = slots_[(at + probe) % kSlots];
    Node* node = slot.load(std::memory_order_acquire);
    if (!node) {
      if (!fresh) {
        fresh = new Node{family, {labels.begin(), labels.end()}};
      }
      if (slot.compare_exchange_strong(node, fresh, std::memory_order_acq_rel)) {
        fresh->value.fetch_add(n, std::memory_order_relaxed);
        return;
      }
      // Another thread filled this slot first; node now holds its entry.
    }
    if (node->matches(family, labels)) {
      delete fresh;
      node->value.fetch_add(n, std::memory_order_relaxed);
      return;
    }
  }
  delete fresh;
  dropped_.fetch_add(n, std::memory_order_relaxed);
}

uint64_t Counters::value(Counter family, std::initializer_list<std::string_view> labels) const {
  Node* node = find(family, labels);
  return node ? node->value.load(std::memory_order_relaxed) : 0;
}

void Counters::render(Text& text) const {
  std::vector<const Node*> nodes;
  for (const auto& slot : slots_) {
    if (const Node* node = slot.load(std::memory_order_acquire)) nodes.push_back(node);
  }
  std::sort(nodes.begin(), nodes.end(), [](const Node* a, const Node* b) {
    return std::tie(a->family, a->labels) < std::tie(b->family, b->labels);
  });
  auto next = nodes.begin();
  for (std::size_t f = 0; f < kCounterFamilies; ++f) {
    const FamilyInfo& info = kFamilies[f];
    text.family(info.name, "counter", info.help);
    for (; next != nodes.end() && static_cast<std::size_t>((*next)->family) == f; ++next) {
      std::vector<Label> labels;
      for (std::size_t i = 0; i < info.label_count && i < (*next)->labels.size(); ++i) {
        labels.emplace_back(info.labels[i], (*next)->labels[i]);
      }
      text.sample(info.name, labels,
                  static_cast<double>((*next)->value.load(std::memory_order_relaxed)) * info.scale);
    }
  }
  text.family("weft_metrics_series_dropped_total", "counter",
              "Increments not counted because the metrics series table was full.");
  text.sample("weft_metrics_series_dropped_total",
              static_cast<double>(dropped_.load(std::memory_order_relaxed)));
}

Counters& counters() {
  // Never destroyed: threads may still count while the process exits.
  static Counters* instance = new Counters;
  return *instance;
}

std::string_view verify_failure_class(std::string_view reason) {
  auto has = [reason](std::string_view word) {
    return reason.find(word) != std::string_view::npos;
  };
  if (reason.starts_with("missing")) return "missing_signature";
  if (has("does not match")) return "mismatch";
  if (has("replay window")) return "stale_timestamp";
  return "malformed";
}

std::string_view vendor_api_outcome(int status, std::string_view error) {
  if (status == 429) return "rate_limited";
  if (status >= 200 && status < 600) {
    static constexpr std::string_view kClasses[] = {"2xx", "3xx", "4xx", "5xx"};
    return kClasses[status / 100 - 2];
  }
  if (status > 0) return "error";
  if (error == "timeout") return "timeout";
  if (error.starts_with("resolve") || error.starts_with("connect") || error.starts_with("tls"))
    return "connect_error";
  return "error";
}

}  // namespace weft::metrics
