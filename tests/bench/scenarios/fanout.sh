# Scenario `fanout` of tests/bench/run: weftd with 10 subscribers (all `ats.*`, sink paths
# /events/1../events/10) against weftd with one (the throughput config), medium body. Figure:
# webhooks/s, each webhook's events going to every subscriber. Target: >= 0.5 x the one-
# subscriber rate. Details: the sink's inbound requests/s, which should grow about tenfold.
# shellcheck shell=bash disable=SC2154 # globals of tests/bench/run

scenario_fanout() {
  local round i one=() ten=() one_out=() ten_out=() subs=()
  for ((i = 1; i <= 10; i++)); do subs+=("fanout-$i $sink_url/events/$i"); done
  for ((round = 1; round <= ROUNDS; round++)); do
    weftd_up fanout1 none "bench-sink $sink_url/events"
    measure "$round" fanout1 weftd medium "$CONNECTIONS" "$THREADS"
    one+=("$last_rps")
    one_out+=("$(calc "$last_sink_requests / $last_seconds" 0)")
    weftd_down
    weftd_up fanout10 none "${subs[@]}"
    measure "$round" fanout10 weftd medium "$CONNECTIONS" "$THREADS"
    ten+=("$last_rps")
    ten_out+=("$(calc "$last_sink_requests / $last_seconds" 0)")
    weftd_down
  done
  local w b o1 o10
  w=$(median "${ten[@]}")
  b=$(median "${one[@]}")
  o1=$(median "${one_out[@]}")
  o10=$(median "${ten_out[@]}")
  detail "fanout: sink requests/s: 1 subscriber $(calc "$o1" 0)/s, 10 subscribers" \
    "$(calc "$o10" 0)/s ($(calc "$o1 > 0 ? $o10 / $o1 : 0")x; sink/req in the run table)"
  summary_add "fanout 10 subscribers" "$(calc "$w" 0)/s" "$(calc "$b" 0)/s" \
    "$(calc "$w / $b")" ">= 0.5" "$(verdict "$w / $b >= 0.5")"
}
