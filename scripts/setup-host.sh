#!/usr/bin/env bash
# Installs the Debian packages the project needs on a Debian 12 host.
# Idempotent: a stamp keyed by the package list skips the work when done.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

PKGS_HOST=(
  build-essential pkg-config ccache ninja-build python3 python3-venv
  libglib2.0-dev libfdt-dev libslirp-dev libpixman-1-dev zlib1g-dev
  libbearssl-dev libssl-dev openssl gnutls-bin
  libgnutls28-dev
  gcc-aarch64-linux-gnu libc6-dev-arm64-cross gcc-arm-none-eabi libnewlib-arm-none-eabi
  device-tree-compiler kmod cpio dpkg-dev xz-utils socat rsync
  bc flex bison libelf-dev dwarves gdb-multiarch
)
PKGS_BPO=(meson)
# Only for `make fuzz` (scripts/fuzz.sh runs `setup-host.sh --fuzz`): clang with libFuzzer.
PKGS_FUZZ=(clang-14 libclang-rt-14-dev)

if [ "${1:-}" = --fuzz ]; then
  fstamp="$SEIOT_CACHE/stamps/fuzz-pkgs.$(printf '%s\n' "${PKGS_FUZZ[@]}" | sha1sum | cut -c1-12)"
  [ -f "$fstamp" ] && exit 0
  [ "$(id -u)" = 0 ] || die "setup-host: must run as root (it installs Debian packages)"
  log "installing the fuzzing packages"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${PKGS_FUZZ[@]}" \
    >/dev/null || die "setup-host: installing ${PKGS_FUZZ[*]} failed; retry 'make fuzz'"
  mkdir -p "$(dirname "$fstamp")"; touch "$fstamp"
  exit 0
fi

stamp="$SEIOT_CACHE/stamps/host-pkgs.$(printf '%s\n' "${PKGS_HOST[@]}" "${PKGS_BPO[@]}" | sha1sum | cut -c1-12)"
[ -f "$stamp" ] && exit 0

[ "$(id -u)" = 0 ] || die "setup-host: must run as root (it installs Debian packages)"
. /etc/os-release
[ "${VERSION_CODENAME:-}" = bookworm ] || die "setup-host: this project targets Debian 12 (bookworm), found '${VERSION_CODENAME:-unknown}'"

src=/etc/apt/sources.list.d/seiot.sources
want=$(cat <<'S'
# Added by se-iot scripts/setup-host.sh
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
S
)
need_update=0
if [ "$(cat "$src" 2>/dev/null)" != "$want" ]; then
  printf '%s\n' "$want" > "$src"; need_update=1
fi
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  dpkg --add-architecture arm64; need_update=1
fi
upd="$SEIOT_CACHE/stamps/apt-update"
if [ $need_update = 1 ] || [ ! -f "$upd" ] || [ -n "$(find "$upd" -mmin +1440)" ]; then
  log "apt-get update"
  apt-get update -qq || die "setup-host: 'apt-get update' failed; check the network to deb.debian.org and retry"
  mkdir -p "$(dirname "$upd")"; touch "$upd"
fi
export DEBIAN_FRONTEND=noninteractive
log "installing Debian packages"
apt-get install -y -qq --no-install-recommends "${PKGS_HOST[@]}" >/dev/null \
  || die "setup-host: apt-get install failed (see above); retry 'make check' once the archive is reachable"
apt-get install -y -qq --no-install-recommends -t bookworm-backports "${PKGS_BPO[@]}" >/dev/null \
  || die "setup-host: installing meson from bookworm-backports failed; retry"
mkdir -p "$(dirname "$stamp")"; touch "$stamp"
log "host packages ready"
