#!/usr/bin/python3
"""The Buldyrev cascade with NetworkX (Debian python3-networkx): each step
removes the lost vertices from a mutable copy of the graph and keeps the
largest of nx.connected_components. Prints one JSON line like gt_cascade.py.
Usage: nx_cascade.py --graph-a A --graph-b B --n N --initial-failures F"""
import networkx as nx
import numpy as np

import cascade_common as cc


def main():
    a = cc.args("networkx")
    t0 = cc.now()
    graphs = []
    for path in (a.graph_a, a.graph_b):
        g = nx.Graph()
        g.add_nodes_from(range(a.n))
        g.add_edges_from(map(tuple, cc.read_ids(path, 2).tolist()))
        graphs.append(g)
    removed = cc.read_ids(a.initial_failures, 1)
    t1 = cc.now()
    c1 = cc.cpu()

    def stepper(g):
        def step(alive, lost_before):
            g.remove_nodes_from(lost_before.tolist())
            if g.number_of_nodes() == 0:
                return np.array([], dtype=np.int64)
            giant = max(nx.connected_components(g), key=len)
            lost = np.fromiter((v for v in g if v not in giant), dtype=np.int64)
            g.remove_nodes_from(lost.tolist())
            alive[lost] = False
            return lost
        return step

    ga, gb, rounds = cc.cascade(a.n, removed, stepper(graphs[0]), stepper(graphs[1]))
    t2 = cc.now()
    c2 = cc.cpu()
    cc.report("networkx", nx.__version__, a.n, ga, gb, rounds, t1 - t0, t2 - t1, c2 - c1)


if __name__ == "__main__":
    main()
