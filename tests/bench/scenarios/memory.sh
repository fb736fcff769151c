# Scenario `memory` of tests/bench/run: weftd's resident size at full load with
# $SPOOL_RECORDS events in the spool. Spool mode, two subscribers: `bench-down` (a closed port)
# takes only the events of the connection `bench-greenhouse-fill`, `bench-sink` (the sink) only
# those of `bench-greenhouse`. First full load on the fill connection until the spool holds
# $SPOOL_RECORDS records (weft_spool_records, polled, bounded); then full load on the other
# connection for $DURATION, delivered and not spooled, so the spool stays at that size while
# weftd's VmRSS is sampled every second. Figure: the peak VmRSS (VmHWM is printed too);
# target < 64 MiB. Runs once whatever ROUNDS says.
# shellcheck shell=bash disable=SC2154 # globals of tests/bench/run

scenario_memory() {
  local tag=memory-$RANDOM i records=0 rss peak=0 hwm limit=300 fill_rss start_rss
  weftd_up memory spool "bench-down $closed_url/events $connection-fill" \
    "bench-sink $sink_url/events $connection"
  start_rss=$(proc_kib "$weftd_pid" VmRSS)
  say "memory: filling the spool to $SPOOL_RECORDS records (at most ${limit}s)"
  account_start "$weftd_pid"
  wrk_start "$tag-fill" weftd-fill medium "$CONNECTIONS" "$THREADS" "$((limit + 10))s"
  for ((i = 0; i < limit * 10; i++)); do
    records=$(metric weft_spool_records)
    ((records < SPOOL_RECORDS)) || break
    alive "$wrk_pid" || break
    sleep 0.1
  done
  kill -INT "$wrk_pid" 2>/dev/null || true # wrk stops and prints its results
  wrk_finish "$tag-fill"
  account_end 1 mem-fill weftd-fill medium "$CONNECTIONS" "$wrk_line"
  records=$(metric weft_spool_records)
  ((records >= SPOOL_RECORDS)) ||
    detail "memory: the spool reached only $records of $SPOOL_RECORDS records in ${limit}s"
  fill_rss=$(proc_kib "$weftd_pid" VmRSS)
  say "memory: $records records; full load (delivered) for $DURATION, sampling VmRSS"
  account_start "$weftd_pid"
  wrk_start "$tag" weftd medium "$CONNECTIONS" "$THREADS" "$DURATION"
  for ((i = 0; i < $(secs_of "$DURATION") + 30; i++)); do
    alive "$wrk_pid" || break
    rss=$(proc_kib "$weftd_pid" VmRSS)
    ((rss <= peak)) || peak=$rss
    sleep 1
  done
  wrk_finish "$tag"
  account_end 1 memory weftd medium "$CONNECTIONS" "$wrk_line"
  hwm=$(proc_kib "$weftd_pid" VmHWM)
  detail "memory: VmRSS $(mib "$start_rss") MiB at start, $(mib "$fill_rss") MiB with" \
    "$records spool records (fill load stopped)"
  detail "memory: then $DURATION of full load ($(calc "$(field "$wrk_line" rps)" 0) webhooks/s," \
    "delivered): $(metric weft_spool_records) records at the end, peak VmRSS $(mib "$peak") MiB," \
    "VmHWM $(mib "$hwm") MiB (the fill included)"
  weftd_down
  summary_add "memory peak RSS" "$(mib "$peak")MiB" "64MiB" "$(calc "$peak / 65536")" \
    "< 64 MiB" "$(verdict "$peak < 65536")"
}
