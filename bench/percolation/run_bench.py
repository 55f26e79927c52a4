#!/usr/bin/python3
"""Benchmark kikan's interdependent-percolation cascade against graph-tool and
NetworkX on the same files, and time the 101-point mu(p) sweep.

1. kikan writes two coupled ER graphs (N, <k>) and the removed A vertices
   for p (replicate 0 of --seed) with --write-graphs;
2. each repeat runs, one after another on one thread: kikan on the files
   (repairing kernel), kikan --full-search (plain C, every component
   relabelled every step), the graph-tool script, and the NetworkX script
   (only while N <= --networkx-max-n: it needs minutes at N = 10^6);
   every tool must report the same mu and number of rounds;
3. the sweep: kikan percolate --er N --k K --sweep 0:1:0.01 on 2 threads.
The machine is shared: times are the minimum (and median) over the repeats.
Usage: bench/percolation/run_bench.py [--n 1000000] [--repeats 5] [--kikan PATH]"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PY = "/usr/bin/python3"  # the Debian interpreter that has python3-graph-tool


def run_json(cmd):
    t0 = time.perf_counter()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    wall = time.perf_counter() - t0
    doc = json.loads(out)
    doc["wall_seconds"] = wall
    return doc


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000000)
    ap.add_argument("--k", type=float, default=4.0)
    ap.add_argument("--p", type=float, default=0.7)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--kikan", default="build/release/kikan")
    ap.add_argument("--dir", default="/tmp/kikan-bench-perc")
    ap.add_argument("--networkx-max-n", type=int, default=100000)
    ap.add_argument("--no-sweep", action="store_true")
    a = ap.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    prefix = os.path.join(a.dir, f"er{a.n}")
    subprocess.run([a.kikan, "percolate", "--er", str(a.n), "--k", str(a.k), "--p", str(a.p),
                    "--seed", str(a.seed), "--threads", "1", "--write-graphs", prefix],
                   check=True, capture_output=True)
    files = ["--graph-a", prefix + "-a.edges", "--graph-b", prefix + "-b.edges",
             "--n", str(a.n), "--initial-failures", prefix + "-failures.txt"]
    tools = {
        "kikan": [a.kikan, "percolate"] + files + ["--threads", "1", "--json"],
        "kikan --full-search": [a.kikan, "percolate"] + files +
                               ["--threads", "1", "--json", "--full-search"],
        "kikan (generating ER)": [a.kikan, "percolate", "--er", str(a.n), "--k", str(a.k),
                                  "--p", str(a.p), "--seed", str(a.seed), "--threads", "1",
                                  "--json"],
        "graph-tool": [PY, os.path.join(HERE, "gt_cascade.py")] + files,
    }
    if a.n <= a.networkx_max_n:
        tools["networkx"] = [PY, os.path.join(HERE, "nx_cascade.py")] + files
    results = {name: [] for name in tools}
    for r in range(a.repeats):
        for name, cmd in tools.items():
            doc = run_json(cmd)
            results[name].append(doc)
            print(f"repeat {r} {name:22s} mu={doc['mu']:.6f} rounds={doc['rounds']} "
                  f"cascade={doc['cascade_seconds']:.3f}s wall={doc['wall_seconds']:.3f}s",
                  file=sys.stderr)
    mus = {(round(d["mu"], 12), round(d["rounds"], 6)) for docs in results.values()
           for d in docs}
    print(f"N = {a.n}, <k> = {a.k}, p = {a.p}, seed = {a.seed}, repeats = {a.repeats}")
    print(f"mu, rounds identical across tools: {len(mus) == 1} {sorted(mus)}")
    print(f"{'tool':24s} {'cascade wall':>12s} {'cascade CPU':>12s} {'process wall':>13s}"
          "   (minimum over repeats; median wall in brackets)")
    best, best_cpu = {}, {}
    for name, docs in results.items():
        c = [d["cascade_seconds"] for d in docs]
        u = [d["cascade_cpu_seconds"] for d in docs]
        w = [d["wall_seconds"] for d in docs]
        best[name], best_cpu[name] = min(c), min(u)
        print(f"{name:24s} {min(c):11.3f}s {min(u):11.3f}s {min(w):12.3f}s"
              f"   [{statistics.median(c):.3f}s]")
    for peer in ("kikan --full-search", "graph-tool", "networkx"):
        if peer in best:
            print(f"kikan's cascade is {best[peer] / best['kikan']:.1f}x faster than {peer} "
                  f"(wall), {best_cpu[peer] / best_cpu['kikan']:.1f}x (CPU)")
    if not a.no_sweep:
        cmd = [a.kikan, "percolate", "--er", str(a.n), "--k", str(a.k), "--sweep", "0:1:0.01",
               "--seed", str(a.seed), "--threads", "2", "--json"]
        sw = [run_json(cmd) for _ in range(max(1, min(a.repeats, 3)))]
        print(f"101-point sweep, 2 threads: process wall min "
              f"{min(d['wall_seconds'] for d in sw):.2f}s, cascades wall min "
              f"{min(d['cascade_seconds'] for d in sw):.2f}s, cascades CPU (both threads) min "
              f"{min(d['cascade_cpu_seconds'] for d in sw):.2f}s, p_c = {sw[0]['p_c']:.3f}")
    print(f"load average at the end: {os.getloadavg()}")
    return 0 if len(mus) == 1 else 1


if __name__ == "__main__":
    sys.exit(main())
