"""The parameter-uncertainty part of the commissioner's report (analysis/report.py), for a
comparison of runs whose parameters were drawn from a calibration posterior (`cscsim run
--posterior`; docs/design.md, "Parameter uncertainty"): the sentence of the summary, the
noise-only and total intervals, and the parameters that drive each difference (drivers.csv) as
a chart and a table. Every number is read from the CSV tables. Each function takes the report
module `r` for its shared helpers (labels, number formats, tables, PNG embedding).
Installed beside report.py, which imports it.
"""
import html
import os

DRIVER_COLS = ["variant", "metric", "parameter", "spearman_rho", "p_value", "draws", "note"]
DRIVER_NUM = ["spearman_rho", "p_value", "draws"]
DRIVER_METRICS = ["care_entries", "days_in_care", "cp_children", "re_referrals", "kept_at_home",
                  "net_cost"]


def read_drivers(r, path):
    """drivers.csv, checked as report.py checks its other tables."""
    return r.read_csv(path, DRIVER_COLS, DRIVER_NUM, DRIVER_NUM[:2])


def psa_item(r, rows, posterior):
    """The sentence that says what the intervals cover, with posterior draws."""
    h = {row["metric"]: row for row in rows if row["period"] == "horizon"}
    shares = [f"{r.LABELS[m].lower()} {100 * h[m]['param_share']:.0f}%" for m in ("care_entries", "net_cost")
              if m in h and h[m].get("param_share") is not None]
    return (f"Intervals include parameter uncertainty: {posterior['draws']} draws from the calibration "
            f"posterior {os.path.basename(posterior['file'])}, each run {posterior['per_draw']} times; the "
            "total interval covers the parameters and simulation noise"
            + (" (parameters' share of its variance: " + ", ".join(shares) + ")" if shares else "") + ".")


PSA_COLS = [("difference", "Difference"), ("ci_low", "Noise only: low"), ("ci_high", "Noise only: high"),
            ("total_low", "Total: low"), ("total_high", "Total: high"),
            ("param_share", "Parameters' share of the variance")]


def drivers_of(data, variant):
    """{(parameter, metric): row} of drivers.csv for one variant, and its parameters in order."""
    rows = {(d["parameter"], d["metric"]): d for d in data["drivers"] if d["variant"] == variant}
    params = list(dict.fromkeys(p for p, _ in rows))
    return rows, params


def chart_drivers(r, data, variant):
    """Spearman's rank correlation of each drawn parameter with each headline difference."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    rows, params = drivers_of(data, variant)
    rho = np.array([[rows[(p, m)]["spearman_rho"] if (p, m) in rows and
                     rows[(p, m)]["spearman_rho"] is not None else np.nan for m in DRIVER_METRICS]
                    for p in params], dtype=float).reshape(len(params), len(DRIVER_METRICS))
    fig, ax = plt.subplots(figsize=(7.2, 2.4 + 0.3 * len(params)))
    im = ax.imshow(np.ma.masked_invalid(rho), cmap="RdBu_r", vmin=-1, vmax=1, aspect="auto")
    for i in range(rho.shape[0]):
        for j in range(rho.shape[1]):
            if np.isfinite(rho[i, j]):
                ax.text(j, i, f"{rho[i, j]:.2f}", ha="center", va="center", fontsize=7,
                        color="white" if abs(rho[i, j]) > 0.6 else "black")
    ax.set_xticks(range(len(DRIVER_METRICS)), [r.LABELS[m] for m in DRIVER_METRICS], rotation=30,
                  ha="right", fontsize=8)
    ax.set_yticks(range(len(params)), params, fontsize=7)
    bar = fig.colorbar(im, ax=ax, fraction=0.04, pad=0.02)
    bar.set_label("Spearman's rho", fontsize=8)
    bar.ax.tick_params(labelsize=7)
    ax.set_title(variant, loc="left", fontsize=10)
    fig.tight_layout()
    return fig


def drivers_table(r, data, variant):
    """drivers.csv for one variant: parameters down, headline differences across."""
    esc = html.escape
    rows, params = drivers_of(data, variant)
    head = "<th>Parameter</th>" + "".join(f"<th>{esc(r.LABELS[m])}</th>" for m in DRIVER_METRICS)
    body = []
    for p in params:
        cells = ""
        for m in DRIVER_METRICS:
            v = rows.get((p, m), {}).get("spearman_rho")
            cells += (f'<td data-col="spearman_rho" data-metric="{esc(m)}" '
                      f'data-value="{"" if v is None else repr(v)}">{r.fmt(v, 2)}</td>')
        body.append(f'<tr data-parameter="{esc(p)}"><th scope="row">{esc(p)}</th>{cells}</tr>')
    return (f'<table data-source="drivers.csv" data-variant="{esc(variant)}"><caption>'
            f"{esc(variant)}: Spearman's rank correlation of each parameter with the difference"
            f"</caption><thead><tr>{head}</tr></thead><tbody>" + "".join(body) + "</tbody></table>")


def psa_section(r, data, base, variants):
    """Parameter uncertainty: what the intervals cover, the split, and the parameters that drive it."""
    post, esc = data["posterior"], html.escape
    p = [f"<h2>Parameter uncertainty</h2><p>Each replicate drew its parameters from the calibration "
         f"posterior <code>{esc(os.path.basename(post['file']))}</code> ({len(post['parameters'])} "
         f"parameters, weights respected): {post['draws']} draws, each run {post['per_draw']} times "
         "with its own random numbers, and replicate i of the base and of each variant used the same "
         "draw and the same random numbers. The variance of each difference is split by the law of "
         "total variance with a one-way random-effects analysis of variance (draws as groups). The "
         "noise-only interval holds the parameters at the draws (simulation noise alone); the total "
         "interval is a 95% prediction interval for the expected difference at parameters drawn from "
         "the posterior (parameters and simulation noise); the parameters' share is their part of "
         "its variance."
         + (" Every draw has the same values (a posterior of one point), so the parameters add "
            "nothing and the two intervals are the same." if post["one_point"] else "") + "</p>"]
    for v in variants:
        name = v["scenario_name"]
        p.append(r.diff_table(data["diff"], name, ["horizon"],
                            f"{esc(name)} against {esc(base['scenario_name'])}: noise-only and total "
                            "95% intervals over the horizon", PSA_COLS, DRIVER_METRICS, False))
    if post["one_point"]:
        return "".join(p)
    p.append("<h3>Which parameters drive the difference</h3><p>Spearman's rank correlation, across "
             "the draws, of each drawn parameter with the draw's mean difference (variant minus "
             "base) over the horizon: near +1 or -1, the parameter moves the difference strongly; "
             "near 0, little. The p-values are in drivers.csv.</p>")
    for v in variants:
        name = v["scenario_name"]
        p.append(f"<figure><img alt=\"Parameters that drive the difference: {esc(name)}\" "
                 f"src=\"{r.png(chart_drivers(r, data, name))}\"><figcaption>Rank correlation of each "
                 f"drawn parameter with each difference of {esc(name)} (blank: not defined, for "
                 "example a parameter that is the same in every draw).</figcaption></figure>")
        p.append(drivers_table(r, data, name))
    return "".join(p)
