#!/usr/bin/env bash
# The Debian package end to end: builds it with `cpack -G DEB` in the build directory, checks
# its control data, installs it with dpkg -i, checks what the maintainer scripts made (the weft
# user, /var/lib/weft, the credentials), verifies the installed unit, starts the installed
# /usr/sbin/weftd as the weft user on the installed /etc/weft/weftd.yaml with its credentials
# handed over the way systemd's LoadCredential= does, checks /healthz and that a sandbox event
# and a `weftd send-test` ping reach the demo endpoint signed, stops it with SIGTERM, and
# purges the package.
#
# Needs root (CI runs as root in a Debian 12 container). It changes the system: run it only
# where installing and purging a `weft` package is fine; it refuses when one is installed.
# Not root: the package is only unpacked (dpkg-deb -x) and its control files, scripts, unit
# and config checked, and the script says so; no dpkg -i, no maintainer script runs.
# Usage: package_test.sh BUILD_DIR
set -euo pipefail

build_dir=$(cd "$1" && pwd)
work=$(mktemp -d)
pids=()
installed_by_us=0

fail() {
  echo "package_test: FAIL: $*" >&2
  for f in "$work"/*.log; do
    [ -f "$f" ] && { echo "--- $f" >&2; tail -n 20 "$f" >&2; }
  done
  exit 1
}

cleanup() {
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  if [ "$installed_by_us" = 1 ]; then dpkg --purge weft >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# Waits (at most $2 tenths of a second) until file $1 has a line matching $3.
wait_for_line() {
  local file=$1 tenths=$2 pattern=$3
  for ((i = 0; i < tenths; i++)); do
    grep -q -- "$pattern" "$file" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# Waits (at most 10 s) until process $1 has exited; its exit status is then in $exit_code.
wait_exit() {
  local pid=$1
  for ((i = 0; i < 100; i++)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      set +e
      wait "$pid"
      exit_code=$?
      set -e
      return 0
    fi
    sleep 0.1
  done
  return 1
}

echo "package_test: cpack -G DEB in $build_dir"
(cd "$build_dir" && cpack -G DEB >"$work/cpack.log" 2>&1) || fail "cpack -G DEB failed"
deb=$(ls "$build_dir"/packages/weft_*_*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || fail "no weft_*.deb in $build_dir/packages"

# Control data: name, computed library dependencies, conffile, maintainer scripts.
[ "$(dpkg-deb -f "$deb" Package)" = weft ] || fail "the package is not named weft"
depends=$(dpkg-deb -f "$deb" Depends)
for dep in adduser libc6 libssl3 libyaml-cpp; do
  [[ "$depends" == *"$dep"* ]] || fail "Depends lacks $dep: $depends"
done
dpkg-deb -e "$deb" "$work/control"
grep -qx /etc/weft/weftd.yaml "$work/control/conffiles" || fail "weftd.yaml is not a conffile"
for script in postinst prerm postrm; do
  [ -x "$work/control/$script" ] || fail "$script is missing or not executable"
  sh -n "$work/control/$script" || fail "$script does not parse"
done
contents=$(dpkg-deb -c "$deb")
for path in ./usr/sbin/weftd ./lib/systemd/system/weftd.service ./etc/weft/weftd.yaml \
  ./usr/share/doc/weft/README.md ./usr/share/doc/weft/cli.md; do
  grep -q " $path\$" <<<"$contents" || fail "the package lacks $path"
done

if [ "$(id -u)" -ne 0 ]; then
  # Unpacked only: the binary runs and the unit names the packaged paths.
  dpkg-deb -x "$deb" "$work/root"
  "$work/root/usr/sbin/weftd" --version | grep -q '^weftd ' || fail "the packaged weftd does not run"
  grep -q '^ExecStart=/usr/sbin/weftd --config /etc/weft/weftd.yaml$' \
    "$work/root/lib/systemd/system/weftd.service" || fail "the unit does not name /usr/sbin/weftd"
  echo "package_test: NOT ROOT: checked the unpacked package only (control data, scripts, binary," \
    "unit); dpkg -i, the maintainer scripts and the installed service were NOT exercised:" \
    "reported as skipped (exit 77)"
  exit 77
fi

if dpkg-query -W -f='${Status}' weft 2>/dev/null | grep -q "install ok"; then
  fail "a weft package is already installed here; refusing to replace and purge it"
fi
[ -e /usr/sbin/weftd ] && fail "/usr/sbin/weftd exists outside any package"
for port in 8080 8081 8090; do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && fail "port $port (default config) is in use"
done

echo "package_test: dpkg -i $(basename "$deb")"
installed_by_us=1
DEBIAN_FRONTEND=noninteractive dpkg -i "$deb" >"$work/dpkg.log" 2>&1 || fail "dpkg -i failed"

# What postinst made.
getent passwd weft >/dev/null || fail "no weft user"
[ "$(id -u weft)" -lt 1000 ] || fail "weft is not a system user"
[ "$(stat -c %U:%G:%a /var/lib/weft)" = weft:weft:750 ] || fail "/var/lib/weft is not weft's, 0750"
[ "$(stat -c %U:%a /etc/weft/credentials)" = root:700 ] || fail "/etc/weft/credentials is not root's, 0700"
for cred in spool.key admin.token sandbox.secret demo-printer.whsk; do
  [ -s "/etc/weft/credentials/$cred" ] || fail "postinst did not make credential $cred"
  [ "$(stat -c %a "/etc/weft/credentials/$cred")" = 600 ] || fail "credential $cred is not 0600"
done
grep -q '^whpk_' /etc/weft/demo-printer.whpk || fail "no demo-printer public key"
dpkg-query -W -f='${Conffiles}' weft | grep -q /etc/weft/weftd.yaml || fail "dpkg has no conffile"
systemd-analyze verify /lib/systemd/system/weftd.service >"$work/verify.log" 2>&1 ||
  fail "systemd-analyze verify rejects the installed unit"
grep -q '^ExecStart=/usr/sbin/weftd --config /etc/weft/weftd.yaml$' \
  /lib/systemd/system/weftd.service || fail "the installed unit does not run /usr/sbin/weftd"

# What systemd's LoadCredential= does: a copy of each credential in a directory only the
# service user can read, named by CREDENTIALS_DIRECTORY.
creds="$work/credentials"
install -d -o weft -g weft -m 0500 "$creds"
for cred in spool.key admin.token sandbox.secret demo-printer.whsk; do
  install -o weft -g weft -m 0400 "/etc/weft/credentials/$cred" "$creds/$cred"
done
chmod 0711 "$work"  # weft may pass through to its credentials

# The demo endpoint the default config delivers to, verifying with the public key.
/usr/sbin/weftd demo-subscriber --listen 127.0.0.1:8090 --quiet \
  --secret "$(cat /etc/weft/demo-printer.whpk)" >"$work/subscriber.log" 2>"$work/subscriber.err.log" &
subscriber_pid=$!
pids+=("$subscriber_pid")
wait_for_line "$work/subscriber.err.log" 100 'msg=listening' || fail "demo-subscriber did not listen"

echo "package_test: starting the installed weftd as weft"
# setpriv (unlike runuser) execs weftd itself: $! is weftd's pid.
setpriv --reuid=weft --regid=weft --init-groups -- env CREDENTIALS_DIRECTORY="$creds" \
  /usr/sbin/weftd --config /etc/weft/weftd.yaml 2>"$work/weftd.log" &
weftd_pid=$!
pids+=("$weftd_pid")
wait_for_line "$work/weftd.log" 100 'msg=started' || fail "weftd did not start"
[ "$(ps -o user= -p "$weftd_pid")" = weft ] || fail "weftd does not run as weft"

[ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:8080/healthz)" = 200 ] ||
  fail "/healthz on 127.0.0.1:8080 did not answer 200"
[ -d /var/lib/weft/spool ] && [ "$(stat -c %U /var/lib/weft/spool)" = weft ] ||
  fail "the spool is not in /var/lib/weft/spool, owned by weft"

# The sandbox makes an event every 5 s; it arrives at the endpoint with a valid signature.
wait_for_line "$work/subscriber.log" 300 ' ats\..* signature=verified' ||
  fail "no verified sandbox event reached the demo endpoint"

# The operator's checks (docs/operations.md): the installed config is valid, the admin
# listener answers with the generated token, and its metrics count the delivery.
CREDENTIALS_DIRECTORY="$creds" /usr/sbin/weftd --check-config /etc/weft/weftd.yaml \
  >"$work/check-config.log" 2>&1 || fail "weftd --check-config rejects the installed config"
token=$(cat /etc/weft/credentials/admin.token)
grep -q "$token" "$work/check-config.log" && fail "--check-config printed the admin token"
[ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:8081/v1/admin/subscribers)" = 401 ] ||
  fail "the admin API answered without the token"
curl -sf -H "Authorization: Bearer $token" http://127.0.0.1:8081/v1/admin/subscribers \
  >"$work/subscribers.json" || fail "GET /v1/admin/subscribers with the token failed"
grep -q '"demo-printer"' "$work/subscribers.json" || fail "the admin API does not list demo-printer"
curl -sf -H "Authorization: Bearer $token" http://127.0.0.1:8081/metrics >"$work/metrics.txt" ||
  fail "GET /metrics with the token failed"
grep -Eq '^weft_deliveries_total\{subscriber="demo-printer"\} [1-9]' "$work/metrics.txt" ||
  fail "/metrics does not count the delivery to demo-printer"
[ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:8081/)" = 200 ] ||
  fail "the dashboard page is not served on the admin listener"

# send-test from the package, with the same credentials.
CREDENTIALS_DIRECTORY="$creds" /usr/sbin/weftd send-test --config /etc/weft/weftd.yaml \
  --subscriber demo-printer >"$work/send-test.log" 2>&1 || fail "weftd send-test failed"
grep -q 'status=200' "$work/send-test.log" || fail "send-test did not print status=200"
wait_for_line "$work/subscriber.log" 100 ' weft.ping ping=.* signature=verified' ||
  fail "the send-test ping did not reach the demo endpoint verified"

kill -TERM "$weftd_pid"
wait_exit "$weftd_pid" || fail "weftd did not exit within 10 s of SIGTERM"
[ "$exit_code" = 0 ] || fail "weftd exited with $exit_code after SIGTERM"
grep -q 'msg=stopped' "$work/weftd.log" || fail "weftd did not log msg=stopped"
kill -TERM "$subscriber_pid"
wait_exit "$subscriber_pid" || fail "demo-subscriber did not exit within 10 s of SIGTERM"

echo "package_test: dpkg --purge weft"
dpkg --purge weft >"$work/purge.log" 2>&1 || fail "dpkg --purge failed"
installed_by_us=0
[ ! -e /usr/sbin/weftd ] || fail "/usr/sbin/weftd is still there after the purge"
[ ! -e /etc/weft ] || fail "/etc/weft is still there after the purge"
[ ! -e /var/lib/weft ] || fail "/var/lib/weft is still there after the purge"
[ ! -e /lib/systemd/system/weftd.service ] || fail "the unit is still there after the purge"
echo "package_test: ok (installed, served /healthz, delivered, stopped, purged)"
