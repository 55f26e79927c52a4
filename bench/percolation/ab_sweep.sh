#!/bin/sh
# A/B timing of two percolation kernels on the 101-point ER sweep (N = 10^6,
# <k> = 4, seed 1, one thread; cascade CPU, alternated in one process).
# Needs the release build (build/release/libkikan.a).
# Usage: bench/percolation/ab_sweep.sh A.c B.c REPEATS [COUPLING]
#   e.g. git show HEAD~3:models/research/percolation.c > /tmp/old.c
#        bench/percolation/ab_sweep.sh /tmp/old.c models/research/percolation.c 3
# CFLAGS_A / CFLAGS_B (optional): extra compiler flags for A's and B's kernel.
set -eu
A=$1 B=$2
shift 2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
for v in A B; do
    if [ "$v" = A ]; then src=$A flags=${CFLAGS_A:-}; else src=$B flags=${CFLAGS_B:-}; fi
    # shellcheck disable=SC2086 # flags are words
    gcc -O3 -std=c17 -fopenmp -Iinclude -I. $flags -c -o "$T/$v.o" "$src"
    objcopy --redefine-sym kikan_perc_run=${v}_kikan_perc_run \
        --redefine-sym kikan_perc_summary_free=${v}_kikan_perc_summary_free \
        --keep-global-symbol=${v}_kikan_perc_run \
        --keep-global-symbol=${v}_kikan_perc_summary_free "$T/$v.o"
done
gcc -O3 -std=c17 -fopenmp -Iinclude -o "$T/ab" bench/percolation/ab_sweep_main.c "$T/A.o" "$T/B.o" \
    build/release/libkikan.a -ligraph -lgsl -lgslcblas -lm -lyaml -lhdf5_serial -lhdf5_serial_hl
OMP_NUM_THREADS=1 "$T/ab" "$@"
