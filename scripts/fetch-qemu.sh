#!/usr/bin/env bash
# Fetches QEMU's Debian source package (current trixie 10.0.x) into the cache and
# extracts it with dpkg-source so Debian's patches apply. Prints the source dir.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

series=${QEMU_SERIES:-10.0}
ver=${QEMU_DEB_VERSION:-}
if [ -z "$ver" ]; then
  ver=$(apt-cache showsrc qemu 2>/dev/null | sed -n 's/^Version: //p' \
        | grep -E "^1:${series//./\\.}\.[0-9]+\+ds-[0-9.]+\+deb13u[0-9]+$" | sort -V | tail -n1 || true)
fi
[ -n "$ver" ] || die "fetch-qemu: no trixie qemu ${series}.x source package is listed; run 'make setup' (apt-get update with the deb-src entries) and retry"
upstream=${ver#1:}; upstream=${upstream%%+ds*}
top="$SEIOT_CACHE/qemu/$upstream"
src="$top/src"
if [ ! -f "$top/.extracted" ]; then
  dl="$SEIOT_CACHE/dl/qemu-$ver"
  mkdir -p "$dl"; chown _apt "$dl" 2>/dev/null || true  # apt fetches as _apt
  if ! ls "$dl"/*.dsc >/dev/null 2>&1; then
    log "downloading qemu source package $ver"
    ( cd "$dl" && apt-get source -qq --download-only "qemu=$ver" >/dev/null ) \
      || { rm -rf "$dl"; die "fetch-qemu: 'apt-get source qemu=$ver' failed; check the deb-src entries and network, then retry"; }
  fi
  rm -rf "$top"; mkdir -p "$top"
  log "extracting qemu $ver"
  ( cd "$top" && dpkg-source --no-check -x "$dl"/qemu_*.dsc src >/dev/null ) \
    || { rm -rf "$top" "$dl"; die "fetch-qemu: dpkg-source -x failed (corrupt download?); the download was removed, retry"; }
  [ -f "$src/VERSION" ] || die "fetch-qemu: extracted tree has no VERSION file"
  echo "$ver" > "$top/debian-version"
  touch "$top/.extracted"
fi
echo "$src"
