#!/usr/bin/env python3
"""Check `kikan scope --csv DIR` against the JSON of the same run (DIR/scope.json).

Every CSV: the header first (no comment line), its columns those provenance.json
lists with a unit each, impact columns named by the measure (impact_column);
row counts equal the JSON's arrays; the frontier's numbers equal the JSON's
exactly (both are %.17g). Prints one line per problem and exits 1 on any.
"""
import csv, json, math, os, sys

d = sys.argv[1]
js = json.load(open(os.path.join(d, "scope.json")))
prov = json.load(open(os.path.join(d, "provenance.json")))
bad = []


def check(cond, what):
    if not cond:
        bad.append(what)


def rows(name):
    path = os.path.join(d, name)
    with open(path, newline="") as f:
        text = f.read()
    check(not text.startswith("#") and "\n#" not in text, f"{name}: a comment line")
    r = list(csv.reader(text.splitlines()))
    cols = [c["name"] for c in prov["tables"][name]["columns"]]
    check(r[0] == cols, f"{name}: header {r[0]} != provenance {cols}")
    for c in prov["tables"][name]["columns"]:
        check("unit" in c, f"{name}: {c['name']} has no unit")
    for row in r[1:]:
        check(len(row) == len(cols), f"{name}: a row of {len(row)} fields, {len(cols)} columns")
    return r[0], r[1:]


stem = prov["impact_column"]
check(prov["measure"] == js["measure"] and prov["seed"] == js["seed"], "provenance: measure/seed")
check(prov["kikan_version"] == js["kikan_version"], "provenance: version")
expected = {
    "frontier.csv": len(js["frontier"]),
    "sweeps.csv": sum(len(c["rows"]) for c in js["criteria"]),
    "recommended_operators.csv": len(js["recommended"]["operators"]),
    "frontier_operators.csv": sum(len(p["adds"]) for p in js["frontier"]),
    "small_but_critical.csv": len(js["small_but_critical"]),
    "classes.csv": len(js["classes"]),
}
if "worst_remaining" in js:
    expected["worst_case.csv"] = len(js["frontier"])
check(sorted(prov["tables"]) == sorted(expected), f"tables {sorted(prov['tables'])}")
for name, n in expected.items():
    header, data = rows(name)
    check(len(data) == n, f"{name}: {len(data)} rows, the JSON has {n}")
    for h in header:
        unit = next(c["unit"] for c in prov["tables"][name]["columns"] if c["name"] == h)
        if unit == js["measure_unit"]:
            check(stem in h, f"{name}: impact column {h} not named by the measure ({stem})")

header, data = rows("frontier.csv")
ix = {h: i for i, h in enumerate(header)}


def num(s):
    return float(s) if s != "" else math.nan


for i, p in enumerate(js["frontier"]):
    row = data[i]
    check(int(row[ix["point"]]) == i, "frontier: point")
    check(int(row[ix["operators_regulated"]]) == p["operators_regulated"], "frontier: operators")
    check(num(row[ix[f"removed_{stem}_mean"]]) == p["impact_removed"], f"frontier {i}: removed")
    check(num(row[ix["removed_share"]]) == p["share"], f"frontier {i}: share")
    check(int(row[ix["recommended"]]) == (i == js["recommended"]["point"]), "frontier: recommended")
    for key, thr in p["thresholds"].items():
        cols = [h for h in header if h.startswith("threshold_" + key.split("/")[0] + "_")]
        check(len(cols) >= 1, f"frontier: no threshold column for {key}")
        if thr is None:
            check(any(row[ix[c]] == "" for c in cols), f"frontier {i}: {key} none")
        else:
            check(any(num(row[ix[c]]) == thr for c in cols), f"frontier {i}: {key} {thr}")
rec = [r[0] for r in rows("recommended_operators.csv")[1]]
check(rec == [o["id"] for o in js["recommended"]["operators"]], "recommended operators differ")

for b in bad:
    print(b)
print(f"checked {len(expected)} tables, {len(bad)} problems")
sys.exit(1 if bad else 0)
