# Shared helpers for the project's shell scripts (sourced, not run).
SEIOT_CACHE=${SEIOT_CACHE:-/var/cache/se-iot}
export SEIOT_CACHE
log() { printf '[se-iot] %s\n' "$*" >&2; }
die() { printf '[se-iot] ERROR: %s\n' "$*" >&2; exit 1; }
