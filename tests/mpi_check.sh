#!/usr/bin/env bash
# Bit-identity across process counts: the same scenario and seed run in one
# process and in two MPI processes (mpirun -np 2, on one machine) must give
# identical per-replicate results, curves and statistics. Provenance (times,
# process count) differs by design and is not compared.
set -euo pipefail
kikan=$1
src=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mpirun=(mpirun --oversubscribe)
if [ "$(id -u)" = 0 ]; then mpirun+=(--allow-run-as-root); fi
args=(run "$src/scenarios/library/tiny.yaml" --replicates 301 --seed 2385 --quiet --threads 1)
"${mpirun[@]}" -np 1 "$kikan" "${args[@]}" -o "$tmp/np1.h5" >/dev/null
"${mpirun[@]}" -np 2 "$kikan" "${args[@]}" -o "$tmp/np2.h5" >/dev/null
"${mpirun[@]}" -np 3 "$kikan" "${args[@]}" -o "$tmp/np3.h5" >/dev/null
h5dump -a /provenance/processes "$tmp/np2.h5" | grep -q '(0): 2' || { echo "np2 file does not record 2 processes"; exit 1; }
for n in 2 3; do
  for g in /replicates /timeseries /statistics /attribution /regions; do
    if ! h5diff -q "$tmp/np1.h5" "$tmp/np$n.h5" "$g" "$g"; then
      echo "FAIL: $g differs between 1 and $n processes"
      h5diff -r "$tmp/np1.h5" "$tmp/np$n.h5" "$g" "$g" | head -20
      exit 1
    fi
  done
done
# the scope analysis shares its simulations over the ranks: the same answer to the bit
sargs=(scope "$src/scenarios/library/tiny.yaml" --replicates 40 --stability 1 --bootstrap 50
       --quiet --threads 1 --json)
"${mpirun[@]}" -np 1 "$kikan" "${sargs[@]}" >"$tmp/scope1.json"
"${mpirun[@]}" -np 2 "$kikan" "${sargs[@]}" >"$tmp/scope2.json"
"${mpirun[@]}" -np 3 "$kikan" "${sargs[@]}" >"$tmp/scope3.json"
grep -q '"frontier"' "$tmp/scope1.json" || { echo "FAIL: no scope JSON from one process"; exit 1; }
for n in 2 3; do
  if ! cmp -s "$tmp/scope1.json" "$tmp/scope$n.json"; then
    echo "FAIL: kikan scope differs between 1 and $n processes"
    diff "$tmp/scope1.json" "$tmp/scope$n.json" | head -20
    exit 1
  fi
done
echo "mpi: 1, 2 and 3 processes give bit-identical results (301 replicates x 3 what-ifs; and the scope analysis)"
echo "1 passed, 0 failed"
