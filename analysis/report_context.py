"""What a comparison modelled and what it cannot say (issue "A what-if answer with all its
uncertainty", item 2), and the plausibility guard's flags: parts of the commissioner's report
(analysis/report.py), imported from beside it. Reads each run's /meta: the resolved scenario
(every parameter as the run used it), the model version, the price year, the children.
"""
import html
import tomllib

PLAUS_COLS = ["scenario", "la", "year", "measure", "per_10k", "low", "high", "outside"]
PLAUS_NUM = ["per_10k", "low", "high", "outside"]
PLAUS_WORDS = {"stock_looked_after": "looked-after children", "stock_cp": "children on CP plans",
               "stock_cin": "children in need"}


def plausibility_items(rows, scenario):
    """The plausibility guard's flags of one scenario: each measure outside the range seen
    across English councils, with its most extreme year (analysis/plausibility.hpp)."""
    items = []
    for measure, words in PLAUS_WORDS.items():
        out = [r for r in rows if r["scenario"] == scenario and r["measure"] == measure and r["outside"]]
        if not out:
            continue
        worst = max(out, key=lambda r: max(r["low"] - r["per_10k"], r["per_10k"] - r["high"]))
        items.append(f"Outside anything observed across English councils: {words} "
                     f"{worst['per_10k']:.0f} per 10,000 in {worst['la']} at the end of {worst['year']} "
                     f"(councils range from {worst['low']:.0f} to {worst['high']:.0f}; "
                     f"{len(out)} council-years outside).")
    return items

# The keys every intervention has; the rest of its table is its dose.
COMMON = {"enabled", "start_date", "las", "teams", "rollout", "unit_cost"}

CAVEATS = [
    "The intervals cover simulation noise and, when the runs drew their parameters from a calibration "
    "posterior, the uncertainty of those parameters; they do not cover the model's structure or the "
    "assumptions marked ASSUMPTION in the evidence document (docs/evidence.md).",
    "The effects of the interventions are sized to the first-year results of evaluations that mostly "
    "compared before with after on small samples; the whole-council effect over several years is the "
    "model's extrapolation. Adult specialists are set at the lower edge of the study's effect so that the "
    "council's looked-after population does not fall further than any council has seen (docs/calibration.md).",
    "Interventions that act on the same mechanism do not compound: the larger effect applies.",
    "Care entries and exits follow a legal route (section 20, pre-proceedings, proceedings and orders) whose "
    "shares are a hand fit and whose rates are fitted to England's figures (docs/calibration.md); the model's "
    "looked-after children are younger than England's, and more of its CP plans are second plans.",
    "The council is a synthetic population with England's average rates unless the scenario says otherwise; "
    "its child population is stationary unless the scenario gives a projection.",
]


def read_context(attrs):
    """The parts of a run's /meta attributes this module reports (those present)."""
    out = {}
    for k in ("scenario_toml", "version", "price_year", "children", "burn_in_weeks"):
        if k in attrs:
            v = attrs[k]
            out[k] = v.decode("utf-8") if isinstance(v, bytes) else v
    try:
        out["scenario"] = tomllib.loads(out.get("scenario_toml", ""))
    except tomllib.TOMLDecodeError:
        out["scenario"] = {}
    return out


def dose(table):
    """An enabled intervention's dose and setting, in words."""
    parts = [f"{k.replace('_', ' ')} {v}" for k, v in sorted(table.items()) if k not in COMMON]
    scope = f"LAs {table.get('las', 'all')}, teams {table.get('teams', 'all')}"
    if table.get("rollout"):
        scope += f", rolled out {table['rollout']}"
    return (f"from {table.get('start_date', 'the start')}; {scope}; unit cost GBP {table.get('unit_cost', 0):,.0f}; "
            + ", ".join(parts))


def modelled_rows(meta, stocks):
    """[(what, description)] for one run."""
    ctx = meta.get("context", {})
    sc = ctx.get("scenario", {})
    rows = []
    for la in sc.get("la", []):
        rows.append(("Council", f"{la.get('name')}: {la.get('children', 0):,} children, {la.get('teams')} teams of "
                     f"{la.get('social_workers_per_team')} social workers, deprivation {la.get('deprivation', 1)}"))
    children = float(ctx.get("children", 0) or 0)
    start = {r["metric"]: r["mean"] for r in stocks if r["scenario"] == meta["scenario_name"] and r["week"] == 0}
    if children > 0 and start:
        rows.append(("Rates at the start", "per 10,000 children: looked after "
                     f"{1e4 * start.get('stock_looked_after', 0) / children:.0f}, on CP plans "
                     f"{1e4 * start.get('stock_cp', 0) / children:.0f}, in need {1e4 * start.get('stock_cin', 0) / children:.0f}"))
    run = sc.get("run", {})
    burn = int(ctx.get("burn_in_weeks", 0) or 0) // 52
    rows.append(("Horizon", f"{meta['weeks']} weeks from {meta['start_date']} after a {burn}-year burn-in; "
                 f"{meta['replicates']} replicates, seed {meta['seed']}"))
    ivs = {k: v for k, v in sc.get("interventions", {}).items() if isinstance(v, dict) and v.get("enabled")}
    for name, table in ivs.items():
        rows.append((f"Intervention: {name.replace('_', ' ')}", dose(table)))
    if not ivs:
        rows.append(("Interventions", "none"))
    rows.append(("Prices", f"money in {ctx.get('price_year', sc.get('costs', {}).get('price_year', '?'))} prices"))
    rows.append(("Model", f"cscsim {ctx.get('version', '?')}; every parameter as run is in the file's /meta "
                 f"scenario_toml ({sc.get('description', run.get('name', ''))})"))
    return rows


def posterior_fit(path):
    """When a posterior file was written and its final generation's size and tolerance, or ''."""
    try:
        import h5py
        with h5py.File(path, "r") as f:
            a, n = f["posterior"].attrs, f["posterior/weight"].shape[0]
            written = f["meta"].attrs.get("written", b"")
            written = written.decode() if isinstance(written, bytes) else str(written)
            return ((f"written {written[:10]}; " if written else "")
                    + f"its final generation: {n} particles, effective sample size "
                    f"{float(a['effective_sample_size']):.1f}, tolerance {float(a['epsilon']):.2f}")
    except (OSError, KeyError, ValueError, ImportError):
        return ""


def calibration_row(posterior):
    """(what, description): where the runs' parameter values come from."""
    if posterior is None:
        return ("Calibration", "every replicate at the scenario's parameter values (the calibrated files it "
                "is based on, docs/calibration.md); the intervals leave out parameter uncertainty")
    keys = posterior.get("parameters", [])
    fit = posterior_fit(posterior.get("file", ""))
    return ("Calibration", f"{len(keys)} parameters drawn from the posterior {posterior.get('file')} "
            f"(content {posterior.get('file_digest')}), fitted by {posterior.get('calibration')}"
            + (f"; {fit}" if fit else "") + f"; {posterior.get('draws')} draws x {posterior.get('per_draw')} "
            "replicates, the same draws in every run")


def section(data, base, variants):
    """The report's section 'What was modelled', and its caveats."""
    esc = html.escape
    p = ["<h2>What was modelled</h2><table class=\"context\"><tbody>"]
    for m in [base] + variants:
        p.append(f"<tr><th colspan=\"2\">{esc(m['scenario_name'])}</th></tr>")
        for what, text in modelled_rows(m, data["stocks"]):
            p.append(f"<tr><th>{esc(what)}</th><td>{esc(str(text))}</td></tr>")
    what, text = calibration_row(data["posterior"])
    p.append(f"<tr><th colspan=\"2\">All runs</th></tr><tr><th>{esc(what)}</th><td>{esc(text)}</td></tr>")
    p.append("</tbody></table><h3>What the comparison cannot say</h3><ul>")
    p.extend(f"<li>{esc(c)}</li>" for c in CAVEATS)
    p.append("</ul>")
    return "".join(p)
