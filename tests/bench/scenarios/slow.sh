# Scenario `slow` of tests/bench/run: spool mode, two fast subscribers on the sink
# (/events/fast1, /events/fast2), with and without a third, slow one (slow_sink.py: 200 after
# 2 s). Figure: the fast subscribers' accepted deliveries per second, from
# weft_deliveries_total before and after the measured run. Two loads:
# - at a fixed offered rate, half of the saturated rate without the slow subscriber (paced.lua,
#   open loop, as vendors send): does the slow one take anything from the others? This is the
#   target: with >= 0.95 x without.
# - saturated (closed loop, for information): there every event also costs its spool write for
#   the slow subscriber, so the CPU left for the fast ones shrinks by that share.
# shellcheck shell=bash disable=SC2154 # globals of tests/bench/run

scenario_slow() {
  # The slow subscriber's queue grows by the event rate for the whole run (it accepts about
  # max_in_flight / 2 s); the default bound (100,000 pairs, then 503s: the designed
  # back-pressure) would be reached within the run, so it is raised here.
  # shellcheck disable=SC2034 # weft_config reads it
  local subscriber_max_queue=10000000
  local round slow_port slow_pid lifetime rate
  local sat_with=() sat_without=() paced_with=() paced_without=() rps_with=() rps_without=()
  local slow_done=() fast=("fast1 $sink_url/events/fast1" "fast2 $sink_url/events/fast2")
  lifetime=$((3 * ($(secs_of "$WARMUP") + $(secs_of "$DURATION")) + 120))
  for ((round = 1; round <= ROUNDS; round++)); do
    weftd_up slow-base spool "${fast[@]}"
    slow_measure "$round" slow-base ""
    sat_without+=("$fast_rate")
    rps_without+=("$last_rps")
    rate=$(calc "$last_rps / 2" 0)
    slow_measure "$round" slow-base-paced "$rate"
    paced_without+=("$fast_rate")
    weftd_down
    slow_port=$(free_ports 1)
    python3 "$root/tests/bench/slow_sink.py" "$slow_port" "$lifetime" 2 &
    slow_pid=$!
    pids+=("$slow_pid")
    wait_for_port "$slow_port" "$slow_pid" "slow_sink.py"
    weftd_up slow spool "${fast[@]}" "slow http://127.0.0.1:$slow_port/events/slow"
    slow_measure "$round" slow-paced "$rate"
    paced_with+=("$fast_rate")
    slow_done+=("$slow_delivered")
    slow_measure "$round" slow ""
    sat_with+=("$fast_rate")
    rps_with+=("$last_rps")
    weftd_down
    alive "$slow_pid" || die "slow_sink.py died during the run"
    kill -TERM "$slow_pid"
    wait "$slow_pid" || die "slow_sink.py exited with an error"
  done
  local w b sw sb
  w=$(median "${paced_with[@]}")
  b=$(median "${paced_without[@]}")
  sw=$(median "${sat_with[@]}")
  sb=$(median "${sat_without[@]}")
  detail "slow: at a fixed $rate webhooks/s, the fast subscribers accepted $(calc "$b" 0)/s" \
    "without the slow subscriber, $(calc "$w" 0)/s with it"
  detail "slow: saturated, $(calc "$(median "${rps_without[@]}")" 0) webhooks/s without," \
    "$(calc "$(median "${rps_with[@]}")" 0) with; fast deliveries $(calc "$sb" 0)/s and" \
    "$(calc "$sw" 0)/s: ratio $(calc "$sw / $sb") (each event's spool write for the slow one)"
  detail "slow: deliveries the slow subscriber accepted in the paced run(s): ${slow_done[*]}"
  summary_add "slow subscriber" "$(calc "$w" 0)/s" "$(calc "$b" 0)/s" "$(calc "$w / $b")" \
    ">= 0.95" "$(verdict "$w / $b >= 0.95")"
}

# A warm-up and a measured run, with weft_deliveries_total read around the measured one.
# Sets fast_rate (fast1 + fast2 deliveries per second) and slow_delivered.
# $1: round, $2: label, $3: webhooks/s to offer (paced), or empty: as fast as answered
slow_measure() {
  local tag=$2-$1-$RANDOM fast_before slow_before
  say "round $1, $2: weftd, medium body, -c$CONNECTIONS, $WARMUP warm-up + $DURATION" \
    "${3:+at $3/s}"
  run_wrk "$tag-warm" weftd medium "$CONNECTIONS" "$THREADS" "$WARMUP" "$3"
  account_start "$weftd_pid"
  fast_before=$(($(metric weft_deliveries_total 'subscriber="fast1"') +
    $(metric weft_deliveries_total 'subscriber="fast2"')))
  slow_before=$(metric weft_deliveries_total 'subscriber="slow"')
  run_wrk "$tag" weftd medium "$CONNECTIONS" "$THREADS" "$DURATION" "$3"
  fast_rate=$(calc "($(metric weft_deliveries_total 'subscriber="fast1"') + \
    $(metric weft_deliveries_total 'subscriber="fast2"') - $fast_before) / \
    $(field "$wrk_line" seconds)" 1)
  slow_delivered=$(($(metric weft_deliveries_total 'subscriber="slow"') - slow_before))
  account_end "$1" "$2" weftd medium "$CONNECTIONS" "$wrk_line"
}
