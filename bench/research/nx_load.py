#!/usr/bin/env python3
"""Motter-Lai load-redistribution cascade in NetworkX, the same rules as
`kikan load`: load = unnormalised shortest-path betweenness (endpoints
excluded, undirected), capacity (1 + alpha) L(0), remove the attacked vertex,
recompute loads on the survivors, remove every vertex with L > C (1 + 1e-12)
at once, repeat; print failed and giant / N.

usage: nx_load.py EDGELIST N ALPHA (highest|vertex:ID)
"""
import sys
import time
import networkx as nx

def main():
    path, n, alpha, attack = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
    t0 = time.perf_counter()
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from((int(a), int(b)) for a, b in
                     (line.split("#")[0].split() for line in open(path)
                      if line.split("#")[0].strip()) if a != b)
    load0 = nx.betweenness_centrality(g, normalized=False)
    cap = {v: (1.0 + alpha) * load0[v] * (1.0 + 1e-12) for v in g}
    if attack == "highest":
        best = max(load0.values())
        target = min(v for v in g if load0[v] >= best * (1.0 - 1e-12))
    else:
        target = int(attack.split(":")[1])
    g.remove_node(target)
    failed, rounds = 1, 0
    while True:
        load = nx.betweenness_centrality(g, normalized=False)
        over = [v for v in g if load[v] > cap[v]]
        if not over:
            break
        g.remove_nodes_from(over)
        failed += len(over)
        rounds += 1
    giant = max((len(c) for c in nx.connected_components(g)), default=0)
    t1 = time.perf_counter()
    print(f"attacked {target}\nfailed {failed}\nrounds {rounds}\ngiant {giant / n!r}")
    print(f"seconds {t1 - t0:.3f}", file=sys.stderr)

main()
