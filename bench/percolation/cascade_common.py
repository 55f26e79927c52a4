"""Shared by the peer scripts: read kikan's edge-list / id-list files and run
the Buldyrev cascade in exactly kikan's order (A, B, A, B, ... a step only when
the network lost something; rounds = number of A steps), so that mu and rounds
can be compared exactly. Full coupling (q = 1) only."""
import argparse
import json
import sys
import time

import numpy as np


def read_ids(path, per_line):
    """Read whitespace-separated ids, '#' comments allowed (file reading is not timed)."""
    with open(path) as f:
        text = "".join(line.split("#", 1)[0] + "\n" for line in f)
    ids = np.array(text.split(), dtype=np.int64)
    if per_line == 2:
        ids = ids.reshape(-1, 2)
    return ids


def args(tool):
    ap = argparse.ArgumentParser(description=f"Buldyrev cascade with {tool} on kikan's files")
    ap.add_argument("--graph-a", required=True)
    ap.add_argument("--graph-b", required=True)
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--initial-failures", required=True)
    return ap.parse_args()


def cascade(n, removed, step_a, step_b):
    """step_x(alive_mask, lost_since_last) -> vertices lost now (keeps the giant).
    alive masks are numpy bool arrays owned here; steps update them in place."""
    alive_a = np.ones(n, dtype=bool)
    alive_b = np.ones(n, dtype=bool)
    removed = np.unique(removed)
    alive_a[removed] = False
    pend_a = removed
    rounds = 1
    pend_a = np.concatenate([pend_a, step_a(alive_a, pend_a)])
    kill = pend_a[alive_b[pend_a]]
    alive_b[kill] = False
    pend_b = np.concatenate([kill, step_b(alive_b, kill)])
    pend_a = pend_b[alive_a[pend_b]]
    alive_a[pend_a] = False
    while len(pend_a) > 0:
        pend_a = np.concatenate([pend_a, step_a(alive_a, pend_a)])
        rounds += 1
        kill = pend_a[alive_b[pend_a]]
        alive_b[kill] = False
        if len(kill) == 0:
            break
        pend_b = np.concatenate([kill, step_b(alive_b, kill)])
        pend_a = pend_b[alive_a[pend_b]]
        alive_a[pend_a] = False
    return int(alive_a.sum()), int(alive_b.sum()), rounds


def report(tool, version, n, giant_a, giant_b, rounds, load_s, cascade_s, cascade_cpu_s):
    json.dump({"tool": tool, "version": version, "n": n, "mu": giant_a / n if n else 0.0,
               "giant_a": giant_a, "giant_b": giant_b, "rounds": rounds,
               "load_seconds": round(load_s, 6), "cascade_seconds": round(cascade_s, 6),
               "cascade_cpu_seconds": round(cascade_cpu_s, 6)},
              sys.stdout)
    sys.stdout.write("\n")


def now():
    return time.perf_counter()


def cpu():
    """CPU time of this process (the peers run on one thread)."""
    return time.process_time()
