#!/usr/bin/python3
"""Recomputes, from two run files alone, what `cscsim compare` reports for runs with posterior
draws, and checks its tables: the noise-only and total intervals and the parameters' share of
every headline difference over the horizon (differences.csv), and Spearman's rank correlation of
each drawn parameter with each difference (drivers.csv), the latter with scipy.stats.spearmanr.
An independent implementation (numpy and scipy) of docs/design.md "Parameter uncertainty".

Usage: check_psa.py BASE.h5 VARIANT.h5 TABLES_DIR
Prints one line per check and exits 1 when one fails. Run with Debian's /usr/bin/python3.
"""
import csv
import math
import sys

import h5py
import scipy.stats as st

# differences.csv metric: (series, sum or mean over the weeks, scale), as compare defines them.
MEASURES = {"care_entries": ("care_entries", "sum", 1), "days_in_care": ("stock_looked_after", "sum", 7),
            "cp_children": ("stock_cp", "mean", 1), "re_referrals": ("re_referrals", "sum", 1),
            "kept_at_home": ("edge_of_care_diverted", "sum", 1), "net_cost": ("spend_total", "sum", 1)}
FAILED = []


def close(a, b, rel=1e-8):
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-9 * max(1.0, abs(b)))


def check(name, ok, detail=""):
    print(("PASS " if ok else "FAIL ") + name + ("" if ok else f": {detail}"))
    if not ok:
        FAILED.append(name)


def horizon(run, measure):
    series, how, scale = MEASURES[measure]
    x = run["series/" + series][:].astype("f8").sum(axis=2)  # replicates x weeks
    return (x.sum(axis=1) if how == "sum" else x.mean(axis=1)) * scale


def split(d, k, r):
    """The one-way random-effects split and both intervals (scipy's t quantiles)."""
    g = d.reshape(k, r)
    m = g.mean(axis=1)
    n = k * r
    msb = r * ((m - d.mean()) ** 2).sum() / (k - 1)
    msw = ((g - m[:, None]) ** 2).sum() / (k * (r - 1))
    noise = st.t.ppf(0.975, k * (r - 1)) * math.sqrt(msw / n)
    s2p = max(0.0, (msb - msw) / r)
    if s2p == 0:
        return m, (d.mean() - noise, d.mean() + noise), (d.mean() - noise, d.mean() + noise), 0.0
    v = s2p * (1 + 1 / k) + msw / n
    a, b = (k + 1) / n * msb, msw / r
    df = max(1.0, v * v / (a * a / (k - 1) + b * b / (k * (r - 1))))
    half = st.t.ppf(0.975, df) * math.sqrt(v)
    return m, (d.mean() - noise, d.mean() + noise), (d.mean() - half, d.mean() + half), s2p * (1 + 1 / k) / v


def main(base_path, variant_path, tables):
    with h5py.File(base_path) as base, h5py.File(variant_path) as variant:
        post = base["meta/posterior"]
        k, r = int(post.attrs["draws"]), int(post.attrs["per_draw"])
        names = post.attrs["parameters"].decode().split("\n")
        theta = post["theta"][:][::r]  # draws x parameters
        diffs = {m: horizon(variant, m) - horizon(base, m) for m in MEASURES}
        check("both runs used the same draws", (post["particle"][:] == variant["meta/posterior/particle"][:]).all())
    rows = {row["metric"]: row for row in csv.DictReader(open(f"{tables}/differences.csv", encoding="utf-8"))
            if row["period"] == "horizon"}
    drivers = {(row["metric"], row["parameter"]): row
               for row in csv.DictReader(open(f"{tables}/drivers.csv", encoding="utf-8"))}
    for metric, d in diffs.items():
        means, noise, total, share = split(d, k, r)
        row = rows[metric]
        got = [float(row[c]) for c in ("ci_low", "ci_high", "total_low", "total_high", "param_share")]
        want = [noise[0], noise[1], total[0], total[1], share]
        check(f"{metric}: intervals and share equal numpy/scipy's", all(close(g, w) for g, w in zip(got, want)),
              f"cscsim {got}, python {want}")
        check(f"{metric}: the total interval is at least as wide as the noise-only one",
              float(row["total_low"]) <= float(row["ci_low"]) and float(row["total_high"]) >= float(row["ci_high"]))
        for j, name in enumerate(names):
            rho, p = st.spearmanr(theta[:, j], means)
            cell = drivers[(metric, name)]
            ok = (cell["spearman_rho"] == "" if math.isnan(rho) else
                  close(float(cell["spearman_rho"]), rho, 1e-9) and close(float(cell["p_value"]), p, 1e-6))
            check(f"{metric} x {name}: Spearman equals scipy's", ok, f"cscsim {cell}, scipy {rho} {p}")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
