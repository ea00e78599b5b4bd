#!/usr/bin/env bash
# Builds the libFuzzer harnesses (the fuzz preset) and runs each for SECONDS (default 60), one
# after the other, into scratch corpora seeded from tests/fuzz/corpus. Exits non-zero, with the
# reproducer's path and its report, on the first crash, timeout or leak.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for pair in reader:reader csv_differential:csv specs:specs smooth_main:smooth; do
  harness=${pair%%:*}
  seeds=${pair##*:}
  mkdir -p "$scratch/$seeds" "$scratch/artifacts"
  echo "fuzz_$harness: $seconds s"
  if ! build/fuzz/tests/fuzz/fuzz_$harness -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$scratch/artifacts/" -print_final_stats=1 "$scratch/$seeds" "tests/fuzz/corpus/$seeds" \
        > "$scratch/log" 2>&1; then
    tail -60 "$scratch/log"
    for f in "$scratch"/artifacts/*; do
      echo "reproducer: $f"; od -c "$f" | head -20
    done
    exit 1
  fi
  grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb)" "$scratch/log" || true
done
