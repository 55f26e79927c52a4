#!/bin/sh
# National scale: generate the built-in Japan-like network at SCALE, run the
# default what-ifs (scenarios/library/default.yaml) with 20 replicates and
# write HDF5. Reports, per scale: assets, wall time, peak RSS (GNU time -v),
# the HDF5 file's size, and the same run without -o (the cost of writing).
#
# usage: bench/national_scale.sh [KIKAN] [SCALE...]
#   KIKAN  the kikan binary (default build/release/kikan)
#   SCALE  scales to run (default: 1 10 100 368; 368 gives about 1e7 assets)
# Environment: THREADS (default 2), REPLICATES (default 20), OUT (a directory
# for the scenarios and files; default a temporary one, removed at the end).
# Prints the load average before each run: on a shared machine, repeat when it is low.
set -eu
KIKAN=${1:-build/release/kikan}
[ $# -gt 0 ] && shift
SCALES=${*:-1 10 100 368}
THREADS=${THREADS:-2}
REPLICATES=${REPLICATES:-20}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
if [ -n "${OUT:-}" ]; then
    TMP=$OUT
    mkdir -p "$TMP"
else
    TMP=$(mktemp -d /tmp/kikan-bench-national-XXXXXX)
    trap 'rm -rf "$TMP"' EXIT
fi
printf '%-6s %-10s %-6s %9s %10s %12s %9s %10s\n' scale assets output wall_s peak_MiB MiB_per_1e6 file_MiB load1
for s in $SCALES; do
    yaml="$TMP/national-$s.yaml"
    # the default what-ifs on the generator at this scale, REPLICATES replicates
    sed -e "s/^  generator_seed: 1 .*/  generator_seed: 1\n  scale: $s/" \
        -e "s/^  replicates: [0-9]*.*/  replicates: $REPLICATES/" \
        "$ROOT/scenarios/library/default.yaml" >"$yaml"
    for mode in h5 none; do
        h5="$TMP/national-$s.h5"
        rm -f "$h5"
        set -- run "$yaml" --threads "$THREADS" --quiet
        [ "$mode" = h5 ] && set -- "$@" -o "$h5"
        load=$(cut -d' ' -f1 /proc/loadavg)
        /usr/bin/time -v "$KIKAN" "$@" >"$TMP/out" 2>"$TMP/time" || {
            cat "$TMP/time" >&2
            exit 1
        }
        wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$TMP/time" |
            awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
        rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$TMP/time")
        size=-
        if [ "$mode" = h5 ]; then
            size=$(awk -v b="$(stat -c %s "$h5")" 'BEGIN { printf "%.1f", b / 1048576 }')
            # the number of assets, from the file: /network/strings/asset {N}
            assets=$(h5ls "$h5/network/strings/asset" | sed -n 's/.*Dataset {\([0-9]*\)}.*/\1/p')
        fi
        awk -v s="$s" -v a="$assets" -v m="$mode" -v w="$wall" -v r="$rss" -v f="$size" -v l="$load" \
            'BEGIN { printf "%-6s %-10s %-6s %9.1f %10.0f %12.0f %9s %10s\n", s, a, m, w, r / 1024, r / 1024 / (a / 1e6), f, l }'
        rm -f "$h5"
    done
done
