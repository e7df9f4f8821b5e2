#!/usr/bin/env bash
# Fetches the kernel's scripts/checkpatch.pl with its data files (spelling.txt,
# const_structs.checkpatch) from Debian's linux-source-6.1 package, the guest
# kernel's series: the header packages do not ship them. Only those three files
# are kept, in $SEIOT_CACHE/dl/checkpatch-VERSION/. Prints the path of
# checkpatch.pl.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

pkg=linux-source-6.1
ver=$(apt-cache policy "$pkg" 2>/dev/null | sed -n 's/^ *Candidate: //p')
[ -n "$ver" ] && [ "$ver" != "(none)" ] \
  || die "fetch-checkpatch: no package $pkg in the archive lists; run 'make setup' (apt-get update) and retry"
d="$SEIOT_CACHE/dl/checkpatch-$ver"
files=(checkpatch.pl spelling.txt const_structs.checkpatch)
if [ ! -f "$d/.done" ]; then
  rm -rf "$d"; mkdir -p "$d/deb"; chown _apt "$d/deb" 2>/dev/null || true
  log "downloading $pkg ($ver) for checkpatch.pl (about 140 MB, once)"
  ( cd "$d/deb" && apt-get download -qq "$pkg=$ver" ) \
    || { rm -rf "$d"; die "fetch-checkpatch: 'apt-get download $pkg=$ver' failed; check the network and retry"; }
  deb=$(ls "$d"/deb/*.deb)
  # The package holds one tarball of the tree; take three files out of it.
  if ! dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/$pkg.tar.xz" \
       | tar -xJ -C "$d" --strip-components=2 --wildcards "${files[@]/#/*/scripts/}"; then
    rm -rf "$d"; die "fetch-checkpatch: cannot extract scripts/checkpatch.pl from $pkg $ver; removed, retry"
  fi
  for f in "${files[@]}"; do
    [ -s "$d/$f" ] || { rm -rf "$d"; die "fetch-checkpatch: $pkg $ver has no scripts/$f; removed, retry"; }
  done
  chmod +x "$d/checkpatch.pl"
  rm -rf "$d/deb"
  touch "$d/.done"
fi
echo "$d/checkpatch.pl"
