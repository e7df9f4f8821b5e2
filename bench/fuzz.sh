#!/usr/bin/env bash
# Fuzzing figures of the last `make fuzz` campaign (build/fuzz/last-campaign.txt);
# without one, a short campaign (5 s per harness) runs first.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
summary="$repo/build/fuzz/last-campaign.txt"
if [ ! -f "$summary" ]; then
  FUZZ_SECONDS=5 bash "$repo/scripts/fuzz.sh" >&2 || true
fi
[ -f "$summary" ] || { echo "bench/fuzz: no campaign summary" >&2; exit 1; }
awk '$1 == "harnesses" { print "fuzz_harnesses " $2 " count" }
     $1 == "findings"  { print "fuzz_findings " $2 " count" }' "$summary"
