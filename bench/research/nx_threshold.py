#!/usr/bin/env python3
"""Watts threshold cascades in NetworkX, the same rules as `kikan threshold`:
a vertex of degree k fails once >= phi*k of its neighbours failed; one
uniformly drawn seed per replicate; report the mean failed fraction and the
share of replicates above 10% of N. (Python's random module, so the numbers
agree with kikan's only statistically.)

usage: nx_threshold.py EDGELIST N PHI REPS SEED
"""
import math
import random
import sys
import time
from collections import deque
import networkx as nx

def cascade(g, deg, need, seed):
    failed = {seed}
    count = {}
    q = deque([seed])
    while q:
        v = q.popleft()
        for w in g.neighbors(v):
            if w in failed:
                continue
            count[w] = count.get(w, 0) + 1
            if count[w] >= need[w]:
                failed.add(w)
                q.append(w)
    return len(failed)

def main():
    path, n, phi, reps, seed = (sys.argv[1], int(sys.argv[2]), float(sys.argv[3]),
                                int(sys.argv[4]), int(sys.argv[5]))
    t0 = time.perf_counter()
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from((int(a), int(b)) for a, b in
                     (line.split("#")[0].split() for line in open(path)
                      if line.split("#")[0].strip()) if a != b)
    need = {v: max(1, math.ceil(phi * g.degree(v) * (1 - 1e-12))) for v in g}
    rng = random.Random(seed)
    sizes = [cascade(g, None, need, rng.randrange(n)) for _ in range(reps)]
    t1 = time.perf_counter()
    mean = sum(sizes) / reps / n
    glob = sum(1 for s in sizes if s > 0.1 * n) / reps
    print(f"mean_fraction {mean!r}\nglobal_probability {glob!r}")
    print(f"seconds {t1 - t0:.3f}", file=sys.stderr)

main()
