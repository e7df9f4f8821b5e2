#!/usr/bin/env bash
# Builds qemu-system-aarch64 from Debian's QEMU 10.0.x source with the project's
# hw/ (board + SE device), guest-fw/ (the SE firmware) and qtest/ overlaid.
# Usage: qemu-build.sh [plain|san] [ninja targets...]   Prints the build dir.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
. "$here/lib.sh"

variant=${1:-plain}; shift || true
src=$("$here/fetch-qemu.sh")
top=$(dirname "$src")
ver=$(cat "$src/VERSION")
case "$variant" in
  plain) extra=() ;;
  san)   extra=(--enable-asan --enable-ubsan) ;;
  *) die "qemu-build: unknown variant '$variant' (plain or san)" ;;
esac

# --- overlay: our files go under hw/seiot and tests/qtest/seiot ---------------
# Changed files are found by content and get the time of the copy, so no build
# tree (plain or san) can hold an object newer than a source it never saw.
overlay() { rsync -rlD --checksum --delete "$@"; }
overlay --exclude 'se/tests/' "$repo/hw/" "$src/hw/seiot/"
if [ -d "$repo/guest-fw" ]; then
  overlay --exclude 'tests/' --exclude 'm33/' --include '*/' --include '*.c' --include '*.h' \
    --exclude '*' "$repo/guest-fw/" "$src/hw/seiot/fw/"
fi
if [ -f "$repo/qtest/meson.build" ]; then
  overlay "$repo/qtest/" "$src/tests/qtest/seiot/"
  # qtest's meson compiles "<name>.c" from tests/qtest itself.
  for t in "$repo"/qtest/*-test.c; do
    [ -e "$t" ] && { cmp -s "$t" "$src/tests/qtest/${t##*/}" || cp "$t" "$src/tests/qtest/"; }
  done
fi
cmp -s "$repo/hw/seiot.mak" "$src/configs/devices/aarch64-softmmu/seiot.mak" \
  || cp "$repo/hw/seiot.mak" "$src/configs/devices/aarch64-softmmu/seiot.mak"

hook() { # hook FILE GREP-PATTERN SED-SCRIPT: apply SED-SCRIPT once
  grep -q "$2" "$1" || sed -i "$3" "$1"
  grep -q "$2" "$1" || die "qemu-build: could not hook $1 (QEMU $ver changed?)"
}
hook "$src/hw/meson.build" "subdir('seiot')" "\$a subdir('seiot')"
hook "$src/hw/Kconfig" "source seiot/Kconfig" "\$a source seiot/Kconfig"
hook "$src/meson.build" "'hw/seiot'," "s|^    'hw/arm',|    'hw/arm',\n    'hw/seiot',|"
if [ -f "$repo/qtest/meson.build" ]; then
  hook "$src/tests/qtest/meson.build" "subdir('seiot')" "s|^qtest_executables = {}|subdir('seiot')\nqtest_executables = {}|"
fi

# --- configure (again only when the options change) ---------------------------
bld="$top/build-$variant"
opts=(--target-list=aarch64-softmmu --without-default-devices --with-devices-aarch64=seiot
      --without-default-features --enable-slirp --enable-fdt=system --enable-tcg
      --disable-docs --disable-werror --disable-install-blobs --python=/usr/bin/python3
      --cc=/usr/lib/ccache/gcc --host-cc=/usr/lib/ccache/gcc "${extra[@]}")
want=$(printf '%s\n' "${opts[@]}" | sha1sum | cut -c1-12)
export CCACHE_DIR="$SEIOT_CACHE/ccache" CCACHE_MAXSIZE=5G
if [ "$(cat "$bld/.seiot-config" 2>/dev/null)" != "$want" ]; then
  log "configuring QEMU $ver ($variant)"
  rm -rf "$bld"; mkdir -p "$bld"
  ( cd "$bld" && "$src/configure" "${opts[@]}" ) > "$top/configure-$variant.log" 2>&1 \
    || { tail -20 "$top/configure-$variant.log" >&2; rm -rf "$bld"; die "qemu-build: configure failed (log: $top/configure-$variant.log)"; }
  echo "$want" > "$bld/.seiot-config"
fi

# --- build --------------------------------------------------------------------
targets=("$@"); [ ${#targets[@]} -gt 0 ] || targets=(qemu-system-aarch64)
log "building QEMU $ver ($variant): ${targets[*]}"
t0=$(date +%s.%N)
ninja -C "$bld" "${targets[@]}" > "$top/build-$variant.log" 2>&1 \
  || { grep -E 'error|Error' "$top/build-$variant.log" | head -30 >&2; die "qemu-build: ninja failed (log: $top/build-$variant.log)"; }
t1=$(date +%s.%N)
secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
# Keep the figures of the last build that compiled something (make bench).
steps=$(grep -c '^\[[0-9]*/[0-9]*\] Compiling' "$top/build-$variant.log" || true)
[ "$steps" -gt 0 ] && printf '%s %s\n' "$secs" "$steps" > "$bld/.seiot-build-seconds"
log "QEMU $(cat "$top/debian-version") ($ver, $variant) ready in $secs s: $bld/qemu-system-aarch64"
echo "$bld"
