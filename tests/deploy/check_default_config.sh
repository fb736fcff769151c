#!/bin/sh
# The package's default config (deploy/weftd.yaml) passes weftd --check-config once its
# credentials exist, made here the way deploy/debian/postinst makes them; and without
# CREDENTIALS_DIRECTORY the error names what is missing. No root needed.
# Usage: check_default_config.sh WEFTD CONFIG
set -eu
weftd=$1
config=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
od -An -tx1 -N32 /dev/urandom | tr -d ' \n' > "$dir/spool.key"
od -An -tx1 -N32 /dev/urandom | tr -d ' \n' > "$dir/admin.token"
head -c 32 /dev/urandom | base64 > "$dir/sandbox.secret"
"$weftd" keygen 2>/dev/null | sed -n 1p > "$dir/demo-printer.whsk"
CREDENTIALS_DIRECTORY="$dir" "$weftd" --check-config "$config" > "$dir/out" 2>&1 || {
  cat "$dir/out" >&2
  echo "check_default_config: FAIL: $config does not load with its credentials" >&2
  exit 1
}
if env -u CREDENTIALS_DIRECTORY "$weftd" --check-config "$config" > "$dir/out" 2>&1; then
  echo "check_default_config: FAIL: $config loaded without CREDENTIALS_DIRECTORY" >&2
  exit 1
fi
grep -q 'needs CREDENTIALS_DIRECTORY' "$dir/out" || {
  cat "$dir/out" >&2
  echo "check_default_config: FAIL: the error does not name CREDENTIALS_DIRECTORY" >&2
  exit 1
}
echo "check_default_config: $config ok"
