#!/bin/sh
# Build the release preset and run the engine benchmark (bench/bench_engine.c).
# usage: bench/run_engine.sh [N_ASSETS] [REPLICATES]
set -eu
cd "$(dirname "$0")/.."
cmake --preset release >/dev/null
cmake --build --preset release -j2 --target kikan >/dev/null
cc -std=c17 -O2 -D_POSIX_C_SOURCE=200809L -Iinclude -Ibuild/release/include \
   bench/bench_engine.c -o build/release/bench_engine build/release/libkikan.a \
   -ligraph -lgsl -lgslcblas -lyaml $(pkg-config --libs hdf5 2>/dev/null || echo -lhdf5_serial) \
   -lm -fopenmp
exec build/release/bench_engine "$@"
