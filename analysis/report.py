#!/usr/bin/python3
"""Writes the commissioner's HTML report of a `cscsim compare` run.

Usage:
  report.py --tables DIR --base BASE.h5 --variant V1.h5 [--variant V2.h5 ...] --out REPORT.html

`cscsim compare` writes the CSV tables and comparison.json into DIR (layout: docs/output.md and
issue 4) and then runs this script. Every number in the report's tables is read from those CSVs,
never recomputed here, so the report cannot disagree with the tables it is forwarded with; the
HDF5 files are opened only for their /meta attributes (scenario names, replicates, seed) and to
prove they are complete cscsim runs. The output is one HTML file with the charts embedded as
base64 PNGs and no scripts or external resources, so it opens offline and survives e-mail.

Exit status: 0 written; 2 bad input (a missing, unreadable or malformed CSV, JSON or HDF5 file, or
an unwritable output path; the message on stderr names the file); 1 anything else.
Run with Debian's /usr/bin/python3 (h5py, numpy, matplotlib), not a pyenv python3.
"""
import argparse
import csv
import datetime as dt
import html
import json
import math
import os
import sys

DIFF_COLS = ["variant", "metric", "period", "unit", "base_mean", "variant_mean", "difference",
             "ci_low", "ci_high", "replicates", "paired"]
DIFF_NUM = ["base_mean", "variant_mean", "difference", "ci_low", "ci_high", "replicates", "paired"]
# With posterior draws (cscsim run --posterior), compare adds these columns (empty otherwise)
# and drivers.csv; docs/design.md, "Parameter uncertainty".
PSA_NUM = ["total_low", "total_high", "param_sd", "noise_sd", "param_share"]
BAND_NUM = ["week", "mean", "low", "high"]
BE_COLS = ["variant", "break_even_week", "break_even_date", "cumulative_net_saving"]
BE_NUM = ["break_even_week", "cumulative_net_saving"]
META_KEYS = ["scenario_name", "replicates", "weeks", "start_date", "seed", "complete"]
LABELS = {"care_entries": "Children entering care", "days_in_care": "Days in care",
          "cp_children": "Children on child protection plans", "re_referrals": "Re-referrals",
          "kept_at_home": "Children kept at home (edge of care)", "net_cost": "Net cost",
          "spend_total": "Spend: total (the difference is the net cost)",
          "cost_per_care_entry_avoided": "Cost per care entry avoided",
          "savings_per_pound": "Placement savings per £1 of extra service spend"}
# Measures that are worse when they rise (True) or when they fall (False), named in the
# summary whenever the variant moves them that way (benefits and harms alike).
HARMS = [("care_entries", "children entering care", True), ("days_in_care", "days in care", True),
         ("cp_children", "children on child protection plans", True), ("re_referrals", "re-referrals", True),
         ("kept_at_home", "children kept at home from the edge of care", False)]
TABLE_COLS = [("base_mean", "Base"), ("variant_mean", "Variant"), ("difference", "Difference"),
              ("ci_low", "95% interval: low"), ("ci_high", "95% interval: high")]
# With posterior draws the CSV's ci_low and ci_high are the noise-only interval.
NOISE_COLS = TABLE_COLS[:3] + [("ci_low", "Noise-only 95%: low"), ("ci_high", "Noise-only 95%: high")]


def this():
    """This module, for report_psa's functions, whether it runs as a script or was imported."""
    return sys.modules[__name__]


def psa():
    """The parameter-uncertainty part of the report (report_psa.py, beside this script)."""
    sys.dont_write_bytecode = True  # no __pycache__ beside the script (the source tree, an install)
    here = os.path.dirname(os.path.abspath(__file__))
    if here not in sys.path:
        sys.path.insert(0, here)
    import report_psa
    return report_psa


class InputError(Exception):
    """Bad input the user can fix; main() turns it into exit status 2."""


def read_csv(path, columns, numeric, optional=(), extra=()):
    """Reads a CSV into dicts, numbers as floats (None for an allowed empty cell).

    `extra`: numeric columns that may be absent (then None in every row) or empty.

    Validates everything up front so that a malformed table from the C++ side is reported as
    FILE:LINE with the column, rather than surfacing later as a confusing chart or table error.
    """
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.reader(fh))
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror or e})") from None
    except (csv.Error, UnicodeDecodeError) as e:
        raise InputError(f"{path}: not a UTF-8 CSV file ({e})") from None
    if not rows:
        raise InputError(f"{path}: empty file; expected the header {','.join(columns)}")
    header = [h.strip() for h in rows[0]]
    missing = [c for c in columns if c not in header]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(missing)} (header is "
                         f"'{','.join(header)}')")
    out = []
    for line, raw in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in raw):
            continue
        if len(raw) != len(header):
            raise InputError(f"{path}:{line}: {len(raw)} fields, but the header has {len(header)}")
        rec = dict(zip(header, (c.strip() for c in raw)))
        for c in extra:
            rec.setdefault(c, "")
        for c in list(numeric) + list(extra):
            try:
                v = float(rec[c]) if rec[c] else None
            except ValueError:
                raise InputError(f"{path}:{line}: column {c}: '{rec[c]}' is not a number") from None
            if v is not None and not math.isfinite(v):
                v = None
            if v is None and c not in optional and c not in extra:
                raise InputError(f"{path}:{line}: column {c} is empty or not finite")
            rec[c] = v
        out.append(rec)
    if not out:
        raise InputError(f"{path}: no data rows")
    return out


def read_meta(path):
    """Reads /meta of a run file; refuses files that are missing, corrupt, foreign or incomplete.

    The report names scenarios and replicate counts from here, so a wrong or half-written file
    must stop the report rather than label the comparison with the wrong run.
    """
    import h5py  # imported here so a missing h5py is an internal error (exit 1), not bad input
    if not os.path.isfile(path):
        raise InputError(f"{path}: no such file")
    try:
        with h5py.File(path, "r") as f:
            if "meta" not in f:
                raise InputError(f"{path}: no /meta group; not a cscsim run file")
            attrs = f["meta"].attrs
            missing = [k for k in META_KEYS if k not in attrs]
            if missing:
                raise InputError(f"{path}: /meta lacks {', '.join(missing)}; not a cscsim run file")
            meta = {k: attrs[k] for k in META_KEYS}
            meta["context"] = context().read_context(attrs)
    except InputError:
        raise
    except (OSError, KeyError, ValueError, RuntimeError) as e:
        raise InputError(f"{path}: not a readable HDF5 file ({e})") from None
    for k in ("scenario_name", "start_date"):
        v = meta[k]
        meta[k] = v.decode("utf-8") if isinstance(v, bytes) else str(v)
    for k in ("replicates", "weeks", "seed", "complete"):
        meta[k] = int(meta[k])
    if meta["complete"] != 1:
        raise InputError(f"{path}: incomplete run (/meta complete = {meta['complete']})")
    meta["file"] = path
    return meta


def load_inputs(args):
    """Reads and cross-checks every input before anything is drawn or written."""
    path = lambda name: os.path.join(args.tables, name)  # noqa: E731
    data = {"diff": read_csv(path("differences.csv"), DIFF_COLS, DIFF_NUM, DIFF_NUM[:5], PSA_NUM),
            "spend": read_csv(path("spend.csv"), ["scenario", "component"] + BAND_NUM, BAND_NUM),
            "stocks": read_csv(path("stocks.csv"), ["scenario", "metric"] + BAND_NUM, BAND_NUM),
            "be": read_csv(path("break_even.csv"), BE_COLS, BE_NUM, BE_NUM)}
    try:
        with open(path("comparison.json"), encoding="utf-8") as fh:
            data["json"] = json.load(fh)
        data["paired"] = bool(data["json"]["paired"])
        data["posterior"] = data["json"].get("posterior")
        if data["posterior"] is not None:
            missing = [k for k in ("file", "draws", "per_draw", "parameters", "one_point")
                       if k not in data["posterior"]]
            if missing:
                raise KeyError("posterior lacks " + ", ".join(missing))
    except OSError as e:
        raise InputError(f"{path('comparison.json')}: cannot read ({e.strerror or e})") from None
    except (ValueError, KeyError, TypeError) as e:
        raise InputError(f"{path('comparison.json')}: malformed ({e!r})") from None
    data["drivers"] = psa().read_drivers(this(), path("drivers.csv")) if data["posterior"] else []
    plaus = path("plausibility.csv")  # written by compare since the plausibility guard
    data["plausibility"] = (read_csv(plaus, context().PLAUS_COLS, context().PLAUS_NUM)
                            if os.path.exists(plaus) else [])
    data["base"] = read_meta(args.base)
    data["variants"] = [read_meta(v) for v in args.variant]
    # Each run must have rows in the tables: a report naming the wrong run is worse than none.
    for m in [data["base"]] + data["variants"]:
        need = [("spend", "spend.csv", "scenario"), ("stocks", "stocks.csv", "scenario")]
        if m is not data["base"]:
            need += [("diff", "differences.csv", "variant"), ("be", "break_even.csv", "variant")]
        for key, name, col in need:
            if not any(r[col] == m["scenario_name"] for r in data[key]):
                raise InputError(f"{path(name)}: no rows for scenario '{m['scenario_name']}' "
                                 f"of {m['file']}")
    for metric in ("stock_looked_after", "stock_cp"):
        if not any(r["metric"] == metric for r in data["stocks"]):
            raise InputError(f"{path('stocks.csv')}: no rows for metric {metric}")
    return data


def fmt(v, decimals=None):
    """Formats a table number: more decimals for small values, thousands separators for large.

    Readers compare orders of magnitude, not the 17th digit; the full value is kept in the
    cell's data-value attribute so the report stays checkable against the CSV.
    """
    if v is None:
        return "n/a"
    if decimals is None:
        a = abs(v)
        decimals = 0 if a >= 1000 else 1 if a >= 10 else 2 if a >= 0.1 or a == 0 else \
            min(6, 1 - math.floor(math.log10(a)))
    s = f"{v:,.{decimals}f}"
    return s.lstrip("-") if float(s.replace(",", "")) == 0 else s


def label(metric, unit=""):
    """Human name of a metric; spend components get 'Spend: component'."""
    name = LABELS.get(metric) or (("Spend: " + metric[6:].replace("_", " "))
                                  if metric.startswith("spend_") else metric.replace("_", " "))
    unit = unit.replace("GBP 1", "£1").replace("GBP", "£")
    return name if not unit else f"{name}, {unit}" if "(" in unit else f"{name} ({unit})"


def money(v):
    """Signed pounds in words for the summary: millions to one decimal, otherwise whole pounds."""
    sign = "-" if v < 0 else ""
    return sign + (f"£{abs(v) / 1e6:,.1f} million" if abs(v) >= 1e6 else f"£{abs(v):,.0f}")


def interval_words(r, show, what="the difference"):
    """The 95% interval in words, saying plainly when it includes zero (no detectable change).

    With posterior draws it is the total interval (parameters and simulation noise)."""
    if r["ci_low"] is None or r["ci_high"] is None:
        if r.get("replicates") == 1 and r.get("base_mean") is not None:
            return " (no interval: one replicate gives no measure of its uncertainty)"
        return ""
    low, high, kind = r["ci_low"], r["ci_high"], "95% interval"
    if r.get("total_low") is not None and r.get("total_high") is not None:
        low, high, kind = r["total_low"], r["total_high"], "total 95% interval"
    text = f" ({kind} of {what}: {show(low)} to {show(high)}"
    if low <= 0 <= high:
        return text + "; the interval includes zero, so this may be no change at all)"
    return text + ")"


def summary_items(rows, be, posterior=None):
    """One sentence per headline measure over the horizon, for a reader who stops at the summary."""
    h = {r["metric"]: r for r in rows if r["period"] == "horizon" and r["difference"] is not None}
    items = []
    whole = lambda v: fmt(v, 0)  # noqa: E731  children and days are whole: no fractional child
    for metric, what in (("care_entries", "children entering care"),
                         ("days_in_care", "days in care")):
        if metric in h:
            d = h[metric]["difference"]
            change = f"{whole(abs(d))} {'more' if d > 0 else 'fewer'}" if round(d) else "No change in"
            items.append(f"{change} {what} than the base" + interval_words(h[metric], whole) + ".")
    def harm(m, what):
        d = h[m]["difference"]
        words = interval_words(h[m], whole)  # " (...)" or ""
        return f"{what} ({'+' if d > 0 else ''}{whole(d)}" + (f"; {words[2:]}" if words else ")")

    harms = [harm(m, what) for m, what, worse_if_up in HARMS
             if m in h and round(h[m]["difference"]) and (h[m]["difference"] > 0) == worse_if_up]
    if harms:
        items.append("Worse than the base: " + "; ".join(harms) + ".")
    if "net_cost" in h:
        d = h["net_cost"]["difference"]
        items.append((f"Net cost of {money(d)}" if d >= 0 else f"Net saving of {money(-d)}")
                     + interval_words(h["net_cost"], money,
                                      "the net cost, variant minus base spend")
                     + ".")
    pound = lambda v: f"£{fmt(v, 2)}"  # noqa: E731
    if "savings_per_pound" in h:
        items.append(f"Placement savings per £1 of extra spend on the intervention and the social "
                     f"workers it adds: {pound(h['savings_per_pound']['difference'])}"
                     + interval_words(h["savings_per_pound"], pound, "the savings") + ".")
    else:
        why = [r.get("note") for r in rows if r["period"] == "horizon" and r["metric"] == "savings_per_pound"]
        if why and why[0]:
            items.append(f"No savings per £1: {why[0]}.")
    if be and be["break_even_week"] is not None:
        items.append(f"The cumulative net saving turns positive in week "
                     f"{be['break_even_week']:.0f} ({be['break_even_date']}).")
    elif be:
        items.append("Does not break even within the horizon.")
    if posterior is not None:
        items.append(psa().psa_item(this(), rows, posterior))
    items.append("Paired comparison: each replicate is compared with the base replicate run with "
                 "the same random numbers (common random numbers), so chance differences between "
                 "runs largely cancel." if {r["paired"] for r in rows} == {1.0} else
                 "Unpaired comparison: the runs are treated as independent samples, so the "
                 "intervals also carry the run-to-run noise a paired comparison removes.")
    return items


def td(v, col, decimals=None):
    """A number cell carrying its exact CSV value and column, so tests can check it."""
    dv = "" if v is None else repr(v)
    return f'<td data-col="{col}" data-value="{dv}">{fmt(v, decimals)}</td>'


def td_million(v, col):
    """A money cell in GBP million to one decimal, carrying its exact CSV value in pounds and the
    scale it is shown at (the report test's rounding rule: shown = value / scale, rounded)."""
    dv = "" if v is None else repr(v)
    shown = "n/a" if v is None else fmt(v / 1e6, 1)
    return f'<td data-col="{col}" data-value="{dv}" data-scale="1000000">{shown}</td>'


def summary_cost_table(rows, variant, start, weeks, posterior):
    """Net cost by financial year in GBP million, for the summary: each year, then the horizon.

    Years that do not hold 52 weeks show their weeks; with posterior draws the interval is the total one."""
    total = posterior is not None
    low, high = ("total_low", "total_high") if total else ("ci_low", "ci_high")
    held = year_weeks(start, weeks)
    body = []
    for r in rows:
        if r["variant"] != variant or r["metric"] != "net_cost":
            continue
        period = r["period"]
        name = "Whole horizon" if period == "horizon" else period + (
            f" ({held[period]} weeks)" if held.get(period, 52) != 52 else "")
        body.append(f'<tr data-metric="net_cost" data-period="{html.escape(period)}"><th scope="row">'
                    f"{html.escape(name)}</th>" + td_million(r["difference"], "difference")
                    + td_million(r[low], low) + td_million(r[high], high) + "</tr>")
    if not body:
        return ""
    kind = "total 95% interval" if total else "95% interval"
    return (f'<table class="summary-cost" data-source="differences.csv" data-variant="{html.escape(variant)}">'
            f"<caption>Net cost by financial year, £ million (variant minus base spend; negative: "
            f"a saving)</caption><thead><tr><th>Year</th><th>Net cost</th><th>{kind}: low</th>"
            f"<th>{kind}: high</th></tr></thead><tbody>" + "".join(body) + "</tbody></table>")


def year_weeks(start, weeks):
    """Weeks of the run in each financial year (April to March), by the day each week starts,
    as cscsim compare assigns them: {"FY2013-14": 53, ...}."""
    out = {}
    for w in range(weeks):
        d = start + dt.timedelta(days=7 * w)
        fy = d.year if d.month >= 4 else d.year - 1
        label = f"FY{fy}-{(fy + 1) % 100:02d}"
        out[label] = out.get(label, 0) + 1
    return out


def diff_table(rows, variant, periods, caption, cols=TABLE_COLS, metrics=None, replicates=True):
    """Rows of differences.csv for one variant as a table; columns as the CSV names them."""
    head = "<th>Measure</th>" + ("<th>Year</th>" if periods != ["horizon"] else "")
    head += "".join(f"<th>{h}</th>" for _, h in cols) + ("<th>Replicates</th>" if replicates else "")
    body = []
    for r in rows:
        if r["variant"] != variant or r["period"] not in periods or \
                (metrics is not None and r["metric"] not in metrics):
            continue
        if r["metric"] == "net_cost" and metrics is None:
            continue  # the total spend's row above it: its difference is the net cost
        cells = "".join(td(r[c], c) for c, _ in cols) + \
            (td(r["replicates"], "replicates", 0) if replicates else "")
        year = f"<td>{html.escape(r['period'])}</td>" if periods != ["horizon"] else ""
        why = f' <span class="note">(n/a: {html.escape(r["note"])})</span>' if r.get("note") else ""
        body.append(f'<tr data-metric="{html.escape(r["metric"])}" data-period='
                    f'"{html.escape(r["period"])}"><th scope="row">'
                    f'{html.escape(label(r["metric"], r["unit"]))}{why}</th>{year}{cells}</tr>')
    return (f'<table data-source="differences.csv" data-variant="{html.escape(variant)}">'
            f"<caption>{caption}</caption><thead><tr>{head}</tr></thead><tbody>"
            + "".join(body) + "</tbody></table>")


def report_charts():
    """The charts of the report (report_charts.py, beside this script)."""
    psa()  # puts this script's folder on the path, without bytecode
    import report_charts
    return report_charts


def context():
    """What was modelled, its caveats and plausibility flags (report_context.py, beside this)."""
    psa()
    import report_context
    return report_context


def png(fig):
    """A figure as a PNG data URI (report_charts.png), for report_psa's chart."""
    return report_charts().png(fig)


CSS = """body{font-family:Georgia,'Times New Roman',serif;max-width:180mm;margin:1.5em auto;
padding:0 1em;color:#222;line-height:1.45}h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;
margin-top:1.6em}table{border-collapse:collapse;font-size:0.82em;margin:0.8em 0;width:100%}
caption{text-align:left;font-weight:bold;padding:0.3em 0}th,td{padding:0.2em 0.4em;
border-bottom:1px solid #e4e4e4}td{text-align:right;font-variant-numeric:tabular-nums}
th{text-align:left;font-weight:normal}thead th{font-weight:bold;border-bottom:2px solid #999}
img{max-width:100%}figure{margin:1em 0}figcaption{font-size:0.85em;color:#555}
.note{font-size:0.85em;color:#555}.flag{border-left:4px solid #b45f06;padding-left:0.5em}
table.summary-cost{width:auto;min-width:60%}
@page{size:A4;margin:15mm}
@media print{body{max-width:none;margin:0;padding:0;font-size:10pt;line-height:1.3}
h1{font-size:1.4em;margin-top:0}#summary{break-after:page}h2,h3,caption{break-after:avoid}
table,figure,tr{break-inside:avoid}thead{display:table-header-group}img{max-height:120mm}}"""


def render(data):
    """Builds the whole HTML document as a string."""
    base, variants = data["base"], data["variants"]
    scen = [base["scenario_name"]] + [v["scenario_name"] for v in variants]
    start = dt.date.fromisoformat(base["start_date"])
    esc = html.escape
    pairing = ("paired: each replicate of a variant is compared with the base replicate run with "
               "the same random numbers (common random numbers)" if data["paired"] else
               "unpaired: the runs could not be paired, so they are compared as independent "
               "samples, and the intervals are wider than a paired comparison would give")
    price = data["json"].get("price_year", "") if isinstance(data["json"], dict) else ""
    title = "Comparison: " + ", ".join(scen[1:]) + " against " + scen[0]
    cols = TABLE_COLS if data["posterior"] is None else NOISE_COLS
    p = [f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{esc(title)}"
         f"</title><style>{CSS}</style></head><body><h1>{esc(title)}</h1>",
         f"<p class=\"note\">cscsim scenario comparison, generated {dt.date.today().isoformat()}. "
         f"Money in {esc(str(price)) + ' prices' if price else 'GBP'}. The comparison is "
         f"{esc(pairing)}. Differences are variant minus base; intervals are 95% intervals of the "
         "mean difference across replicates"
         + (", from simulation noise alone (the parameters held at the scenario's values: the "
            "intervals leave out the uncertainty of the parameters)" if data["posterior"] is None else
            "; with parameters drawn from a calibration posterior, the summary gives the total interval "
            "(parameters and simulation noise) and the tables the noise-only one beside it")
         + ".</p><section id=\"summary\"><h2>Summary</h2>"]
    base_flags = context().plausibility_items(data["plausibility"], base["scenario_name"])
    if base_flags:
        p.append(f"<p class=\"flag\">The base, {esc(base['scenario_name'])}: "
                 + " ".join(esc(i) for i in base_flags) + "</p>")
    for v in variants:
        name = v["scenario_name"]
        be = next((r for r in data["be"] if r["variant"] == name), None)
        rows = [r for r in data["diff"] if r["variant"] == name]
        items = (context().plausibility_items(data["plausibility"], name)
                 + summary_items(rows, be, data["posterior"]))
        p.append(f"<h3>{esc(name)}</h3><p>Over the whole horizon ({v['weeks']} weeks from "
                 f"{esc(v['start_date'])}, {v['replicates']} replicates), against "
                 f"{esc(base['scenario_name'])}:</p><ul>"
                 + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>"
                 + summary_cost_table(data["diff"], name, start, int(v["weeks"]), data["posterior"]))
    p.append("</section>")
    p.append(context().section(data, base, variants))
    p.append("<h2>Runs compared</h2><table data-source=\"meta\"><thead><tr><th>Role</th>"
             "<th>Scenario</th><th>File</th><th>Replicates</th><th>Weeks</th><th>Start</th>"
             "<th>Seed</th></tr></thead><tbody>")
    for role, m in [("base", base)] + [("variant", v) for v in variants]:
        p.append(f"<tr data-scenario=\"{esc(m['scenario_name'])}\"><th>{role}</th>"
                 f"<th>{esc(m['scenario_name'])}</th><th>{esc(os.path.basename(m['file']))}</th>"
                 + "".join(f'<td data-col="{k}" data-value="{m[k]}">{m[k]}</td>'
                           for k in ("replicates", "weeks")) +
                 f"<th>{esc(m['start_date'])}</th><td data-col=\"seed\" data-value=\"{m['seed']}\">"
                 f"{m['seed']}</td></tr>")
    p.append("</tbody></table><h2>Results over the horizon</h2>")
    for v in variants:
        p.append(diff_table(data["diff"], v["scenario_name"], ["horizon"],
                            f"{esc(v['scenario_name'])} against {esc(base['scenario_name'])}", cols))
    if data["posterior"] is not None:
        p.append(psa().psa_section(this(), data, base, variants))
    p.append("<h2>Break-even</h2><table data-source=\"break_even.csv\"><thead><tr><th>Variant</th>"
             "<th>Break-even week</th><th>Date</th><th>Cumulative net saving (£)</th></tr>"
             "</thead><tbody>")
    for r in data["be"]:
        date = esc(r["break_even_date"]) or "does not break even within the horizon"
        p.append(f"<tr data-variant=\"{esc(r['variant'])}\"><th>{esc(r['variant'])}</th>"
                 + td(r["break_even_week"], "break_even_week", 0) + f"<th>{date}</th>"
                 + td(r["cumulative_net_saving"], "cumulative_net_saving") + "</tr>")
    p.append("</tbody></table><h2>Charts</h2>")
    for alt, uri, cap in report_charts().charts(data, scen, start):
        p.append(f"<figure><img alt=\"{esc(alt)}\" src=\"{uri}\"><figcaption>{esc(cap)}"
                 "</figcaption></figure>")
    p.append("<h2>By financial year</h2>")
    years = list(dict.fromkeys(r["period"] for r in data["diff"] if r["period"] != "horizon"))
    for v in variants:
        p.append(diff_table(data["diff"], v["scenario_name"], years,
                            f"{esc(v['scenario_name'])} against {esc(base['scenario_name'])}, "
                            "by financial year (April to March)", cols))
    odd = [f"{y}: {n} weeks" for y, n in year_weeks(start, int(base["weeks"])).items() if n != 52 and y in years]
    if odd:
        p.append("<p class=\"note\">Not every financial year holds 52 weeks of the run (weeks are "
                 "counted in the year they start in): " + esc("; ".join(odd)) + ". Totals of "
                 "those years are not comparable with a 52-week year.</p>")
    p.append("<p class=\"note\">Ratios: extra service spend is the rise in the interventions' own "
             "spend and in social workers (permanent and agency), so the staff an intervention adds "
             "count as its cost; placement savings are the fall in placement spend. Savings per £1 "
             "is placement savings divided by extra service spend; the cost per care entry avoided "
             "is the net cost (all spend, variant minus base) divided by the entries avoided. Both "
             "are ratios of means, without an interval. n/a: not defined, with the reason (no "
             "extra service spend, no entries avoided). Stocks are counted at the end of each week; bands are the "
             "5th-95th percentiles across replicates. Numbers are rounded for reading; the CSV "
             "tables beside this report hold them in full.</p></body></html>\n")
    return "".join(p)


def write_atomically(path, text):
    """Writes via a temporary name and renames, so a failure never leaves half a report."""
    tmp = f"{path}.tmp-{os.getpid()}"
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError as e:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise InputError(f"{path}: cannot write the report ({e.strerror or e})") from None


def main(argv=None):
    ap = argparse.ArgumentParser(description="Write the HTML report of a cscsim comparison.")
    ap.add_argument("--tables", required=True, help="folder with the CSV tables of cscsim compare")
    ap.add_argument("--base", required=True, help="base run file (HDF5)")
    ap.add_argument("--variant", required=True, action="append", help="variant run file (HDF5)")
    ap.add_argument("--out", required=True, help="HTML file to write")
    args = ap.parse_args(argv)
    try:
        data = load_inputs(args)
        write_atomically(args.out, render(data))
    except InputError as e:
        print(f"report.py: {e}", file=sys.stderr)
        return 2
    except Exception as e:  # noqa: BLE001 - an internal error must still exit 1, not 2
        import traceback
        traceback.print_exc()
        print(f"report.py: internal error: {e}", file=sys.stderr)
        return 1
    print(f"report written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
