// Delivery and spool metrics, rendered from the dispatcher's counts: per-subscriber attempts
// (sent, and results by outcome), a latency histogram, deliveries, retries, dead letters (by
// event type), queue depth, in-flight attempts, breaker state, paused and disabled flags; and
// the spool's records, bytes, batches and fsyncs. Labels carry subscriber ids, event types and
// outcome names only, never payload content.
#pragma once

#include "daemon/deliver/dispatcher.h"
#include "daemon/metrics/text.h"

namespace weft::metrics {

void add_delivery_metrics(Text& text, const deliver::Dispatcher& dispatcher);

}  // namespace weft::metrics
