#!/bin/sh
# kikan load / threshold against NetworkX on the same graphs; prints the
# minimum wall time of several runs of each (the machine is shared, so the
# minimum is the least disturbed run). Needs a release build (build/release)
# and python3 with networkx.
#   usage: bench/research/run.sh [KIKAN_REPEATS] [NX_REPEATS]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
kikan=${KIKAN:-$root/build/release/kikan}
rk=${1:-5}
rn=${2:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$root/bench/research/make_graphs.py" "$work"

# best_of N CMD...: run N times, print the minimum wall seconds, keep last stdout
best_of() {
    n=$1; shift
    best=""
    i=0
    while [ "$i" -lt "$n" ]; do
        s=$(date +%s.%N)
        "$@" >"$work/out" 2>/dev/null
        e=$(date +%s.%N)
        t=$(echo "$e - $s" | bc -l)
        if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
        i=$((i + 1))
    done
    printf '%.3f' "$best"
}

echo "== Motter-Lai: BA N=2000 m=2, alpha 0.2, attack highest"
for t in 1 2; do
    tk=$(best_of "$rk" "$kikan" load --graph "$work/ba2000.txt" --n 2000 --alpha 0.2 --attack highest --threads "$t")
    echo "kikan load --threads $t: ${tk} s  ($(tr '\n' ' ' <"$work/out"))"
done
tn=$(best_of "$rn" python3 "$root/bench/research/nx_load.py" "$work/ba2000.txt" 2000 0.2 highest)
echo "networkx nx_load.py:    ${tn} s  ($(tr '\n' ' ' <"$work/out"))"

echo "== Watts: ER N=10000 z=4, phi 0.18, 1000 replicates"
for t in 1 2; do
    tk=$(best_of "$rk" "$kikan" threshold --graph "$work/er10000.txt" --n 10000 --phi 0.18 --reps 1000 --seed 1 --threads "$t")
    echo "kikan threshold --threads $t: ${tk} s  ($(tr '\n' ' ' <"$work/out"))"
done
tn=$(best_of "$rn" python3 "$root/bench/research/nx_threshold.py" "$work/er10000.txt" 10000 0.18 1000 1)
echo "networkx nx_threshold.py:     ${tn} s  ($(tr '\n' ' ' <"$work/out"))"
