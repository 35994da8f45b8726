#!/usr/bin/python3
"""Builds a small synthetic `cscsim compare` output for testing analysis/report.py.

Usage: make_fixture.py DIR   (writes DIR/base.h5, DIR/v1.h5, DIR/v2.h5 and DIR/tables/)

The run files follow docs/output.md (/meta attributes and a few /series datasets of shape
(replicates, weeks, las)); the tables follow the CSV contract of `cscsim compare` (issue 4).
Values are random at full precision (written with %.17g as the C++ side does) and include the
awkward cases a report must survive: empty cells, a variant that never breaks even, intervals
that include zero and ones that do not, numbers above a million and below a thousandth.
"""
import csv
import datetime as dt
import json
import os
import sys

import h5py
import numpy as np

START = dt.date(2013, 4, 1)
# As analysis/compare.cpp writes them: spend components (the first three are not intervention
# spend), measure units, and ratio rows with no base/variant mean and no interval.
COMPONENTS = ["placements", "social_workers", "agency_workers", "adult_specialists",
              "administrators", "family_practitioners", "volunteers", "family_group_conference",
              "caseload_cap"]
METRICS = [("care_entries", "children"), ("days_in_care", "child-days"),
           ("cp_children", "children (mean)"), ("re_referrals", "children"),
           ("kept_at_home", "children")] + [("spend_" + c, "GBP") for c in COMPONENTS] + \
    [("spend_total", "GBP"), ("net_cost", "GBP"), ("cost_per_care_entry_avoided", "GBP per entry"),
     ("savings_per_pound", "GBP per GBP 1")]


def g(v):
    """A number as the C++ side writes it (%.17g); None is an empty cell."""
    return "" if v is None else "%.17g" % v


def fy_label(day):
    """Financial year (April-March) label of a date, e.g. FY2013-14."""
    y = day.year if day.month >= 4 else day.year - 1
    return f"FY{y}-{(y + 1) % 100:02d}"


def write_run(path, name, seed, replicates, weeks, complete=1, las=1):
    """A tiny run file in the documented layout (only what the report needs, plus two series)."""
    rng = np.random.default_rng(seed)
    with h5py.File(path, "w") as f:
        m = f.create_group("meta")
        toml = (f'name = "{name}"\n[[la]]\nname = "Medium LA"\nchildren = 80000\nteams = 16\n'
                'social_workers_per_team = 10.0\n'
                + ('' if name == "baseline" else '[interventions.adult_specialists]\nenabled = true\n'
                   'start_date = 2013-04-01\nunit_cost = 50000.0\nworkers_per_team = 3.0\n'))
        for k, v in dict(schema_version=1, scenario_name=name, scenario_toml=toml,
                         seed=seed, replicates=replicates, weeks=weeks, burn_in_weeks=52,
                         children=80000, las=las, la_names="Medium LA",
                         start_date=START.isoformat(), version="test", build_type="Release",
                         start_time="2024-01-01T00:00:00Z", wall_time_s=1.5, host="test",
                         threads=2, complete=complete).items():
            m.attrs[k] = v
        s = f.create_group("series")
        for metric, level in (("stock_looked_after", 600), ("stock_cp", 400)):
            d = s.create_dataset(metric, data=(level + rng.normal(0, 10, (replicates, weeks, las)))
                                 .astype("f4"))
            d.attrs["unit"], d.attrs["meaning"] = "children", metric


def make(root, variants=2, paired=True, weeks=120, replicates=5, seed=20130401):
    """Writes the fixture under root; returns (tables dir, base.h5, [variant .h5 paths])."""
    rng = np.random.default_rng(7)
    tables = os.path.join(root, "tables")
    os.makedirs(tables, exist_ok=True)
    names = ["baseline"] + [f"variant {i + 1}" for i in range(variants)]
    files = [os.path.join(root, f) for f in ["base.h5"] + [f"v{i + 1}.h5" for i in range(variants)]]
    for i, (n, p) in enumerate(zip(names, files)):
        write_run(p, n, seed if paired else seed + i, replicates, weeks)
    years = list(dict.fromkeys(fy_label(START + dt.timedelta(days=7 * w)) for w in range(weeks)))

    with open(os.path.join(tables, "differences.csv"), "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["variant", "metric", "period", "unit", "base_mean", "variant_mean",
                    "difference", "ci_low", "ci_high", "replicates", "paired", "note"])
        for vi, v in enumerate(names[1:]):
            total = {}
            for metric, unit in METRICS:
                scale = {"GBP": 2.5e6, "child-days": 4e4}.get(unit, 60.0)
                for period in years + ["horizon"]:
                    b = abs(rng.normal(scale, scale / 5))
                    d = rng.normal(-scale / 20, scale / 20)
                    half = abs(rng.normal(scale / 25, scale / 100))
                    if metric == "savings_per_pound":  # a ratio of means: no interval
                        b, d, half = None, rng.normal(0.4, 0.3), None
                    if metric == "cost_per_care_entry_avoided":  # undefined: none avoided
                        b, d, half = None, (None if vi == 1 else rng.normal(9e4, 1e4)), None
                    if metric == "re_referrals" and period == "horizon":
                        d, half = 0.000123456789, 0.5  # tiny value, interval includes zero
                    if metric == "kept_at_home" and period == years[0]:
                        d, half = 0.0, 0.25
                    if metric == "cp_children" and period == "horizon" and vi == 0:
                        d, half = 3.0, 1.0  # a harm: more children on plans
                    if metric == "spend_total":
                        total[period] = (b, d, half)
                    if metric == "net_cost":  # the difference of the total spend, as compare writes it
                        b, d, half = total[period]
                    note = "no care entries avoided" if d is None else ""
                    vm = None if b is None or d is None else b + d
                    lo, hi = (None, None) if d is None or half is None else (d - half, d + half)
                    w.writerow([v, metric, period, unit, g(b), g(vm), g(d), g(lo), g(hi),
                                replicates, int(paired), note])

    with open(os.path.join(tables, "spend.csv"), "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["scenario", "component", "week", "mean", "low", "high"])
        for si, s in enumerate(names):
            level = rng.uniform(2e4, 3e5, len(COMPONENTS))
            level[3:] *= rng.uniform(0, 1, len(COMPONENTS) - 3) < 0.5  # some interventions off
            if si == 0:
                level[3:] = 0.0  # the base runs no intervention
            means = level * (1 + 0.1 * np.sin(np.arange(weeks)[:, None] / 9.0 + si))
            for c, comp in enumerate(COMPONENTS + ["total"]):
                col = means.sum(axis=1) if comp == "total" else means[:, c]
                for wk in range(weeks):
                    w.writerow([s, comp, wk, g(col[wk]), g(col[wk] * 0.93), g(col[wk] * 1.07)])

    with open(os.path.join(tables, "stocks.csv"), "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["scenario", "metric", "week", "mean", "low", "high"])
        for si, s in enumerate(names):
            for metric, level in (("stock_looked_after", 600), ("stock_cp", 400),
                                  ("stock_cin", 2600), ("care_entries", 5)):
                trend = level * (1 - 0.04 * si * np.arange(weeks) / weeks)
                for wk in range(weeks):
                    m = trend[wk] + rng.normal(0, level / 100)
                    w.writerow([s, metric, wk, g(m), g(m - level * 0.06), g(m + level * 0.06)])

    with open(os.path.join(tables, "break_even.csv"), "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["variant", "break_even_week", "break_even_date", "cumulative_net_saving"])
        for vi, v in enumerate(names[1:]):
            if vi == 0:
                w.writerow([v, 87, (START + dt.timedelta(days=7 * 87)).isoformat(),
                            g(1234567.8912345678)])
            else:
                w.writerow([v, "", "", g(-98765.432101234567)])

    # The plausibility guard's table: variant 1's looked-after rate is outside the councils'
    # range in one year; everything else is inside.
    with open(os.path.join(tables, "plausibility.csv"), "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["scenario", "la", "year", "measure", "per_10k", "low", "high", "outside"])
        for si, s in enumerate(names):
            for measure, value, low, high in (("stock_looked_after", 60.0, 20, 230), ("stock_cp", 42.0, 20, 160)):
                flagged = si == 1 and measure == "stock_looked_after"
                v = 12.0 if flagged else value
                w.writerow([s, "Fixture LA", "FY2013-14", measure, g(v), low, high, 1 if flagged else 0])

    def info(n, p, i):
        return {"file": p, "scenario": n, "replicates": replicates, "weeks": weeks,
                "start_date": START.isoformat(), "seed": seed if paired else seed + i}
    with open(os.path.join(tables, "comparison.json"), "w") as fh:
        json.dump({"base": info(names[0], files[0], 0),
                   "variants": [info(n, p, i + 1) for i, (n, p) in
                                enumerate(zip(names[1:], files[1:]))],
                   "paired": paired, "price_year": "2016-17"}, fh, indent=1)
    return tables, files[0], files[1:]


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_fixture.py DIR")
    t, b, v = make(sys.argv[1])
    print(f"--tables {t} --base {b} " + " ".join(f"--variant {x}" for x in v))
