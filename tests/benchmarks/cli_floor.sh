#!/usr/bin/env bash
# The `smooth` tool against its floor and on two threads, in one run (alternating, so all see
# the same machine load): issue 24's item 5.
#  - CPU time (user + sys) of `smooth --threads 1 --sma 100 --ema-corrected 0.9` against
#    lean_floor, a program doing the same work with nothing around it (std::from_chars in,
#    the library's streams, std::to_chars out; it leaves out CSV dialects, error positions,
#    index columns, missing values). Both write to /dev/null; their bytes are compared first.
#  - wall time of two threads against one, to /dev/null and to a file, on a quiet machine;
#  - the same beside a CPU hog (a busy shell loop at nice 0, started here and killed after).
# Medians of REPETITIONS runs. Not run by ctest (timings are not tests).
# Usage: tests/benchmarks/cli_floor.sh [BUILD_DIR] [LINES] [REPETITIONS]
set -euo pipefail
build=${1:-build/default}
lines=${2:-20000000}
reps=${3:-5}
. "$(dirname "$0")/common.sh"
smooth=$build/bin/smooth
lean=$build/tests/benchmarks/lean_floor
work=$(mktemp -d)
hog=
trap '[[ -z "$hog" ]] || kill "$hog" 2>/dev/null; rm -rf "$work"' EXIT

awk -v n="$lines" 'BEGIN { srand(2); for (i = 0; i < n; i++) printf "%.17g\n", rand() }' >"$work/in.txt"
args=(--sma 100 --ema-corrected 0.9)
"$smooth" --threads 1 "${args[@]}" -o "$work/smooth.csv" "$work/in.txt"
"$lean" "$work/in.txt" >"$work/lean.csv"
cmp "$work/smooth.csv" "$work/lean.csv"
rm -f "$work/lean.csv"

# cpu FILE COMMAND...: appends the command's user + sys seconds to FILE
cpu() {
  local file=$1
  shift
  /usr/bin/time -f "%U %S" -o "$work/cpu.one" "$@" >/dev/null 2>/dev/null
  awk '{ print $1 + $2 }' "$work/cpu.one" >>"$file"
}

for ((i = 0; i < reps; i++)); do
  cpu "$work/smooth.cpu" "$smooth" --threads 1 "${args[@]}" "$work/in.txt"
  cpu "$work/lean.cpu" "$lean" "$work/in.txt"
  timed "$work/one_null.times" sh -c "\"$smooth\" --threads 1 ${args[*]} \"$work/in.txt\" >/dev/null"
  timed "$work/two_null.times" sh -c "\"$smooth\" --threads 2 ${args[*]} \"$work/in.txt\" >/dev/null"
  timed "$work/one_file.times" "$smooth" --threads 1 "${args[@]}" -o "$work/one.csv" "$work/in.txt"
  timed "$work/two_file.times" "$smooth" --threads 2 "${args[@]}" -o "$work/two.csv" "$work/in.txt"
done
cmp "$work/one.csv" "$work/two.csv"

(while :; do :; done) &
hog=$!
for ((i = 0; i < reps; i++)); do
  timed "$work/one_hog.times" sh -c "\"$smooth\" --threads 1 ${args[*]} \"$work/in.txt\" >/dev/null"
  timed "$work/two_hog.times" sh -c "\"$smooth\" --threads 2 ${args[*]} \"$work/in.txt\" >/dev/null"
done
kill "$hog"
hog=

m() { median <"$work/$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
echo "input: $lines lines of numbers; $reps runs each, alternating; medians"
echo "smooth --threads 1 wrote lean_floor's bytes; --threads 2 wrote --threads 1's"
printf "%-46s %8s %8s %7s %s\n" "" "smooth" "against" "ratio" "target"
printf "%-46s %8s %8s %7s %s\n" "CPU s, --threads 1 / lean_floor" "$(m smooth.cpu)" "$(m lean.cpu)" \
  "$(ratio "$(m smooth.cpu)" "$(m lean.cpu)")" "<= 1.05"
printf "%-46s %8s %8s %7s %s\n" "wall s, two threads / one, to /dev/null" "$(m two_null.times)" "$(m one_null.times)" \
  "$(ratio "$(m two_null.times)" "$(m one_null.times)")" "<= 0.55"
printf "%-46s %8s %8s %7s %s\n" "wall s, two threads / one, to a file" "$(m two_file.times)" "$(m one_file.times)" \
  "$(ratio "$(m two_file.times)" "$(m one_file.times)")" "<= 0.55"
printf "%-46s %8s %8s %7s %s\n" "wall s, two threads / one, beside a CPU hog" "$(m two_hog.times)" "$(m one_hog.times)" \
  "$(ratio "$(m two_hog.times)" "$(m one_hog.times)")" "<= 1.05"
