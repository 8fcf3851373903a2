#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for a short time.
# Usage: tools/run_fuzz.sh [seconds per target]   (default: $WEIR_FUZZ_SECONDS or 20)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-${WEIR_FUZZ_SECONDS:-20}}
build=${WEIR_FUZZ_BUILD_DIR:-$root/build/fuzz}

CC=clang-14 CXX=clang++-14 cmake -G Ninja -S "$root" -B "$build" \
  -DWEIR_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)" --target weir_fuzzers

shopt -s nullglob
targets=("$build"/test/fuzz/*_fuzz)
if [ ${#targets[@]} -eq 0 ]; then
  echo "run_fuzz: no fuzz targets built" >&2
  exit 1
fi
for target in "${targets[@]}"; do
  name=$(basename "$target")
  corpus=$(mktemp -d)
  seeds="$root/test/fuzz/corpus/${name%_fuzz}"
  if [ -d "$seeds" ]; then cp -r "$seeds"/. "$corpus"/; fi
  # The SQL parser also starts from Flink's Nexmark queries when the reference copy is there.
  nexmark=${WEIR_NEXMARK_DIR:-$root/../shared/benchmarks/nexmark}
  if [ "$name" = sql_parser_fuzz ] && [ -d "$nexmark" ]; then cp "$nexmark"/*.sql "$corpus"/; fi
  echo "run_fuzz: $name for ${seconds}s"
  if ! (cd "$corpus" && "$target" -max_total_time="$seconds" -print_final_stats=0 \
        -artifact_prefix="$build/$name-" "$corpus" >"$build/$name.log" 2>&1); then
    tail -50 "$build/$name.log" >&2
    echo "run_fuzz: $name FAILED (crash input saved under $build/$name-*)" >&2
    rm -rf "$corpus"
    exit 1
  fi
  grep -E "^#[0-9]+.*DONE|Done [0-9]+ runs" "$build/$name.log" | tail -1 || true
  rm -rf "$corpus"
done
echo "run_fuzz: all targets ran clean"
