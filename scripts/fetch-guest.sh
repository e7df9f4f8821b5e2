#!/usr/bin/env bash
# Fetches the guest's Debian bookworm arm64 kernel (current linux-image-arm64 ABI),
# its headers (for out-of-tree modules) and busybox-static:arm64 into the cache,
# unpacked. Prints the guest cache dir (holds KVER, vmlinuz, dtb, rootfs/, headers/).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

pkg=${GUEST_KERNEL_PKG:-}
[ -n "$pkg" ] || pkg=$(apt-cache depends linux-image-arm64:arm64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[0-9.]*-[0-9]*-arm64\)\(:arm64\)\?$/\1/p' | head -n1)
[ -n "$pkg" ] || die "fetch-guest: cannot resolve linux-image-arm64:arm64 (is the arm64 architecture added and 'apt-get update' done? run 'make setup')"
kver=${pkg#linux-image-}
kpkgver=$(apt-cache policy "$pkg:arm64" | sed -n 's/^ *Candidate: //p')
[ -n "$kpkgver" ] && [ "$kpkgver" != "(none)" ] \
  || die "fetch-guest: no package $pkg:arm64 in the archive lists; run 'make setup' (apt-get update) and retry"
g="$SEIOT_CACHE/guest/$kver-$kpkgver"
if [ ! -f "$g/.done" ]; then
  rm -rf "$g"; mkdir -p "$g/debs"; chown _apt "$g/debs" 2>/dev/null || true
  common=$(apt-cache depends "linux-headers-$kver:arm64" | grep -o "linux-headers-[0-9.]*-[0-9]*-common" | head -n1)
  [ -n "$common" ] || die "fetch-guest: cannot resolve the -common headers package of linux-headers-$kver"
  log "downloading guest kernel $pkg ($kpkgver), headers and busybox-static:arm64"
  ( cd "$g/debs" && apt-get download -qq "$pkg:arm64" "linux-headers-$kver:arm64" "$common" busybox-static:arm64 ) \
    || { rm -rf "$g"; die "fetch-guest: 'apt-get download' of the guest packages failed; check the network and retry"; }
  for d in "$g"/debs/*.deb; do
    dpkg-deb --fsys-tarfile "$d" >/dev/null || { rm -rf "$g"; die "fetch-guest: $(basename "$d") is corrupt; removed, retry"; }
  done
  mkdir -p "$g/kernel" "$g/headers" "$g/busybox"
  dpkg-deb -x "$g"/debs/linux-image-*.deb "$g/kernel"
  dpkg-deb -x "$g"/debs/linux-headers-*-arm64_*.deb "$g/headers"
  dpkg-deb -x "$g"/debs/linux-headers-*-common_*.deb "$g/headers"
  dpkg-deb -x "$g"/debs/busybox-static_*.deb "$g/busybox"
  cp "$g/kernel/boot/vmlinuz-$kver" "$g/vmlinuz"
  cp "$g/kernel/usr/lib/linux-image-$kver/freescale/imx8mp-evk.dtb" "$g/imx8mp-evk.dtb" \
    || die "fetch-guest: the kernel package has no freescale/imx8mp-evk.dtb"
  echo "$kver" > "$g/KVER"
  rm -rf "$g/debs"
  touch "$g/.done"
fi
echo "$g"
