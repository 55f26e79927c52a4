#!/usr/bin/env python3
"""Run every Python code block of README.md and docs/*.md against fresh results.

    run_snippets.py KIKAN SOURCE_DIR WORK_DIR

Run by tests/test_docs.c. Writes, with the kikan binary KIKAN, the result
files the documentation names, into WORK_DIR:

* results.h5 and out/default.h5: `kikan run scenarios/library/default.yaml`
  (8 replicates: the snippets read names and shapes, not statistics), with
  its CSV tables in csv/ (`--csv csv`);
* scope.h5: `kikan scope scenarios/library/tiny.yaml` (a complete /scope),
  with its CSV tables in scope_csv/ (`--csv scope_csv`);

then runs each ```python block in its own interpreter with WORK_DIR as the
working directory (matplotlib draws off-screen), and `docs/example_plot.py`
on results.h5 - checking that its figure is small multiples, one panel per
sector, each with its own y-axis. A block is meant to run unless the line
before its opening fence is `<!-- not run -->`. Prints one line per block and
the traceback of each failure; exit 0 when every block succeeds.
"""
import os
import re
import subprocess
import sys


def blocks(path):
    """(line, code) of each ```python block meant to run."""
    out = []
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        if lines[i].strip() == "```python":
            skip = i > 0 and lines[i - 1].strip() == "<!-- not run -->"
            start = i + 1
            j = start
            while j < len(lines) and lines[j].strip() != "```":
                j += 1
            if not skip:
                out.append((start, "\n".join(lines[start:j]) + "\n"))
            i = j
        i += 1
    return out


def run(cmd, cwd):
    r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"setup failed: {' '.join(cmd)}\n{r.stdout}{r.stderr}")


def main(kikan, src, work):
    os.makedirs(os.path.join(work, "out"), exist_ok=True)
    default = os.path.join(src, "scenarios/library/default.yaml")
    tiny = os.path.join(src, "scenarios/library/tiny.yaml")
    os.makedirs(os.path.join(work, "csv"), exist_ok=True)
    run([kikan, "run", default, "--replicates", "8", "--quiet", "-o", "results.h5",
         "--csv", "csv"], work)
    os.link(os.path.join(work, "results.h5"), os.path.join(work, "out/default.h5"))
    os.makedirs(os.path.join(work, "scope_csv"), exist_ok=True)
    run([kikan, "scope", tiny, "--replicates", "8", "--quiet", "-o", "scope.h5",
         "--csv", "scope_csv"], work)

    docs = [os.path.join(src, "README.md")]
    docs += sorted(
        os.path.join(src, "docs", f) for f in os.listdir(os.path.join(src, "docs")) if f.endswith(".md")
    )
    env = dict(os.environ, MPLBACKEND="Agg", PYTHONWARNINGS="ignore")
    failed = 0
    total = 0
    for doc in docs:
        for line, code in blocks(doc):
            total += 1
            where = f"{os.path.relpath(doc, src)}:{line}"
            r = subprocess.run([sys.executable, "-c", code], cwd=work, env=env, capture_output=True, text=True)
            if r.returncode == 0:
                print(f"ok   {where}")
            else:
                failed += 1
                print(f"FAIL {where}\n{r.stderr}")

    # the example plot: small multiples, one panel per sector, each with its own y-axis
    total += 1
    check = f"""
import importlib.util, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import xarray as xr
spec = importlib.util.spec_from_file_location("example_plot", {os.path.join(src, "docs/example_plot.py")!r})
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)
fig = mod.main("results.h5", "curves.png")
n = xr.open_dataset("results.h5", group="replicates", engine="h5netcdf").sizes["sector"]
axes = [a for a in fig.axes if a.has_data()]
assert len(axes) == n, f"{{len(axes)}} panels for {{n}} sectors"
titles = sorted(a.get_title() for a in axes)
assert len(set(titles)) == n, titles
shared = [a for a in axes if len(a.get_shared_y_axes().get_siblings(a)) > 1]
assert not shared, "panels share a y-axis"
w, h = fig.get_size_inches()
assert 0.5 <= w / h <= 2.5, f"aspect {{w:.1f}} x {{h:.1f}} in"
assert all(a.get_ylabel() for a in axes), "a panel without a y label"
"""
    r = subprocess.run([sys.executable, "-c", check], cwd=work, env=env, capture_output=True, text=True)
    if r.returncode == 0 and os.path.getsize(os.path.join(work, "curves.png")) > 10000:
        print("ok   docs/example_plot.py (one panel per sector, own y-axes)")
    else:
        failed += 1
        print(f"FAIL docs/example_plot.py\n{r.stderr}")
    print(f"{total - failed} of {total} documented Python examples ran")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
