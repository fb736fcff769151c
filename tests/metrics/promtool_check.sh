#!/usr/bin/env bash
# `promtool check metrics` on a real /metrics scrape: starts the built weftd with an admin
# listener and a spool, a sandbox connection that generates events, one subscriber that accepts (weftd
# demo-subscriber) and one whose port refuses, sends an unsigned and a malformed webhook, waits
# until deliveries, failures and retries show in /metrics, then has promtool lint the scrape.
# Fails on any promtool problem (its lint warnings included) or when the series never appear.
# Usage: promtool_check.sh WEFTD
set -euo pipefail

weftd=${1:?usage: promtool_check.sh WEFTD}
command -v promtool >/dev/null || { echo "promtool not found (Debian package prometheus)"; exit 1; }
command -v curl >/dev/null || { echo "curl not found"; exit 1; }

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "${KEEP_WORK:-}" ] && echo "kept $work" >&2 || rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "promtool_check: $*" >&2
  [ -f "$work/weftd.log" ] && tail -n 20 "$work/weftd.log" >&2
  exit 1
}

# The value of key=... in the first log line of $1 that has msg=listening and matches $2.
port_of() {
  local log=$1 match=$2 i
  for i in $(seq 1 100); do
    local line
    line=$(grep 'msg=listening' "$log" 2>/dev/null | grep -E "$match" | head -n 1 || true)
    if [ -n "$line" ]; then
      sed -E 's/.* port=([0-9]+).*/\1/' <<<"$line"
      return 0
    fi
    sleep 0.1
  done
  return 1
}

secret=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
token=promtool-check-admin-token-0123456789abcdef
spool_key=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f

"$weftd" demo-subscriber --listen 127.0.0.1:0 --secret "$secret" --quiet \
  >"$work/sub.out" 2>"$work/sub.log" &
pids+=($!)
sub_port=$(port_of "$work/sub.log" '.') || fail "demo-subscriber did not listen"

# A port that refuses: bound, then closed again.
closed_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

cat >"$work/weftd.yaml" <<YAML
server:
  listen: 127.0.0.1:0
  ack_budget: 2s
admin:
  listen: 127.0.0.1:0
  token: \${env:PROMTOOL_ADMIN_TOKEN}
spool:
  path: $work/spool
  key: \${env:PROMTOOL_SPOOL_KEY}
network:
  allow_private: ["127.0.0.0/8"]
connections:
  - id: demo
    tenant: demo
    provider: sandbox
    environment: sandbox
    secrets: [sandbox-secret-for-promtool]
    sandbox: {interval: 100ms}
subscribers:
  - id: printer
    url: http://127.0.0.1:$sub_port/events
    secrets: [$secret]
    events: ["ats.*"]
  - id: refusing
    url: http://127.0.0.1:$closed_port/events
    secrets: [$secret]
    events: ["ats.*"]
    timeout: 1s
    retry: {schedule: [100ms, 100ms, 100ms], max_age: 1h, jitter: 0}
YAML

PROMTOOL_ADMIN_TOKEN=$token PROMTOOL_SPOOL_KEY=$spool_key "$weftd" --config "$work/weftd.yaml" 2>"$work/weftd.log" &
pids+=($!)
port=$(port_of "$work/weftd.log" 'component=server') ||
  fail "weftd did not listen"
admin_port=$(port_of "$work/weftd.log" 'component=admin') || fail "the admin listener did not listen"

# An unsigned and a malformed webhook: verification failures and inbound outcomes.
curl -s -o /dev/null -X POST -H 'Content-Type: application/json' --data '{"x":1}' \
  "http://127.0.0.1:$port/v1/webhooks/demo" || true
curl -s -o /dev/null -X POST --data 'not json' "http://127.0.0.1:$port/v1/webhooks/demo" || true

scrape() {
  curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$admin_port/metrics"
}
# Until a delivery succeeded, one failed, and a retry was scheduled (bounded: 20 s).
ready=""
for i in $(seq 1 200); do
  text=$(scrape || true)
  if grep -q '^weft_delivery_attempt_results_total{subscriber="printer",outcome="2xx"}' <<<"$text" &&
     grep -q '^weft_delivery_attempt_results_total{subscriber="refusing",outcome="connect_error"}' <<<"$text" &&
     grep -q '^weft_events_emitted_total{connection="demo"' <<<"$text" &&
     grep -Eq '^weft_delivery_retries_total\{subscriber="refusing"\} [1-9]' <<<"$text" &&
     grep -q '^weft_verification_failures_total{connection="demo"' <<<"$text"; then
    ready=1
    break
  fi
  sleep 0.1
done
[ -n "$ready" ] || fail "the expected series never appeared in /metrics"

scrape >"$work/metrics.txt" || fail "the final scrape failed"
# Every family has HELP and TYPE, and histograms their buckets: promtool checks those too.
if ! promtool check metrics <"$work/metrics.txt" >"$work/promtool.out" 2>&1; then
  cat "$work/promtool.out" >&2
  fail "promtool check metrics reported problems"
fi
families=$(grep -c '^# TYPE weft_' "$work/metrics.txt")
echo "promtool check metrics: OK ($families families, $(grep -vc '^#' "$work/metrics.txt") samples)"
