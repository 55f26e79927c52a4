#!/usr/bin/env python3
"""Check a kikan results file from Python, as a researcher would open it.

Run by tests/test_output.c on the file its fixture wrote (closed-form values,
see make_results there):  check_h5.py FILE [--json INFO_JSON] [--plot OUT.png]

* h5py: root and provenance attributes (str, not bytes), the network tables
  with named fields, dimension labels and a `units` attribute on every dataset;
* xarray with the h5netcdf and the netcdf4 engine: /timeseries, /replicates and
  /statistics open with named dimensions and labelled coordinates, values equal
  the closed forms exactly, and the statistics agree with numpy's own
  reductions of the per-replicate arrays;
* the JSON of `kikan info --json` parses and agrees with the file;
* with --plot, docs/example_plot.py runs on the file (in this interpreter, to
  pay Python's start-up once) and writes OUT.png.
Exit 0 when all checks pass; 1 with one line per failure otherwise.
"""
import importlib.util
import json
import math
import os
import sys

import h5py
import numpy as np
import xarray as xr

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def main():
    path = sys.argv[1]
    info_json = sys.argv[sys.argv.index("--json") + 1] if "--json" in sys.argv else None

    # ---- h5py ---------------------------------------------------------------------------
    with h5py.File(path, "r") as f:
        check(f.attrs["kikan_schema"] == "kikan-results", "root kikan_schema")
        check(int(f.attrs["schema_version"]) == 2, "root schema_version")
        check(isinstance(f.attrs["kikan_version"], str), "kikan_version is str")
        prov = f["provenance"].attrs
        check(int(prov["seed"]) == 18446744073709551557, "seed as uint64")
        check("日本語" in prov["scenario_text"], "scenario text UTF-8")
        check(prov["scenario_name"] == 'テスト scenario, "quoted"', "scenario name")
        check(int(prov["threads"]) == 3 and int(prov["processes"]) == 2, "threads/processes")
        for key in ("host", "started", "finished", "tables_checksum", "scenario_path"):
            check(isinstance(prov[key], str), f"provenance {key} is str")

        net = f["network"]
        # schema 2: the big tables hold int32 indices into one string table per id space
        strings = net["strings"]
        for space in ("sector", "operator", "asset", "kind", "region", "resource", "group",
                      "vendor", "class", "contractor", "repair_dist"):
            check(space in strings, f"/network/strings/{space}")
        assets = net["assets"]
        check(assets.dtype.names[:4] == ("operator", "sector", "kind", "region"), "assets fields")
        check(assets.dtype["operator"] == np.int32, "assets.operator is int32")
        check(len(assets) == 4, "4 assets")
        check(assets["customers"][3] == 4000.0, "asset customers")
        ids = list(strings["asset"].asstr()[:])
        check(ids == ["sub-1", "sub-2", "bts-1", "bts-2"], f"asset ids {ids}")
        sector_ids = list(strings["sector"].asstr()[:])
        check([sector_ids[i] for i in assets["sector"]] == ["power", "power", "telecom", "telecom"],
              "assets.sector indexes strings/sector")
        dists = list(strings["repair_dist"].asstr()[:])
        check(dists == ["fixed", "exponential", "uniform", "lognormal", "gamma"], f"dists {dists}")
        sectors = net["sectors"]
        names = [x.decode() for x in sectors["name"]]
        check(names == ["電力", "Telecom"], f"sector names {names}")
        deps = net["dependencies"]
        labels = list(strings["group"].asstr()[:])
        groups = [labels[g] if g >= 0 else "" for g in deps["group"]]
        check(groups == ["feed", "feed", ""], f"dependency groups {groups}")
        check(list(deps["k"]) == [1, 1, 1] and list(deps["n"]) == [2, 2, 1], "k of n")
        m = net["operator_metrics"]
        check(m.shape == (2, 2), "operator_metrics shape")
        check([d.label for d in m.dims] == ["operator", "metric"], "operator_metrics labels")
        check(list(net["metric"].asstr()[:]) == ["customers", "capacity_mw"], "metric names")
        check(m[0, 0] == 2.385e6 and math.isnan(m[1, 1]), "operator metric values")
        for t in ("sectors", "operators", "assets", "dependencies", "installations", "vendors"):
            check(t in net, f"/network/{t}")

        co = f["timeseries/customers_off"]
        check([d.label for d in co.dims] == ["whatif", "replicate", "sector", "time"],
              "customers_off dimension labels")
        check(co.compression == "gzip" and co.chunks is not None, "customers_off chunked+gzip")

        missing_units = []

        def visit(name, obj):
            if isinstance(obj, h5py.Dataset) and "units" not in obj.attrs:
                missing_units.append(name)

        f.visititems(visit)
        check(not missing_units, f"datasets without units: {missing_units}")
        check(f["scope"].attrs["status"].startswith("empty"), "/scope placeholder")

    # ---- xarray, both engines ------------------------------------------------------------
    for engine in ("h5netcdf", "netcdf4"):
        root = xr.open_dataset(path, engine=engine)
        check(root.attrs.get("kikan_schema") == "kikan-results", f"{engine}: root attributes")
        root.close()
        ts = xr.open_dataset(path, group="timeseries", engine=engine, decode_timedelta=False)
        rp = xr.open_dataset(path, group="replicates", engine=engine)
        st = xr.open_dataset(path, group="statistics", engine=engine)
        co = ts["customers_off"]
        check(co.dims == ("whatif", "replicate", "sector", "time"), f"{engine}: dims {co.dims}")
        check(co.attrs.get("units") == "customers", f"{engine}: customers_off units")
        check(ts["time"].attrs.get("units") == "hours", f"{engine}: time units")
        check(ts["mean"].dims == ("whatif", "sector", "time"), f"{engine}: mean dims")
        W, R, S, G = co.shape
        sectors = [str(s) for s in ts["sector"].values]
        check(sectors == ["power", "telecom", "rail", "aviation"][:S], f"{engine}: sectors")
        whatifs = [str(w) for w in ts["whatif"].values]
        check(whatifs[1] == '停電 "blackout", east\n(2)', f"{engine}: what-if names")
        check(np.array_equal(ts["time"].values, 1.5 * np.arange(G)), f"{engine}: time values")
        check(np.array_equal(ts["replicate"].values, np.arange(R)), f"{engine}: replicate")

        w = np.arange(W)[:, None, None, None]
        r = np.arange(R, dtype=float)[None, :, None, None]
        s = np.arange(S)[None, None, :, None]
        g = np.arange(G)[None, None, None, :]
        expect = 2.385 * (w + 1) + 0.5 * r + 10.0 * s + 0.125 * g
        check(np.array_equal(co.values, expect), f"{engine}: customers_off values")
        w3, r3, s3 = w[..., 0], r[..., 0], s[..., 0]
        ch = 1000.0 * (s3 + 1) + 2.385 * r3 + 0.25 * w3
        check(np.array_equal(rp["customer_hours"].values, ch), f"{engine}: customer_hours")
        check(rp["customer_hours"].dims == ("whatif", "replicate", "sector"),
              f"{engine}: customer_hours dims")
        check(rp["ops_affected"].dims == ("whatif", "replicate", "sector", "size_class"),
              f"{engine}: ops_affected dims")
        check(list(rp["size_class"].values) == ["sme", "medium", "large", "very_large"],
              f"{engine}: size classes")
        check(rp["econ_loss"].attrs.get("units") == "JPY", f"{engine}: econ units")
        check(bool(np.isnan(rp["econ_loss"].values[1]).all()), f"{engine}: NaN econ")

        # the ensemble statistics agree with numpy's reductions of the replicates
        stat = st["customer_hours"]
        check(stat.dims == ("whatif", "sector", "statistic"), f"{engine}: statistics dims")
        mean = stat.sel(statistic="mean").values
        check(np.allclose(mean, rp["customer_hours"].mean("replicate").values, rtol=1e-12),
              f"{engine}: mean")
        for q, name in ((0.05, "q05"), (0.5, "q50"), (0.95, "q95")):
            ref = np.quantile(rp["peak_customers"].values, q, axis=1)
            got = st["peak_customers"].sel(statistic=name).values
            check(np.allclose(got, ref, rtol=1e-12), f"{engine}: {name}")
        sd = st["customer_hours"].sel(statistic="sd").values
        check(np.allclose(sd, rp["customer_hours"].std("replicate", ddof=1).values, rtol=1e-9),
              f"{engine}: sd")
        check(np.allclose(ts["mean"].values, co.mean("replicate").values, rtol=1e-12),
              f"{engine}: curve mean")
        for ds in (ts, rp, st):
            ds.close()

    # ---- the JSON of kikan info --json ----------------------------------------------------
    if info_json:
        with open(info_json, encoding="utf-8") as fh:
            doc = json.load(fh)
        check(doc["seed"] == 18446744073709551557, "json seed")
        check(doc["scenario"]["name"] == 'テスト scenario, "quoted"', "json scenario name")
        check(doc["synthetic"] is True, "json synthetic")
        check(doc["whatifs"][1]["name"] == '停電 "blackout", east\n(2)', "json what-if name")
        check(doc["whatifs"][1]["econ_loss_jpy"]["mean"] is None, "json NaN is null")
        with h5py.File(path, "r") as f:
            mean00 = f["statistics/customer_hours"][0, 0, 0]
            R = f["replicates/replicate"].shape[0]
        check(doc["replicates"] == R, "json replicates")
        check(doc["whatifs"][0]["sectors"][0]["customer_hours"]["mean"] == mean00,
              "json mean equals the file (%.17g round trip)")

    if "--plot" in sys.argv:
        png = sys.argv[sys.argv.index("--plot") + 1]
        here = os.path.dirname(os.path.abspath(__file__))
        script = os.path.join(here, "..", "..", "docs", "example_plot.py")
        spec = importlib.util.spec_from_file_location("example_plot", script)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.main(path, png)
        check(os.path.getsize(png) > 1000, "example_plot.py wrote a PNG")

    for msg in failures:
        print("FAIL:", msg)
    if not failures:
        print("check_h5.py: all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
