# Scenario `slow` of tests/bench/run: spool mode, two fast subscribers on the sink
# (/events/fast1, /events/fast2), with and without a third, slow one (slow_sink.py: 200 after
# 2 s). Figure: the fast subscribers' accepted deliveries per second, from
# weft_deliveries_total before and after the measured run. Target: with >= 0.95 x without.
# shellcheck shell=bash disable=SC2154 # globals of tests/bench/run

scenario_slow() {
  # The slow subscriber's queue grows by the event rate for the whole run (it accepts about
  # max_in_flight / 2 s); the default bound (100,000 pairs, then 503s: the designed
  # back-pressure) would be reached within the run, so it is raised here.
  # shellcheck disable=SC2034 # weft_config reads it
  local subscriber_max_queue=10000000
  local round slow_port slow_pid lifetime with=() without=() with_rps=() without_rps=()
  local slow_done=() fast=("fast1 $sink_url/events/fast1" "fast2 $sink_url/events/fast2")
  lifetime=$(($(secs_of "$WARMUP") + $(secs_of "$DURATION") + 120))
  for ((round = 1; round <= ROUNDS; round++)); do
    weftd_up slow-base spool "${fast[@]}"
    slow_measure "$round" slow-base
    without+=("$fast_rate")
    without_rps+=("$last_rps")
    weftd_down
    slow_port=$(free_ports 1)
    python3 "$root/tests/bench/slow_sink.py" "$slow_port" "$lifetime" 2 &
    slow_pid=$!
    pids+=("$slow_pid")
    wait_for_port "$slow_port" "$slow_pid" "slow_sink.py"
    weftd_up slow spool "${fast[@]}" "slow http://127.0.0.1:$slow_port/events/slow"
    slow_measure "$round" slow
    with+=("$fast_rate")
    with_rps+=("$last_rps")
    slow_done+=("$slow_delivered")
    weftd_down
    alive "$slow_pid" || die "slow_sink.py died during the run"
    kill -TERM "$slow_pid"
    wait "$slow_pid" || die "slow_sink.py exited with an error"
  done
  local w b
  w=$(median "${with[@]}")
  b=$(median "${without[@]}")
  detail "slow: webhooks/s without the slow subscriber" \
    "$(calc "$(median "${without_rps[@]}")" 0), with it $(calc "$(median "${with_rps[@]}")" 0)"
  detail "slow: deliveries the slow subscriber accepted in the measured run(s): ${slow_done[*]}"
  summary_add "slow subscriber" "$(calc "$w" 0)/s" "$(calc "$b" 0)/s" "$(calc "$w / $b")" \
    ">= 0.95" "$(verdict "$w / $b >= 0.95")"
}

# A warm-up and a measured run, with weft_deliveries_total read around the measured one.
# Sets fast_rate (fast1 + fast2 deliveries per second) and slow_delivered. $1: round, $2: label
slow_measure() {
  local tag=$2-$1-$RANDOM fast_before slow_before
  say "round $1, $2: weftd, medium body, -c$CONNECTIONS, $WARMUP warm-up + $DURATION"
  run_wrk "$tag-warm" weftd medium "$CONNECTIONS" "$THREADS" "$WARMUP"
  account_start "$weftd_pid"
  fast_before=$(($(metric weft_deliveries_total 'subscriber="fast1"') +
    $(metric weft_deliveries_total 'subscriber="fast2"')))
  slow_before=$(metric weft_deliveries_total 'subscriber="slow"')
  run_wrk "$tag" weftd medium "$CONNECTIONS" "$THREADS" "$DURATION"
  fast_rate=$(calc "($(metric weft_deliveries_total 'subscriber="fast1"') + \
    $(metric weft_deliveries_total 'subscriber="fast2"') - $fast_before) / \
    $(field "$wrk_line" seconds)" 1)
  slow_delivered=$(($(metric weft_deliveries_total 'subscriber="slow"') - slow_before))
  account_end "$1" "$2" weftd medium "$CONNECTIONS" "$wrk_line"
}
