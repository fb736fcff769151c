# Scenario `soak` of tests/bench/run: the fast path with a spool configured (subscriber up)
# under full load for $SOAK, weftd's VmRSS sampled every second. Start = the RSS after a 30 s
# warm-up inside the soak, end = the last sample. Target: end / start <= 1.05. Runs once.
# shellcheck shell=bash disable=SC2154 # globals of tests/bench/run

scenario_soak() {
  local tag=soak-$RANDOM secs i rss start=0 end=0 peak=0 warm=30 per_minute=()
  secs=$(secs_of "$SOAK")
  ((secs > warm)) || die "SOAK=$SOAK: the soak must be longer than its ${warm}s warm-up"
  weftd_up soak spool "bench-sink $sink_url/events"
  say "soak: full load for $SOAK, VmRSS sampled every second (start after ${warm}s)"
  account_start "$weftd_pid"
  wrk_start "$tag" weftd medium "$CONNECTIONS" "$THREADS" "$SOAK"
  for ((i = 0; i < secs + 60; i++)); do
    alive "$wrk_pid" || break
    rss=$(proc_kib "$weftd_pid" VmRSS)
    ((i % 60 != 0)) || per_minute+=("$(mib "$rss")")
    if ((i >= warm)); then
      ((start > 0)) || start=$rss
      end=$rss
      ((rss <= peak)) || peak=$rss
    fi
    sleep 1
  done
  wrk_finish "$tag"
  account_end 1 soak weftd medium "$CONNECTIONS" "$wrk_line"
  ((start > 0)) || die "soak: no RSS sample after the warm-up"
  detail "soak: $SOAK at $(calc "$last_rps" 0) webhooks/s; VmRSS after ${warm}s $(mib "$start")" \
    "MiB, at the end $(mib "$end") MiB, max $(mib "$peak") MiB; non-2xx + errors: $last_bad"
  detail "soak: VmRSS (MiB) at 0s and every minute: ${per_minute[*]}"
  weftd_down
  summary_add "soak RSS end/start" "$(mib "$end")MiB" "$(mib "$start")MiB" \
    "$(calc "$end / $start" 3)" "<= 1.05" "$(verdict "$end / $start <= 1.05")"
}
