#!/usr/bin/env bash
# Fetches a Debian bookworm arm64 guest kernel into the cache, unpacked: the
# image and its DTBs, its headers (for out-of-tree modules), the host's
# linux-kbuild tools of the same version, and busybox-static:arm64.
#
# The kernel is chosen by name: GUEST_KERNEL=6.12 (default: bookworm-backports
# kernel) or 6.12 (bookworm's 6.12 line). GUEST_KERNEL_PKG=linux-image-<abi>-arm64
# pins one exact ABI instead. Prints the guest cache dir, which holds KVER,
# KSERIES, vmlinuz, imx8mp-evk.dtb, kernel/, headers/, kbuild/ and busybox/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

name=${GUEST_KERNEL:-$SEIOT_DEFAULT_KERNEL}
pkg=${GUEST_KERNEL_PKG:-}
if [ -z "$pkg" ]; then
  case "$name" in
    6.12) meta=linux-image-6.12-arm64 ;;
    6.1)  meta=linux-image-arm64 ;;  # bookworm's candidate; backports has a lower pin
    *) die "fetch-guest: unknown GUEST_KERNEL '$name' (supported: 6.12, 6.1)" ;;
  esac
  pkg=$(apt-cache depends "$meta:arm64" 2>/dev/null \
        | sed -n 's/^ *Depends: \(linux-image-[0-9][^:]*-arm64\)\(:arm64\)\?$/\1/p' | head -n1)
  [ -n "$pkg" ] || die "fetch-guest: cannot resolve $meta:arm64 for GUEST_KERNEL=$name (is the arm64 architecture added and 'apt-get update' done? run 'make setup')"
fi
kver=${pkg#linux-image-}
kpkgver=$(apt-cache policy "$pkg:arm64" 2>/dev/null | sed -n 's/^ *Candidate: //p')
[ -n "$kpkgver" ] && [ "$kpkgver" != "(none)" ] \
  || die "fetch-guest: no package $pkg:arm64 in the archive lists; run 'make setup' (apt-get update) and retry"
series=$(printf '%s\n' "$kver" | grep -oE '^[0-9]+\.[0-9]+')
if [ -n "${GUEST_KERNEL:-}" ] && [ "$series" != "$name" ]; then
  die "fetch-guest: GUEST_KERNEL=$name but $pkg is Linux $series"
fi

g="$SEIOT_CACHE/guest-v2/$kver-$kpkgver"  # -v2: with kbuild/, KBUILD, KSERIES
if [ ! -f "$g/.done" ]; then
  rm -rf "$g"; mkdir -p "$g/debs"; chown _apt "$g/debs" 2>/dev/null || true
  deps=$(apt-cache depends "linux-headers-$kver:arm64" 2>/dev/null || true)
  common=$(printf '%s\n' "$deps" | grep -oE "linux-headers-[^ :<>]+-common" | grep -v -- '-common-rt' | head -n1)
  [ -n "$common" ] || die "fetch-guest: cannot resolve the -common headers package of linux-headers-$kver (run 'make setup' and retry)"
  kbuild=$(printf '%s\n' "$deps" | grep -oE "linux-kbuild-[^ :<>]+" | head -n1)
  [ -n "$kbuild" ] || die "fetch-guest: cannot resolve the linux-kbuild package of linux-headers-$kver"
  host_arch=$(dpkg --print-architecture)
  log "downloading guest kernel $pkg ($kpkgver), headers, $kbuild:$host_arch and busybox-static:arm64"
  ( cd "$g/debs" && apt-get download -qq "$pkg:arm64=$kpkgver" "linux-headers-$kver:arm64=$kpkgver" \
      "$common=$kpkgver" "$kbuild:$host_arch=$kpkgver" busybox-static:arm64 ) \
    || { rm -rf "$g"; die "fetch-guest: 'apt-get download' of the guest packages ($pkg $kpkgver) failed; check the network and retry"; }
  for d in "$g"/debs/*.deb; do
    dpkg-deb --fsys-tarfile "$d" >/dev/null || { rm -rf "$g"; die "fetch-guest: $(basename "$d") is corrupt; removed, retry"; }
  done
  mkdir -p "$g/kernel" "$g/headers" "$g/kbuild" "$g/busybox"
  dpkg-deb -x "$g"/debs/linux-image-*.deb "$g/kernel"
  dpkg-deb -x "$g"/debs/linux-headers-*-arm64_*.deb "$g/headers"
  dpkg-deb -x "$g"/debs/linux-headers-*-common_*.deb "$g/headers"
  dpkg-deb -x "$g"/debs/linux-kbuild-*.deb "$g/kbuild"
  dpkg-deb -x "$g"/debs/busybox-static_*.deb "$g/busybox"
  kb=$(ls -d "$g"/kbuild/usr/lib/linux-kbuild-* 2>/dev/null | head -n1)
  [ -n "$kb" ] && [ -d "$kb/scripts" ] || { rm -rf "$g"; die "fetch-guest: $kbuild has no scripts/ tree"; }
  cp "$g/kernel/boot/vmlinuz-$kver" "$g/vmlinuz" \
    || { rm -rf "$g"; die "fetch-guest: the kernel package has no boot/vmlinuz-$kver"; }
  dtb=$(ls "$g"/kernel/usr/lib/linux-image-"$kver"/freescale/imx8mp-evk.dtb 2>/dev/null | head -n1)
  [ -n "$dtb" ] || { rm -rf "$g"; die "fetch-guest: the kernel package has no freescale/imx8mp-evk.dtb"; }
  cp "$dtb" "$g/imx8mp-evk.dtb"
  echo "$kver" > "$g/KVER"
  echo "$series" > "$g/KSERIES"
  echo "${kb#$g/}" > "$g/KBUILD"
  rm -rf "$g/debs"
  touch "$g/.done"
fi
echo "$g"
