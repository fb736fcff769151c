# Scenario `spool` of tests/bench/run: weftd with an encrypted spool and its only subscriber a
# closed port, so every event is spooled and fsynced before the answer, against the fast path
# (spool: none, subscriber up), medium body. Target: spool path >= 0.5 x the fast path.
# shellcheck shell=bash disable=SC2154 # globals of tests/bench/run

scenario_spool() {
  # shellcheck disable=SC2034 # weft_config reads it
  local subscriber_max_queue=10000000
  local round fast=() spooled=() records=()
  for ((round = 1; round <= ROUNDS; round++)); do
    weftd_up spool-fast none "bench-sink $sink_url/events"
    measure "$round" spool-fast weftd medium "$CONNECTIONS" "$THREADS"
    fast+=("$last_rps")
    weftd_down
    weftd_up spooled spool "bench-sink $closed_url/events"
    measure "$round" spooled weftd medium "$CONNECTIONS" "$THREADS"
    spooled+=("$last_rps")
    records+=("$(metric weft_spool_records)")
    weftd_down
  done
  local w b
  w=$(median "${spooled[@]}")
  b=$(median "${fast[@]}")
  detail "spool: records in the spool after each spooled run: ${records[*]}" \
    "(the sink got $last_sink_requests requests during the last one)"
  summary_add "spool path" "$(calc "$w" 0)/s" "$(calc "$b" 0)/s" "$(calc "$w / $b")" \
    ">= 0.5" "$(verdict "$w / $b >= 0.5")"
}
