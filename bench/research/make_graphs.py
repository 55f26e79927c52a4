#!/usr/bin/env python3
"""Write the benchmark graphs as kikan edge lists (one 'u v' per line).

ba2000.txt : Barabasi-Albert, N = 2000, m = 2 (scale-free, as in Motter & Lai's
             heterogeneous networks), NetworkX seed 20261125.
er10000.txt: Erdos-Renyi G(N, M), N = 10000, z = 4 (inside Watts' window for
             phi = 0.18), NetworkX seed 20261125.
"""
import sys
import networkx as nx

def write(g, path):
    with open(path, "w") as f:
        f.write(f"# {g.number_of_nodes()} vertices, {g.number_of_edges()} edges\n")
        for u, v in g.edges():
            f.write(f"{u} {v}\n")

out = sys.argv[1] if len(sys.argv) > 1 else "."
write(nx.barabasi_albert_graph(2000, 2, seed=20261125), f"{out}/ba2000.txt")
write(nx.gnm_random_graph(10000, 20000, seed=20261125), f"{out}/er10000.txt")
