#!/usr/bin/env bash
# MPI scaling: `kikan scope` (or, with COMMAND=run, `kikan run`) on a scenario
# (default: the library's default.yaml) with 1, 2, ... MPI processes of one
# OpenMP thread each; checks that every process count gives bit-identical
# results (h5diff of /scope or /timeseries, /replicates, /statistics, and the
# printed tables), and prints wall time and speed-up against one process.
#
# usage: bench/mpi_scaling.sh [KIKAN] [NP...]
#   KIKAN  an MPI build of kikan (default build/mpi/kikan: cmake --preset mpi)
#   NP     process counts (default: 1 2)
# Environment: COMMAND (scope or run; default scope), SCENARIO, REPLICATES
# (default 32: replicates per policy and what-if; kikan scope's own default is
# 128), OUT (keep the files there).
set -euo pipefail
kikan=${1:-build/mpi/kikan}
[ $# -gt 0 ] && shift
nps=("$@")
[ ${#nps[@]} -eq 0 ] && nps=(1 2)
src=$(cd "$(dirname "$0")/.." && pwd)
scenario=${SCENARIO:-$src/scenarios/library/default.yaml}
reps=${REPLICATES:-32}
command=${COMMAND:-scope}
groups=(/replicates /statistics)
if [ "$command" = scope ]; then groups+=(/scope); else groups+=(/timeseries); fi
if [ -n "${OUT:-}" ]; then tmp=$OUT; mkdir -p "$tmp"; else
    tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT; fi
mpirun=(mpirun --oversubscribe)
if [ "$(id -u)" = 0 ]; then mpirun+=(--allow-run-as-root); fi
printf '%-4s %9s %9s %8s\n' np wall_s speedup load1
t1=
for np in "${nps[@]}"; do
    load=$(cut -d' ' -f1 /proc/loadavg)
    start=$(date +%s.%N)
    "${mpirun[@]}" -np "$np" "$kikan" "$command" "$scenario" --replicates "$reps" --threads 1 --quiet \
        -o "$tmp/np$np.h5" >"$tmp/np$np.txt"
    end=$(date +%s.%N)
    wall=$(echo "$end - $start" | bc)
    [ -z "$t1" ] && t1=$wall
    printf '%-4s %9.1f %9.2f %8s\n' "$np" "$wall" "$(echo "$t1 / $wall" | bc -l)" "$load"
    if [ "$np" != "${nps[0]}" ]; then
        for g in "${groups[@]}"; do
            h5diff -q "$tmp/np${nps[0]}.h5" "$tmp/np$np.h5" "$g" "$g" ||
                { echo "FAIL: $g differs between ${nps[0]} and $np processes"; exit 1; }
        done
        # the header names the process count and the last line the file: not compared
        strip() { grep -v -e '^kikan .* process(es)$' -e '^results: ' "$1"; }
        cmp -s <(strip "$tmp/np${nps[0]}.txt") <(strip "$tmp/np$np.txt") ||
            { echo "FAIL: the printed analysis differs between ${nps[0]} and $np processes"; exit 1; }
    fi
done
echo "kikan $command: identical ${groups[*]} and printed tables for ${nps[*]} processes"
