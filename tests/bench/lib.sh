# Functions of tests/bench/run (sourced by it, after its knobs, $tmp, $root and the ports of the
# sink and the proxy are set): weftd configs and processes, wrk runs and their CPU accounting,
# /metrics and /proc readings, and the scenario summary.
# shellcheck shell=bash disable=SC2154 # globals of tests/bench/run

say() { printf 'bench: %s\n' "$*" >&2; }
die() {
  say "FAILED: $*"
  exit 1
}

free_ports() { # $1: how many; prints them, space-separated
  python3 -c '
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])' "$1"
}

wait_for_port() { # $1: port, $2: pid, $3: name
  local i
  for ((i = 0; i < 100; i++)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    kill -0 "$2" 2>/dev/null || die "$3 exited at start-up (logs in $tmp)"
    sleep 0.1
  done
  die "$3 did not listen on 127.0.0.1:$1 within 10s"
}

# --- request bodies ------------------------------------------------------------------------
signature_of() {
  openssl dgst -sha256 -hmac "$WEFT_BENCH_GREENHOUSE_SECRET" -hex <"$1" | awk '{print $NF}'
}
# One body per subject: the payload with its application id replaced, listed with its
# signature for greenhouse.lua.
bodies_of() { # $1: payload name; prints the list file
  local list=$tmp/bodies-$1.txt
  if [ ! -f "$list" ]; then
    mkdir -p "$tmp/bodies"
    python3 - "$payload_dir/candidate_stage_change.$1.json" "$tmp/bodies/$1" "$SUBJECTS" <<'PY'
import sys
src, prefix, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
text = open(src, encoding="utf-8").read()
app = '"application":{"id":9100417'
assert app in text, "the payload's application id is not where the benchmark expects it"
for i in range(n):
    open(f"{prefix}-{i}.json", "w", encoding="utf-8").write(
        text.replace(app, '"application":{"id":%d' % (9100417 + i)))
PY
    local i
    for ((i = 0; i < SUBJECTS; i++)); do
      echo "$(signature_of "$tmp/bodies/$1-$i.json") $tmp/bodies/$1-$i.json"
    done >"$list"
  fi
  echo "$list"
}

# --- weftd ---------------------------------------------------------------------------------
# Writes a weftd config. $1: file, $2: listen port, $3: admin port, $4: spool dir or "none",
# then one "id url [connection]" argument per subscriber (a connection: only its events).
weft_config() {
  local file=$1 port=$2 admin=$3 spool=$4 sub id url
  shift 4
  {
    cat <<EOF
server:
  listen: 127.0.0.1:$port
  threads: $WORKERS
  ack_budget: 3s
admin:
  listen: 127.0.0.1:$admin
  token: "\${env:WEFT_BENCH_ADMIN_TOKEN}"
EOF
    if [ "$spool" = none ]; then
      echo "spool: none"
    else
      echo "spool: {path: $spool, key: \"\${env:WEFT_BENCH_SPOOL_KEY}\", max_size: $SPOOL_MAX}"
    fi
    cat <<EOF
network:
  allow_private: [127.0.0.0/8]
connections:
  - id: $connection
    tenant: bench
    provider: greenhouse
    environment: production
    secrets: ["\${env:WEFT_BENCH_GREENHOUSE_SECRET}"]
  - id: $connection-fill # the memory scenario fills the spool through this one
    tenant: bench
    provider: greenhouse
    environment: production
    secrets: ["\${env:WEFT_BENCH_GREENHOUSE_SECRET}"]
subscribers:
EOF
    for sub in "$@"; do
      read -r id url only <<<"$sub"
      cat <<EOF
  - id: $id
    url: $url
    secrets: ["\${env:WEFT_BENCH_SUBSCRIBER_SECRET}"]
    events: ["ats.*"]
    connections: [${only:-$connection}]
    timeout: 10s
    max_connections: $max_connections
    max_in_flight: $max_connections
EOF
      # The spool scenarios raise the per-subscriber queue limit (default 100,000 pairs,
      # beyond which weftd answers 503), which full load fills within seconds.
      [ -z "${subscriber_max_queue:-}" ] || echo "    max_queue: $subscriber_max_queue"
    done
  } >"$file"
}

# Starts weftd with its own config and ports. $1: tag (names its config, log and spool),
# $2: "spool" or "none", then the subscribers as for weft_config. Sets weftd_pid, weft_port,
# admin_port, weftd_tag, weftd_spool. Sends one signed request and insists on a 2xx.
weftd_up() {
  local tag=$1 mode=$2
  shift 2
  read -r weft_port admin_port < <(free_ports 2)
  weftd_tag=$tag
  weftd_spool=none
  [ "$mode" = spool ] && weftd_spool=$tmp/spool-$tag
  weft_config "$tmp/weftd-$tag.yaml" "$weft_port" "$admin_port" "$weftd_spool" "$@"
  "$weftd" --config "$tmp/weftd-$tag.yaml" 2>"$tmp/weftd-$tag.log" &
  weftd_pid=$!
  pids+=("$weftd_pid")
  wait_for_port "$weft_port" "$weftd_pid" "weftd ($tag)"
  wait_for_port "$admin_port" "$weftd_pid" "weftd's admin listener ($tag)"
  smoke weftd "$tag"
  say "weftd ($tag) pid $weftd_pid, $# subscriber(s), spool: $mode"
}

# Stops weftd (SIGTERM, bounded drain, then SIGKILL) and deletes its spool.
weftd_down() {
  local i
  alive "$weftd_pid" ||
    die "weftd ($weftd_tag) died; log tail: $(tail -n 3 "$tmp/weftd-$weftd_tag.log")"
  kill -TERM "$weftd_pid" 2>/dev/null || true
  for ((i = 0; i < 300; i++)); do
    alive "$weftd_pid" || break
    sleep 0.1
  done
  if alive "$weftd_pid"; then
    say "weftd ($weftd_tag) did not stop within 30s of SIGTERM: killed"
    kill -KILL "$weftd_pid" 2>/dev/null || true
  fi
  wait "$weftd_pid" 2>/dev/null || true
  [ "$weftd_spool" = none ] || rm -rf "$weftd_spool"
}

# True while the process runs (a zombie, exited but not yet reaped, counts as gone).
alive() { # $1: pid
  [ -e "/proc/$1/stat" ] && [ "$(sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f1)" != Z ]
}

url_of() { # $1: target
  case $1 in
    nginx) echo "http://127.0.0.1:$proxy_port/v1/webhooks/$connection" ;;
    weftd) echo "http://127.0.0.1:$weft_port/v1/webhooks/$connection" ;;
    weftd-fill) echo "http://127.0.0.1:$weft_port/v1/webhooks/$connection-fill" ;;
  esac
}
server_pid_of() { # $1: target
  case $1 in
    nginx) echo "$proxy_pid" ;;
    weftd | weftd-fill) echo "$weftd_pid" ;;
  esac
}

# One signed request by hand first: a misconfigured server would otherwise be "fast".
smoke() { # $1: target, $2: tag
  local body=$payload_dir/candidate_stage_change.medium.json status
  status=$(curl -sS --max-time 10 -o "$tmp/smoke-$2.out" -w '%{http_code}' \
    -H 'Content-Type: application/json' -H "Signature: sha256 $(signature_of "$body")" \
    -H "Greenhouse-Event-ID: smoke-$2" --data-binary "@$body" "$(url_of "$1")") || true
  if [[ $status != 2* ]]; then
    say "$1 answered '$status' to a signed request: $(head -c 300 "$tmp/smoke-$2.out")"
    [ "$1" = weftd ] && tail -n 20 "$tmp/weftd-$2.log" >&2
    die "smoke request to $1 ($2)"
  fi
}

# --- readings ------------------------------------------------------------------------------
metrics() {
  curl -sS --max-time 5 -H "Authorization: Bearer $WEFT_BENCH_ADMIN_TOKEN" \
    "http://127.0.0.1:$admin_port/metrics"
}
# Sum of a metric's series whose labels contain $2 (all series when $2 is empty).
metric() { # $1: name, $2: label text, e.g. subscriber="fast1"
  metrics | awk -v n="$1" -v l="${2:-}" '
    ($1 == n || index($1, n "{") == 1) && (l == "" || index($1, l)) {s += $NF}
    END {printf "%.0f", s}'
}
proc_kib() { # $1: pid, $2: field of /proc/<pid>/status (VmRSS, VmHWM)
  awk -v f="$2:" '$1 == f {print $2}' "/proc/$1/status"
}
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }
sink_requests() {
  curl -sS --max-time 5 "http://127.0.0.1:$sink_port/status" | awk 'NR == 3 {print $3}'
}
# CPU time (user + system, in clock ticks) of a process and its children's live processes:
# the nginx master does no request work, its workers do. Robust to a busy machine, unlike rates.
cpu_ticks() { # $1: pid
  local pid total=0
  for pid in "$1" $(pgrep -P "$1"); do
    total=$((total + $(sed 's/.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}')))
  done
  echo "$total"
}
# Busy and total CPU ticks of the whole machine, to tell how much other processes took.
# (Ticks spent in softirq are charged to the interrupted process as well, so they count.)
machine_ticks() {
  awk '/^cpu / {busy = $2 + $3 + $4 + $7 + $8 + $9; print busy, busy + $5 + $6}' /proc/stat
}
# CPU ticks used by this shell's finished children (wrk included) between two `times` outputs.
# `times` must run in this shell itself, not in a $(...) subshell, hence the files.
children_ticks_between() { # $1, $2: files written by `times`
  cat "$1" "$2" | awk -v hz="$(getconf CLK_TCK)" 'NR % 2 == 0 {
    split($1, u, /[ms]/); split($2, s, /[ms]/)
    t[NR / 2] = (u[1] * 60 + u[2] + s[1] * 60 + s[2]) * hz }
    END {printf "%.0f", t[2] - t[1]}'
}
# The kernel threads that take over loopback TCP's softirq work at high packet rates.
ksoftirqd_ticks() {
  local pid total=0
  for pid in $(pgrep '^ksoftirqd/'); do
    total=$((total + $(sed 's/.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}')))
  done
  echo "$total"
}
field() { # $1: result line, $2: key
  tr ' ' '\n' <<<"$1" | awk -F= -v k="$2" '$1 == k {print $2}'
}
median() { # numbers as arguments
  printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1}
    END {if (NR) printf "%.3f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}
calc() { awk "BEGIN {printf \"%.${2:-2}f\", ($1)}"; } # $1: expression, $2: decimals
secs_of() { # a wrk duration (15, 15s, 2m, 1h); prints seconds
  case $1 in
    *h) echo $((${1%h} * 3600)) ;;
    *m) echo $((${1%m} * 60)) ;;
    *s) echo "${1%s}" ;;
    *) echo "$1" ;;
  esac
}
