#!/usr/bin/env bash
# Cross-builds tls-baseline static for arm64 against Debian's libbearssl-dev:arm64
# (downloaded into the cache, not installed) and ships the client credentials it
# uses (the conventional design keeps them in the DE's file system).
# Usage: guest-linux/baseline/build.sh EXTRA_DIR PKI_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../scripts/lib.sh"
out=${1:?usage: build.sh EXTRA_DIR PKI_DIR}
pki=${2:?usage: build.sh EXTRA_DIR PKI_DIR}
ver=$(apt-cache policy libbearssl-dev:arm64 | sed -n 's/^ *Candidate: //p')
[ -n "$ver" ] && [ "$ver" != "(none)" ] || die "baseline: libbearssl-dev:arm64 is not in the archive lists (make setup)"
lib="$SEIOT_CACHE/guest-libs/bearssl-$ver"
if [ ! -f "$lib/.done" ]; then
  rm -rf "$lib"; mkdir -p "$lib/deb"; chown _apt "$lib/deb" 2>/dev/null || true
  ( cd "$lib/deb" && apt-get download -qq "libbearssl-dev:arm64=$ver" "libbearssl0:arm64=$ver" ) \
    || { rm -rf "$lib"; die "baseline: downloading libbearssl-dev:arm64 $ver failed; retry"; }
  for d in "$lib"/deb/*.deb; do dpkg-deb -x "$d" "$lib/root"; done
  rm -rf "$lib/deb"
  touch "$lib/.done"
fi
a=$(find "$lib/root" -name libbearssl.a | head -n1)
[ -n "$a" ] || die "baseline: libbearssl.a missing from libbearssl-dev:arm64"
mkdir -p "$out/bin" "$out/etc/baseline"
aarch64-linux-gnu-gcc -static -O2 -std=gnu11 -Wall -Wextra -Werror -I "$lib/root/usr/include" \
  -o "$out/bin/tls-baseline" "$here/tls_baseline.c" "$a"
cp "$pki/ca.der" "$pki/se.der" "$pki/se.key.der" "$out/etc/baseline/"
