#!/bin/sh
# Generation time and peak memory of the built-in Japan-like network.
#
# usage: bench/japan_generate.sh [KIKAN] [SCALE...]
#   KIKAN  the kikan binary (default build/release/kikan)
#   SCALE  scales to run (default: 1 20 368 — 368 gives about 1e7 assets)
# Prints, per scale: the CLI's summary line (assets, generation and writing
# times) and the peak resident set size (GNU time). Tables are written to a
# temporary directory and removed.
set -eu
KIKAN=${1:-build/release/kikan}
[ $# -gt 0 ] && shift
SCALES=${*:-1 20 368}
TMP=$(mktemp -d /tmp/kikan-bench-japan-XXXXXX)
trap 'rm -rf "$TMP"' EXIT
for s in $SCALES; do
    /usr/bin/time -f "peak RSS %M KiB, wall %e s, user %U s, sys %S s" \
        "$KIKAN" generate japan --seed 1 --scale "$s" -o "$TMP/s$s" 2>"$TMP/time"
    cat "$TMP/time"
    du -sh "$TMP/s$s" | sed 's/^/tables: /'
    rm -rf "$TMP/s$s"
done
