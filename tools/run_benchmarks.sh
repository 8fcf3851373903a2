#!/usr/bin/env bash
# Runs every benchmark program listed by the release build (build/release/benchmarks.txt).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build/release}
status=0
while read -r name; do
  [ -n "$name" ] || continue
  bin=$(find "$build" -type f -name "$name" -perm -u+x | head -1)
  if [ -z "$bin" ]; then
    echo "run_benchmarks: $name not built" >&2
    status=1
    continue
  fi
  echo "== $name"
  "$bin" --benchmark_min_time=0.2 || status=1
done < "$build/benchmarks.txt"
exit $status
