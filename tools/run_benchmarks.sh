#!/usr/bin/env bash
# Runs every benchmark program listed by the release build: the Google Benchmark programs in
# build/release/benchmarks.txt (with --benchmark_min_time=0.2) and the plain pipeline
# benchmark programs in build/release/pipelines.txt (without flags; they print BENCH lines).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build/release}
status=0
# run_list <list file> [flags...]: runs each program named in the list with the flags.
run_list() {
  local list=$1
  shift
  [ -f "$list" ] || return 0
  while read -r name; do
    [ -n "$name" ] || continue
    bin=$(find "$build" -type f -name "$name" -perm -u+x | head -1)
    if [ -z "$bin" ]; then
      echo "run_benchmarks: $name not built" >&2
      status=1
      continue
    fi
    echo "== $name"
    "$bin" "$@" || status=1
  done < "$list"
}
run_list "$build/benchmarks.txt" --benchmark_min_time=0.2
run_list "$build/pipelines.txt"
exit $status
