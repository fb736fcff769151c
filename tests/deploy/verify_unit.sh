#!/bin/sh
# systemd-analyze verify on deploy/weftd.service, with the built binary standing in for the
# installed /usr/sbin/weftd (verify checks that the ExecStart binaries exist).
set -eu
unit=$1
weftd=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
sed "s#/usr/sbin/weftd#$weftd#g" "$unit" > "$dir/weftd.service"
systemd-analyze verify "$dir/weftd.service"
echo "weftd.service: verified"
