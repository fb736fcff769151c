// Unified events from a Lever webhook: tombstones straight from the webhook, everything else
// from the records read through Lever's API (or reference-mode events when a record is gone).
#pragma once

#include <vector>

#include "providers/core/provider.h"
#include "providers/lever/webhook.h"

namespace weft::lever {

// candidateDeleted and interviewDeleted: no read needed.
Normalized deletion_events(const Webhook& hook, const NormalizeContext& ctx);
// The events once the reads are done, or the next round of reads (archive reasons).
Normalized enriched_events(const Webhook& hook, const std::vector<FetchResult>& results,
                           const NormalizeContext& ctx);

// opportunity.cpp: the four opportunity events.
Normalized opportunity_events(const Webhook& hook, const std::vector<FetchResult>& results,
                              const NormalizeContext& ctx);

// The result of one read by key, or nullptr.
const FetchResult* result_of(const std::vector<FetchResult>& results, std::string_view key);
// Parses an API answer; "" or a one-line reason naming the read.
std::string parse_answer(const FetchResult& result, const NormalizeContext& ctx,
                         json::Document& out);

}  // namespace weft::lever
