#!/bin/sh
# A/B timing of two percolation kernels (minimum thread CPU time per cascade,
# alternated in one process). Needs the release build (build/release/libkikan.a).
# Usage: bench/percolation/ab_kernels.sh A.c B.c REPEATS P [P ...]
#   e.g. git show HEAD~3:models/research/percolation.c > /tmp/old.c
#        bench/percolation/ab_kernels.sh /tmp/old.c models/research/percolation.c 9 0.7 1.0 0.61
# CFLAGS_A / CFLAGS_B (optional): extra compiler flags for A's and B's kernel, e.g.
#   CFLAGS_B=-DSOME_SWITCH to time a variant built from the same file
set -eu
A=$1 B=$2
shift 2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
for v in A B; do
    eval src=\$$v
    if [ "$v" = A ]; then flags=${CFLAGS_A:-}; else flags=${CFLAGS_B:-}; fi
    # shellcheck disable=SC2086 # flags are words
    gcc -O3 -std=c17 -fopenmp -Iinclude -I. $flags -c -o "$T/$v.o" "$src"
    # keep only the two entry points, renamed; the rest local to the object
    objcopy --redefine-sym kikan_perc_ws_new=${v}_kikan_perc_ws_new \
        --redefine-sym kikan_perc_cascade=${v}_kikan_perc_cascade \
        --keep-global-symbol=${v}_kikan_perc_ws_new --keep-global-symbol=${v}_kikan_perc_cascade \
        "$T/$v.o"
done
gcc -O3 -std=c17 -fopenmp -Iinclude -o "$T/ab" bench/percolation/ab_main.c "$T/A.o" "$T/B.o" \
    build/release/libkikan.a -ligraph -lgsl -lgslcblas -lm -lyaml -lhdf5_serial -lhdf5_serial_hl
"$T/ab" "$@"
