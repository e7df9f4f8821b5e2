#!/usr/bin/env bash
# boot_to_init_s: median wall time from QEMU start to the guest's init (5 boots);
# qemu_build_s, qemu_build_compiled: the last QEMU build that compiled something.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
exec python3 "$here/boot_bench.py"
