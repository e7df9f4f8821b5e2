#!/usr/bin/env bash
# QEMU's scripts/checkpatch.pl on the project's QEMU-side code, at the paths
# where it lands in QEMU's tree (so tests/qtest rules apply to the qtests).
# Writes a meson-style testlog line (result OK or FAIL) to build/qemu-checkpatch.json
# and prints its path; fails when checkpatch reports an ERROR.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
. "$here/lib.sh"

src=$("$here/qemu-build.sh" plain --tree-only)
cd "$src"
files=(hw/arm/se-iot.c include/hw/seiot/*.h tests/qtest/libqos/se-iot.c)
mapfile -t -O ${#files[@]} files < <(find hw/seiot -name '*.[ch]' | sort)
for t in "$repo"/qtest/*.[ch]; do
  case "${t##*/}" in libqos-se-iot.c) ;; *) files+=("tests/qtest/${t##*/}") ;; esac
done
out="$repo/build/qemu-checkpatch.txt"; json="$repo/build/qemu-checkpatch.json"
mkdir -p "$repo/build"
rc=0; scripts/checkpatch.pl -q -f "${files[@]}" > "$out" 2>&1 || rc=$?
errors=$(grep -c '^ERROR' "$out" || true)
warnings=$(grep -c '^WARNING' "$out" || true)
result=OK; [ "$errors" -eq 0 ] || result=FAIL
printf '{"name": "qemu-checkpatch", "result": "%s", "errors": %s, "warnings": %s}\n' \
  "$result" "$errors" "$warnings" > "$json"
log "QEMU checkpatch on ${#files[@]} files: $errors errors, $warnings warnings (log: $out)"
[ "$errors" -eq 0 ] || { grep -A3 '^ERROR' "$out" >&2; echo "$json"; exit 1; }
echo "$json"
