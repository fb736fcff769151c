# The printed report of tests/bench/run (sourced after lib.sh): scenario details and summary
# lines, the per-run table with its medians, and weftd's warn/error log lines.
# shellcheck shell=bash disable=SC2154 # globals of tests/bench/run

summary=() # "scenario|weft|baseline|ratio|target|result"
details=() # free lines, printed under "details"

summary_add() { # $1: scenario, $2: weft, $3: baseline, $4: ratio, $5: target, $6: result
  summary+=("$1|$2|$3|$4|$5|$6")
}
detail() { details+=("$*"); }
# PASS when the awk condition holds, else MISS. $1: condition, e.g. "0.5 >= 0.8"
verdict() { awk "BEGIN {exit !($1)}" && echo PASS || echo MISS; }

machine_line() {
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 |
    sed 's/^ //'), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)," \
    "kernel $(uname -r); $(date -u '+%Y-%m-%d %H:%M UTC')"
}

print_runs() {
  [ "${#results[@]}" -gt 0 ] || return 0
  echo "setup: weftd server.threads = nginx proxy worker_processes = $WORKERS; sink nginx 1" \
    "worker; wrk -t$THREADS;"
  echo "  $WARMUP warm-up + $DURATION per run; $ROUNDS round(s); $SUBJECTS subject(s)"
  echo
  printf '%s\n' "${results[@]}" | awk -v payload_dir="$payload_dir" '
  function size(p,   f, line) {
    f = payload_dir "/candidate_stage_change." p ".json"
    line = ""
    getline line < f
    close(f)
    return length(line)
  }
  function median(list,   n, v, i, j, t) {
    n = split(list, v, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }
  BEGIN {
    printf "%-2s %-11s %-5s %-6s %4s %10s %7s %7s %6s %7s %8s %5s %7s %6s\n", "r", "run",
      "proxy", "body", "conn", "webhooks/s", "p50_ms", "p99_ms", "cpu_us", "sink_us",
      "sink/req", "other", "non-2xx", "errors"
  }
  {
    printf "%-2s %-11s %-5s %-6s %4s %10.0f %7.2f %7.2f %6s %7s %8s %4s%% %7s %6s\n", $1, $2,
      $3, $4, $5, $6, $7 / 1000, $8 / 1000, $13, $14, $12, $15,
      $9 ($9 > 0 ? " (" $10 ")" : ""), $11
    if (!($4 in bytes)) { bytes[$4] = size($4); body_order[++bodies] = $4 }
    if ($15 > most_other) most_other = $15
    key = $2 " " $4 " -c" $5
    if (!(key in seen)) { seen[key] = 1; order[++keys] = key }
    rps[key, $3] = rps[key, $3] " " $6
    p50[key, $3] = p50[key, $3] " " $7
    p99[key, $3] = p99[key, $3] " " $8
    cpu[key, $3] = cpu[key, $3] " " $13
  }
  END {
    pairs = 0
    for (i = 1; i <= keys; i++) {
      k = order[i]
      if (rps[k, "nginx"] == "" || rps[k, "weftd"] == "") continue
      if (!pairs++) {
        print ""
        print "runs of both proxies, medians over rounds; ratio = weftd / nginx"
        printf "%-24s %8s %8s %6s %9s %9s %9s %9s %6s %6s\n", "run", "nginx/s", "weftd/s",
          "ratio", "nginx p50", "weftd p50", "nginx p99", "weftd p99", "nginx", "weftd"
        printf "%-24s %8s %8s %6s %9s %9s %9s %9s %6s %6s\n", "", "", "", "", "", "", "",
          "", "cpu_us", "cpu_us"
      }
      nr = median(rps[k, "nginx"]); wr = median(rps[k, "weftd"])
      printf "%-24s %8.0f %8.0f %5.2fx %7.2fms %7.2fms %7.2fms %7.2fms %6.0f %6.0f\n", k, nr,
        wr, (nr > 0 ? wr / nr : 0), median(p50[k, "nginx"]) / 1000,
        median(p50[k, "weftd"]) / 1000, median(p99[k, "nginx"]) / 1000,
        median(p99[k, "weftd"]) / 1000, median(cpu[k, "nginx"]), median(cpu[k, "weftd"])
    }
    print ""
    line = "body: "
    for (i = 1; i <= bodies; i++)
      line = line (i > 1 ? ", " : "") body_order[i] " " bytes[body_order[i]] " B"
    print line
    print "cpu_us: CPU time (user + system) of the proxy (nginx workers or weftd) per webhook;"
    print "sink_us: the same for the sink; sink/req: requests the sink got per webhook;"
    print "other: share of the machine'"'"'s CPU taken by other processes during the run"
    if (most_other > 5) {
      printf "WARNING: other processes took up to %d%% of the CPU during a run: the rates and\n",
        most_other
      print "latencies measure that contention too (cpu_us much less so)"
    }
  }'
}

print_logs() {
  local log
  for log in "$tmp"/weftd-*.log; do
    [ -f "$log" ] || continue
    echo "weftd log $(basename "$log" .log): $(wc -l <"$log") lines," \
      "$(grep -c 'level=warn' "$log" || true) warn, $(grep -c 'level=error' "$log" || true) error"
  done
  cat "$tmp"/weftd-*.log 2>/dev/null | grep -E 'level=(warn|error)' | sed -E 's/^ts=[^ ]+ //' |
    cut -c1-100 | sort | uniq -c | sort -rn | head -n 5 || true
}

print_summary() {
  [ "${#summary[@]}" -gt 0 ] || return 0
  if [ "${#details[@]}" -gt 0 ]; then
    echo "details"
    printf '  %s\n' "${details[@]}"
    echo
  fi
  echo "summary (issue 7 targets; ratio = weft / baseline unless the target says otherwise)"
  machine_line
  printf '%s\n' "${summary[@]}" | awk -F'|' '
    BEGIN {printf "%-22s %13s %13s %9s %-16s %s\n", "scenario", "weft", "baseline", "ratio",
      "target", "result"}
    {printf "%-22s %13s %13s %9s %-16s %s\n", $1, $2, $3, $4, $5, $6}'
}
