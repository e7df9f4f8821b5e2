#!/usr/bin/env bash
# Builds QEMU (plain or san) with the project's qtests and runs them (the tests
# whose name starts with "se-"). Prints the path of meson's testlog.json.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
. "$here/lib.sh"
variant=${1:-plain}
ls "$repo"/qtest/*-test.c >/dev/null 2>&1 || { log "no qtests yet"; exit 0; }
bld=$("$here/qemu-build.sh" "$variant" qemu-system-aarch64)
mapfile -t names < <(meson test -C "$bld" --list 2>/dev/null | sed -n 's|.* / \(qtest-aarch64/se-[^ ]*\)$|\1|p')
[ ${#names[@]} -gt 0 ] || die "run-qtests: no se-* qtests registered in $bld"
exes=(); for n in "${names[@]}"; do exes+=("tests/qtest/${n#qtest-aarch64/}"); done
"$here/qemu-build.sh" "$variant" "${exes[@]}" >/dev/null
log "running ${#names[@]} qtests ($variant)"
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1
meson test -C "$bld" --no-rebuild --print-errorlogs "${names[@]}" >&2 || true
echo "$bld/meson-logs/testlog.json"
