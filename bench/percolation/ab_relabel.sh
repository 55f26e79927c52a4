#!/bin/sh
# The relabelling experiment of issue 17, item 5 (bench/README.md, "third
# pass"): the kernel KERNEL.c as it is (A) against a copy of it whose
# propagate() goes through the permutations between two graphs relabelled
# each in its own BFS order (B), whole cascades alternated in one process.
# Needs the release build (build/release/libkikan.a).
# Usage: bench/percolation/ab_relabel.sh KERNEL.c REPEATS P [P ...]
#   e.g. bench/percolation/ab_relabel.sh models/research/percolation.c 9 0.7 1.0 0.62 0.4
set -eu
K=$1
shift
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cp "$K" "$T/A.c"
# the prototype: partners through proto_a2b / proto_b2a (full coupling only)
python3 - "$K" "$T/B.c" <<'PY'
import sys
s = open(sys.argv[1]).read()
old = """static void propagate(const uint8_t *coupled, layer_t *from, layer_t *to)
{
    for (kikan_id_t i = 0; i < from->npend; i++) {
        kikan_id_t v = from->pend[i];
"""
new = """const kikan_id_t *proto_a2b, *proto_b2a;
static void propagate(const uint8_t *coupled, layer_t *from, layer_t *to)
{
    for (kikan_id_t i = 0; i < from->npend; i++) {
        kikan_id_t v = from->is_b ? proto_b2a[from->pend[i]] : proto_a2b[from->pend[i]];
"""
for o, nw in ((old, new), ("    int tree_ok;\n", "    int tree_ok;\n    int is_b;\n"),
              ("    layer_t *A = &ws->a, *B = &ws->b;\n",
               "    layer_t *A = &ws->a, *B = &ws->b;\n    B->is_b = 1;\n")):
    if o not in s:
        sys.exit("ab_relabel.sh: the kernel no longer has the code this patch expects")
    s = s.replace(o, nw, 1)
open(sys.argv[2], "w").write(s)
PY
for v in A B; do
    gcc -O3 -std=c17 -fopenmp -Iinclude -I. -c -o "$T/$v.o" "$T/$v.c"
    keep=""
    [ $v = B ] && keep="--keep-global-symbol=proto_a2b --keep-global-symbol=proto_b2a"
    # shellcheck disable=SC2086
    objcopy --redefine-sym kikan_perc_ws_new=${v}_kikan_perc_ws_new \
        --redefine-sym kikan_perc_cascade=${v}_kikan_perc_cascade \
        --keep-global-symbol=${v}_kikan_perc_ws_new --keep-global-symbol=${v}_kikan_perc_cascade \
        $keep "$T/$v.o"
done
gcc -O3 -std=c17 -fopenmp -Iinclude -o "$T/ab" bench/percolation/ab_relabel_main.c "$T/A.o" "$T/B.o" \
    build/release/libkikan.a -ligraph -lgsl -lgslcblas -lm -lyaml -lhdf5_serial -lhdf5_serial_hl
"$T/ab" "$@"
