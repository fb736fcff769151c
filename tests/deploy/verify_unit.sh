#!/bin/sh
# systemd-analyze verify on the generated weftd.service, with the built binary standing in for
# the installed one (verify checks that the ExecStart binaries exist).
# Usage: verify_unit.sh UNIT INSTALLED_WEFTD_PATH BUILT_WEFTD_PATH
set -eu
unit=$1
installed=$2
built=$3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
sed "s#$installed#$built#g" "$unit" > "$dir/weftd.service"
! grep -q "$installed" "$dir/weftd.service"
systemd-analyze verify "$dir/weftd.service"
echo "weftd.service: verified"
