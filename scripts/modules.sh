#!/usr/bin/env bash
# `make modules`: rebuilds the guest driver modules and tools for one kernel
# (GUEST_KERNEL, default the project's default) into build/guest/<kernel>/extra,
# the directory a running `make run` board fetches them from (se-reload).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
. "$here/lib.sh"
export GUEST_KERNEL=${GUEST_KERNEL:-$SEIOT_DEFAULT_KERNEL}
g=$("$here/fetch-guest.sh")
"$repo/guest-linux/build.sh" "$g" "$repo/build/guest/$GUEST_KERNEL/extra" \
  || die "modules: building the guest driver for Linux $GUEST_KERNEL failed"
