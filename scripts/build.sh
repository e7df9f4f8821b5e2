#!/usr/bin/env bash
# Sets up what is missing and builds everything `make demo` and `make check`
# use: host packages, QEMU with our board, the guest kernel and initramfs, the
# project's host C code. Writes build/paths.json for the Python harness.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
. "$here/lib.sh"
cd "$repo"

"$here/setup-host.sh"

# Host C code first: QEMU links its card library (guest-fw), and the guest
# image ships files it makes (the test PKI).
if [ ! -f build/host/build.ninja ]; then
  meson setup build/host >/dev/null || die "build: meson setup of the host build failed"
fi
ninja -C build/host >/dev/null || { ninja -C build/host 2>&1 | tail -30 >&2; die "build: host build failed"; }
qbld=$("$here/qemu-build.sh" plain)
g=$("$here/fetch-guest.sh")
pki="$repo/build/host/server/pki"

# Guest-side products of guest-linux/ (driver, daemon) land in build/guest/extra.
extra="$repo/build/guest/extra"
rm -rf "$extra"; mkdir -p "$extra"
"$repo/guest-linux/de/build.sh" "$extra" || die "build: cross-building seiotd failed"
"$repo/guest-linux/baseline/build.sh" "$extra" "$pki" || die "build: cross-building tls-baseline failed"
if [ -x "$repo/guest-linux/build.sh" ]; then
  "$repo/guest-linux/build.sh" "$g" "$extra" || die "build: guest-linux/build.sh failed"
fi
"$here/mk-initramfs.sh" "$repo/build/guest/initramfs.cpio.gz" "$extra"


cat > build/paths.json.tmp <<JSON
{
  "qemu": "$qbld/qemu-system-aarch64",
  "qemu_build_dir": "$qbld",
  "kernel": "$g/vmlinuz",
  "dtb": "$g/imx8mp-evk.dtb",
  "initrd": "$repo/build/guest/initramfs.cpio.gz",
  "guest_cache": "$g",
  "host_build": "$repo/build/host",
  "pki": "$pki"
}
JSON
mv build/paths.json.tmp build/paths.json
log "built: QEMU $(cat "$(dirname "$qbld")/debian-version"), guest kernel $(cat "$g/KVER")"
