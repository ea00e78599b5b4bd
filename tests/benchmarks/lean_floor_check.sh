#!/bin/sh
# lean_floor_check.sh SMOOTH LEAN_FLOOR SCRATCH: the floor of cli_floor.sh writes the tool's bytes
# on the benchmark's kind of data (numbers in [0, 1) as %.17g), else the comparison would set
# the tool against unlike work. (Not on every double: std::to_chars picks the shorter of fixed
# and scientific, fmt's "{}" fixed for exponents -4 to 15.)
set -eu
awk 'BEGIN { srand(3); for (i = 0; i < 30000; i++) printf "%.17g\n", rand() }' >"$3.in"
"$1" --threads 1 --sma 100 --ema-corrected 0.9 -o "$3.smooth" "$3.in"
"$2" "$3.in" >"$3.lean"
cmp "$3.smooth" "$3.lean"
echo "lean_floor wrote smooth's $(wc -l <"$3.lean") lines, byte for byte"
