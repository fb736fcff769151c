# Scenario `throughput` of tests/bench/run: nginx and weftd (one subscriber) alternate, each
# payload of $PAYLOADS at -c$CONNECTIONS, and with LATENCY_RUN=1 a -c1 pair. Target: weftd's
# webhooks/s >= 0.8 x nginx's. Sets nginx_peak_medium and weftd_peak_medium for `latency`.
# shellcheck shell=bash disable=SC2154,SC2034 # globals shared with run and the other scenarios

scenario_throughput() {
  local mode=none url=$sink_url/events round payload n w
  local -A nginx_rps=() weftd_rps=()
  [ "$SPOOL" = 1 ] && mode=spool
  [ "$SUBSCRIBER" = down ] && url=$closed_url/events
  weftd_up throughput "$mode" "bench-sink $url"
  for ((round = 1; round <= ROUNDS; round++)); do
    for payload in $PAYLOADS; do
      measure "$round" throughput nginx "$payload" "$CONNECTIONS" "$THREADS"
      nginx_rps[$payload]+=" $last_rps"
      measure "$round" throughput weftd "$payload" "$CONNECTIONS" "$THREADS"
      weftd_rps[$payload]+=" $last_rps"
    done
    if [ "$LATENCY_RUN" = 1 ]; then
      measure "$round" c1 nginx medium 1 1
      measure "$round" c1 weftd medium 1 1
    fi
  done
  weftd_down
  for payload in $PAYLOADS; do
    # shellcheck disable=SC2086 # the lists split into numbers
    n=$(median ${nginx_rps[$payload]})
    # shellcheck disable=SC2086
    w=$(median ${weftd_rps[$payload]})
    summary_add "throughput $payload" "$(calc "$w" 0)/s" "$(calc "$n" 0)/s" \
      "$(calc "$w / $n")" ">= 0.8" "$(verdict "$w / $n >= 0.8")"
    if [ "$payload" = medium ]; then
      nginx_peak_medium=$n
      weftd_peak_medium=$w
    fi
  done
}
