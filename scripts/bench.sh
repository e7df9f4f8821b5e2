#!/usr/bin/env bash
# `make bench`: build what is missing, then run every bench/*.sh. Each prints
# figures on stdout, one per line as `name value unit`; logs go to stderr.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
. "$here/lib.sh"
SEIOT_KERNELS=${SEIOT_KERNELS:-"$SEIOT_DEFAULT_KERNEL 6.1"} "$here/build.sh" >&2
rc=0
for b in "$repo"/bench/*.sh; do
  bash "$b" || { echo "bench: $(basename "$b") failed" >&2; rc=1; }
done
exit $rc
