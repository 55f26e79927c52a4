#!/usr/bin/python3
"""The Buldyrev cascade with graph-tool (Debian python3-graph-tool), one thread:
each step keeps the largest component of a vertex-filtered GraphView
(label_largest_component), the idiomatic graph-tool way. Prints one JSON line
with mu, rounds and cascade_seconds (graph construction and file reading
excluded). Usage: gt_cascade.py --graph-a A --graph-b B --n N --initial-failures F"""
import graph_tool.all as gt
import numpy as np

import cascade_common as cc


def main():
    a = cc.args("graph-tool")
    t0 = cc.now()
    gt.openmp_set_num_threads(1)
    graphs = []
    for path in (a.graph_a, a.graph_b):
        g = gt.Graph(directed=False)
        g.add_vertex(a.n)
        g.add_edge_list(cc.read_ids(path, 2))
        graphs.append(g)
    removed = cc.read_ids(a.initial_failures, 1)
    t1 = cc.now()
    c1 = cc.cpu()

    def stepper(g):
        filt = g.new_vertex_property("bool")

        def step(alive, _lost):
            filt.a[:] = alive
            view = gt.GraphView(g, vfilt=filt)
            giant = gt.label_largest_component(view).a.astype(bool)
            lost = np.nonzero(alive & ~giant)[0]
            alive[lost] = False
            return lost
        return step

    ga, gb, rounds = cc.cascade(a.n, removed, stepper(graphs[0]), stepper(graphs[1]))
    t2 = cc.now()
    c2 = cc.cpu()
    cc.report("graph-tool", gt.__version__.split()[0], a.n, ga, gb, rounds, t1 - t0, t2 - t1, c2 - c1)


if __name__ == "__main__":
    main()
