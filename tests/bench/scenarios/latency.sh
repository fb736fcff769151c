# Scenario `latency` of tests/bench/run: the latency weftd adds over nginx at a fixed rate of
# half nginx's peak (medium body; paced.lua keeps the rate), then, for information, at half
# weftd's own peak. Peaks come from `throughput` when it ran, else they are measured here.
# Targets: weftd p50 - nginx p50 <= 0.2 ms, p99 difference <= 1 ms, at the asked rate.
# shellcheck shell=bash disable=SC2154 # globals of tests/bench/run

scenario_latency() {
  weftd_up latency none "bench-sink $sink_url/events"
  if [ -z "${nginx_peak_medium:-}" ]; then
    measure 1 peak nginx medium "$CONNECTIONS" "$THREADS"
    nginx_peak_medium=$last_rps
  fi
  if [ -z "${weftd_peak_medium:-}" ]; then
    measure 1 peak weftd medium "$CONNECTIONS" "$THREADS"
    weftd_peak_medium=$last_rps
  fi
  latency_at "nginx/2" "$(calc "$nginx_peak_medium / 2" 0)" target
  latency_at "weftd/2" "$(calc "$weftd_peak_medium / 2" 0)" info
  weftd_down
}

# Both proxies at one fixed rate, ROUNDS times; medians. $1: name of the rate, $2: webhooks/s,
# $3: "target" to add summary lines, else details only.
latency_at() {
  local round target
  local -A p50=() p99=() rps=() late=()
  for ((round = 1; round <= ROUNDS; round++)); do
    for target in nginx weftd; do
      measure "$round" "lat@$1" "$target" medium "$LAT_CONNECTIONS" "$THREADS" "$2"
      p50[$target]+=" $last_p50_ms"
      p99[$target]+=" $last_p99_ms"
      rps[$target]+=" $last_rps"
      late[$target]+=" $last_late"
    done
  done
  local -A m50=() m99=() mrps=() mlate=()
  for target in nginx weftd; do
    # shellcheck disable=SC2086 # the lists split into numbers
    {
      m50[$target]=$(median ${p50[$target]})
      m99[$target]=$(median ${p99[$target]})
      mrps[$target]=$(median ${rps[$target]})
      mlate[$target]=$(median ${late[$target]})
    }
    detail "latency at $1 ($2/s asked), $target: $(calc "${mrps[$target]}" 0)/s, late" \
      "$(calc "${mlate[$target]}" 0), p50 ${m50[$target]} ms, p99 ${m99[$target]} ms"
  done
  local add50 add99 reached
  add50=$(calc "${m50[weftd]} - ${m50[nginx]}" 3)
  add99=$(calc "${m99[weftd]} - ${m99[nginx]}" 3)
  [[ $add50 == -* ]] || add50=+$add50
  [[ $add99 == -* ]] || add99=+$add99
  detail "latency at $1: weftd adds p50 $add50 ms, p99 $add99 ms"
  reached=$(verdict "${mrps[weftd]} >= 0.95 * $2")
  if [ "$reached" = MISS ]; then
    detail "latency at $1: weftd reached $(calc "${mrps[weftd]}" 0)/s of $2/s asked:" \
      "the latencies of an overload"
  fi
  [ "$3" = target ] || return 0
  local r50 r99
  r50=$(verdict "$add50 <= 0.2 && \"$reached\" == \"PASS\"")
  r99=$(verdict "$add99 <= 1 && \"$reached\" == \"PASS\"")
  summary_add "latency p50 @$1" "${m50[weftd]}ms" "${m50[nginx]}ms" "${add50}ms" \
    "added <= 0.2ms" "$r50"
  summary_add "latency p99 @$1" "${m99[weftd]}ms" "${m99[nginx]}ms" "${add99}ms" \
    "added <= 1ms" "$r99"
}
