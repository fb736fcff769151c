# Load runs of tests/bench/run (sourced after lib.sh): wrk in the foreground (measure) or in
# the background (wrk_start/wrk_finish, for scenarios that sample weftd while it runs), the CPU
# accounting around each run, and one row per run in the per-run table ($results).
# shellcheck shell=bash disable=SC2154,SC2034 # globals shared with run and the scenarios

# Row fields: "round label target payload conns rps p50_us p99_us non2xx statuses errors
# sink/req server_cpu_us/req sink_cpu_us/req other_cpu_%"
results=()

# Starts wrk in the background. $1: tag, $2: target, $3: payload, $4: conns, $5: threads,
# $6: duration, $7: total rate (paced.lua) or empty (greenhouse.lua, closed loop). Sets wrk_pid.
wrk_start() {
  local script=greenhouse.lua extra=()
  if [ -n "${7:-}" ]; then
    script=paced.lua
    extra=("$(calc "$7 / $5" 3)")
  fi
  wrk -t"$5" -c"$4" -d"$6" --timeout 10s --latency -s "$root/tests/bench/$script" \
    "$(url_of "$2")" -- "$1" "$(bodies_of "$3")" "${extra[@]}" >"$tmp/wrk-$1.out" 2>&1 &
  wrk_pid=$!
}
# Waits for the wrk started last and sets wrk_line to its result line. $1: tag
wrk_finish() {
  wait "$wrk_pid" || die "wrk failed: $(tail -n 5 "$tmp/wrk-$1.out")"
  wrk_line=$(grep '^result ' "$tmp/wrk-$1.out") ||
    die "no result line from wrk: $(tail -n 5 "$tmp/wrk-$1.out")"
}
run_wrk() { # as wrk_start, in the foreground; sets wrk_line
  wrk_start "$@"
  wrk_finish "$1"
}

# Readings before a run; account_end takes the same after it. $1: pid of the server under test
account_start() {
  acc_server=$1
  acc_sink_requests=$(sink_requests)
  acc_cpu=$(cpu_ticks "$1")
  acc_sink_cpu=$(cpu_ticks "$sink_pid")
  acc_machine=$(machine_ticks)
  times >"$tmp/times.before"
  acc_kernel=$(ksoftirqd_ticks)
}
# Adds the run's row to $results and sets last_rps, last_p50_ms, last_p99_ms, last_seconds,
# last_sink_requests, last_asked, last_late, last_bad (non-2xx + socket errors).
# $1: round, $2: label, $3: target, $4: payload, $5: conns, $6: wrk result line
account_end() {
  local line=$6 hz cpu sink_cpu wrk_cpu kernel_cpu other requests errors
  hz=$(getconf CLK_TCK)
  cpu=$(($(cpu_ticks "$acc_server") - acc_cpu))
  sink_cpu=$(($(cpu_ticks "$sink_pid") - acc_sink_cpu))
  times >"$tmp/times.after"
  wrk_cpu=$(children_ticks_between "$tmp/times.before" "$tmp/times.after")
  kernel_cpu=$(($(ksoftirqd_ticks) - acc_kernel))
  # Share of the machine's CPU that went to neither wrk, the sink nor the server under test.
  other=$(echo "$acc_machine $(machine_ticks)" |
    awk -v mine="$((cpu + sink_cpu + wrk_cpu + kernel_cpu))" \
      '{busy = $3 - $1; total = $4 - $2; o = total > 0 ? (busy - mine) * 100 / total : 0
      printf "%.0f", (o < 0 ? 0 : o)}')
  # The status request itself is counted once; the in-flight tail at the stop adds a little.
  last_sink_requests=$(($(sink_requests) - acc_sink_requests - 1))
  requests=$(field "$line" requests)
  errors=$(($(field "$line" connect_errors) + $(field "$line" read_errors) +
    $(field "$line" write_errors) + $(field "$line" timeouts)))
  last_rps=$(field "$line" rps)
  last_seconds=$(field "$line" seconds)
  last_p50_ms=$(calc "$(field "$line" p50_us) / 1000" 3)
  last_p99_ms=$(calc "$(field "$line" p99_us) / 1000" 3)
  last_asked=$(field "$line" asked_rps)
  last_late=$(field "$line" late)
  last_bad=$(($(field "$line" not_ok) + errors))
  results+=("$1 $2 $3 $4 $5 $last_rps $(field "$line" p50_us) $(field "$line" p99_us) \
$(field "$line" not_ok) $(field "$line" not_ok_statuses) $errors \
$(calc "$requests > 0 ? $last_sink_requests / $requests : 0") \
$(calc "$requests > 0 ? $cpu * 1e6 / $hz / $requests : 0" 0) \
$(calc "$requests > 0 ? $sink_cpu * 1e6 / $hz / $requests : 0" 0) $other")
  if [ "$3" = weftd ]; then
    alive "$weftd_pid" ||
      die "weftd died during the $2 run; log tail: $(tail -n 5 "$tmp/weftd-$weftd_tag.log")"
  fi
}

# An unmeasured warm-up, then a measured run. $1: round, $2: label, $3: target, $4: payload,
# $5: conns, $6: threads, $7: fixed total rate (empty: as fast as answers come).
measure() {
  local tag=${2//\//_}-$3-$4-$1-$RANDOM
  say "round $1, $2: $3, $4 body, -c$5 -t$6${7:+, $7 webhooks/s}, $WARMUP warm-up + $DURATION"
  run_wrk "$tag-warm" "$3" "$4" "$5" "$6" "$WARMUP" "${7:-}"
  account_start "$(server_pid_of "$3")"
  run_wrk "$tag" "$3" "$4" "$5" "$6" "$DURATION" "${7:-}"
  account_end "$1" "$2" "$3" "$4" "$5" "$wrk_line"
}
