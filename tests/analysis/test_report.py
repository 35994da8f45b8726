#!/usr/bin/python3
"""Tests analysis/report.py (the commissioner's HTML report of `cscsim compare`).

Usage: test_report.py [REPORT_PY] [WORK_DIR]
  REPORT_PY defaults to analysis/report.py beside this tree; WORK_DIR (kept, for a look at the
  sample report) defaults to a temporary folder that is removed at the end.

Builds a synthetic comparison with make_fixture.py (two tiny HDF5 run files per the documented
layout, the CSV tables and comparison.json), runs report.py as the C++ side would, and checks:
  - the report is self-contained: base64 PNG charts that decode, no http(s) links, scripts,
    stylesheets or other external resources, under 2 MB for 2 variants;
  - every number in its tables equals the CSV value it came from: each cell names its source
    (table data-source/data-variant, row data-metric/data-period, cell data-col), the exact
    value in data-value must equal the CSV float, and the displayed text must be that value
    (divided by the cell's data-scale, e.g. 1000000 for GBP million) rounded to the decimals
    shown; every CSV row and number must appear;
  - the summary says what it must (break-even or not, an interval including zero, pairing);
  - bad input (missing or malformed CSV, JSON or HDF5, an incomplete run, an unwritable output)
    exits 2 naming the file and leaves no report behind.
Prints one line per check and `N passed, M failed`; exits 1 when any check failed.
Run with Debian's /usr/bin/python3 (h5py, numpy, matplotlib).
"""
import base64
import datetime as dt
import csv
import html.parser
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # leave no __pycache__ in the source tree
sys.path.insert(0, HERE)
import make_fixture  # noqa: E402

REPORT = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1] != "--check-html" else \
    os.path.join(HERE, "..", "..", "analysis", "report.py")
RESULTS = {"passed": 0, "failed": 0}
MPL_DIR = []  # matplotlib's cache, inside the work folder so the test writes nowhere else


def check(name, ok, detail=""):
    """Records one check; a failure prints its detail and the run goes on to the next check."""
    RESULTS["passed" if ok else "failed"] += 1
    print(("PASS " if ok else "FAIL ") + name + ("" if ok or not detail else f": {detail}"))
    return ok


def run(tables, base, variants, out):
    """Runs report.py the way `cscsim compare` does; returns (exit status, stderr)."""
    cmd = [sys.executable, REPORT, "--tables", tables, "--base", base, "--out", out]
    for v in variants:
        cmd += ["--variant", v]
    env = dict(os.environ, MPLCONFIGDIR=MPL_DIR[0]) if MPL_DIR else None
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env)
    return p.returncode, p.stderr


class Cells(html.parser.HTMLParser):
    """Collects every table cell with the attributes of its table and row, and every <img> src."""

    def __init__(self):
        super().__init__()
        self.cells, self.imgs, self.table, self.row, self.cell = [], [], {}, {}, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.table = a
        elif tag == "tr":
            self.row = a
        elif tag in ("td", "th"):
            self.cell = {"tag": tag, "attrs": a, "table": self.table, "row": self.row, "text": ""}
        elif tag == "img":
            self.imgs.append(a.get("src", ""))

    def handle_data(self, data):
        if self.cell is not None:
            self.cell["text"] += data

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.cell["text"] = self.cell["text"].strip()
            self.cells.append(self.cell)
            self.cell = None


def shown_matches(text, value):
    """True when the displayed text is `value` rounded to the decimals it shows."""
    t = text.replace(",", "").replace("\u2212", "-")
    try:
        shown = float(t)
    except ValueError:
        return False
    decimals = len(t.split(".")[1]) if "." in t else 0
    return abs(shown - value) <= 0.5 * 10 ** -decimals * (1 + 1e-9) + 1e-12 * abs(value)


def is_number(text):
    try:
        float(text.replace(",", ""))
        return True
    except ValueError:
        return False


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def check_numbers(cells, tables, metas):
    """Every number cell equals its CSV (or /meta) source, and every CSV number is shown."""
    diff = {(r["variant"], r["metric"], r["period"]): r
            for r in read_csv(os.path.join(tables, "differences.csv"))}
    be = {r["variant"]: r for r in read_csv(os.path.join(tables, "break_even.csv"))}
    drivers_path = os.path.join(tables, "drivers.csv")  # with posterior draws only
    drivers = {(r["variant"], r["parameter"], r["metric"]): r
               for r in (read_csv(drivers_path) if os.path.isfile(drivers_path) else [])}
    seen, bad, numeric = set(), [], 0
    for c in cells:
        col = c["attrs"].get("data-col")
        src = c["table"].get("data-source")
        if c["tag"] != "td" or col is None:
            if c["tag"] == "td" and is_number(c["text"]):
                bad.append(f"number cell without a source: {c['text']}")
            continue
        if src == "differences.csv":
            key = (c["table"].get("data-variant"), c["row"].get("data-metric"),
                   c["row"].get("data-period"))
            csv_text = diff.get(key, {}).get(col)
        elif src == "break_even.csv":
            key = (c["row"].get("data-variant"),)
            csv_text = be.get(key[0], {}).get(col)
        elif src == "drivers.csv":
            key = (c["table"].get("data-variant"), c["row"].get("data-parameter"),
                   c["attrs"].get("data-metric"))
            csv_text = drivers.get(key, {}).get(col)
        elif src == "meta":
            key = (c["row"].get("data-scenario"),)
            csv_text = str(metas.get(key[0], {}).get(col))
        else:
            bad.append(f"cell with unknown source {src}")
            continue
        if csv_text is None:
            bad.append(f"{src} {key} {col}: no such CSV cell")
            continue
        seen.add((src,) + key + (col,))
        dv = c["attrs"].get("data-value", "")
        if csv_text == "":
            if c["text"] != "n/a" or dv != "":
                bad.append(f"{src} {key} {col}: empty in the CSV, shown as '{c['text']}'")
            continue
        numeric += 1
        if dv == "" or float(dv) != float(csv_text):
            bad.append(f"{src} {key} {col}: data-value {dv!r} != CSV {csv_text!r}")
        elif not shown_matches(c["text"], float(csv_text) / float(c["attrs"].get("data-scale", "1"))):
            bad.append(f"{src} {key} {col}: shown '{c['text']}' is not CSV {csv_text} "
                       f"/ {c['attrs'].get('data-scale', '1')} rounded")
    # The net cost is the difference of the total spend, whose row shows it in the tables; its
    # own row shows in the summary (difference and interval), and must equal the total spend's.
    want = {("differences.csv",) + k + (col,) for k in diff
            for col in (("difference",) if k[1] == "net_cost" else
                        ("base_mean", "variant_mean", "difference", "ci_low", "ci_high", "replicates"))}
    for (v, m, period), r in diff.items():
        if m == "net_cost" and (v, "spend_total", period) in diff:
            t = diff[(v, "spend_total", period)]
            if any(r[c] != t[c] for c in ("base_mean", "variant_mean", "difference", "ci_low", "ci_high")):
                bad.append(f"net cost {v} {period} differs from the total spend's difference")
    want |= {("break_even.csv", v, col) for v in be
             for col in ("break_even_week", "cumulative_net_saving")}
    if any(r["one_point"] is False for r in [json_posterior(tables)] if r):
        want |= {("drivers.csv",) + k + ("spearman_rho",) for k in drivers}
    missing = sorted(want - seen)
    check("every table number equals its CSV value (exact data-value, rounded display)",
          not bad, "; ".join(bad[:5]) + (f" (+{len(bad) - 5} more)" if len(bad) > 5 else ""))
    check("every CSV row and number appears in the tables", not missing and numeric > 100,
          f"{len(missing)} missing, e.g. {missing[:3]}; {numeric} numeric cells")


def json_posterior(tables):
    """comparison.json's "posterior" (None without posterior draws)."""
    import json
    with open(os.path.join(tables, "comparison.json"), encoding="utf-8") as fh:
        return json.load(fh).get("posterior")


def check_self_contained(text, imgs, size):
    check("report has at least 4 embedded PNG charts (stocks, spend, cumulative net cost, differences)",
          len(imgs) >= 4 and all(s.startswith("data:image/png;base64,") for s in imgs)
          and 'alt="Cumulative net cost"' in text,
          f"{len(imgs)} images: {[s[:40] for s in imgs]}")
    decoded = []
    for s in imgs:
        try:
            decoded.append(base64.b64decode(s.split(",", 1)[1], validate=True))
        except (ValueError, IndexError):
            decoded.append(b"")
    check("every chart decodes to a PNG",
          decoded and all(d.startswith(b"\x89PNG\r\n\x1a\n") and len(d) > 5000 for d in decoded))
    low = text.lower()
    found = [w for w in ("http://", "https://", "<script", "<link", "@import", "url(", "//cdn")
             if w in low]
    check("no external resources, links or scripts", not found, f"found {found}")
    check("report under 2 MB with 2 variants", size < 2_000_000, f"{size} bytes")


def bad_input_cases(root):
    """Each case: (name, how to break a fresh fixture, the path the message must name)."""
    def rm(p):
        return lambda: os.remove(p)

    def write(p, text, mode="w"):
        def f():
            with open(p, mode) as fh:
                fh.write(text)
        return f

    def truncate(p):
        def f():
            data = open(p, "rb").read()
            open(p, "wb").write(data[:len(data) // 3])
        return f

    def incomplete(p):
        def f():
            import h5py
            with h5py.File(p, "r+") as h:
                h["meta"].attrs["complete"] = 0
        return f

    def drop_meta(p):
        def f():
            import h5py
            with h5py.File(p, "r+") as h:
                del h["meta"]
        return f

    def edit_csv(p, old, new, count=1):
        def f():
            text = open(p).read()
            assert old in text, (p, old)
            open(p, "w").write(text.replace(old, new, count))
        return f

    t = os.path.join(root, "tables")
    d, s, st, b, j = (os.path.join(t, n) for n in ("differences.csv", "spend.csv", "stocks.csv",
                                                    "break_even.csv", "comparison.json"))
    base, v1 = os.path.join(root, "base.h5"), os.path.join(root, "v1.h5")
    return [
        ("missing differences.csv", rm(d), d),
        ("differences.csv without the ci_high column", edit_csv(d, ",ci_high", ""), d),
        ("spend.csv with a non-numeric mean", edit_csv(s, "\nbaseline,placements,0,",
                                                       "\nbaseline,placements,0,abc"), s),
        ("stocks.csv empty", write(st, ""), st),
        ("stocks.csv with a short row", write(st, "\nbaseline,stock_cp,1\n", "a"), st),
        ("missing break_even.csv", rm(b), b),
        ("comparison.json not JSON", write(j, "{not json"), j),
        ("missing base HDF5", rm(base), base),
        ("variant HDF5 is a text file", write(v1, "not an HDF5 file\n"), v1),
        ("truncated variant HDF5", truncate(v1), v1),
        ("base HDF5 without /meta", drop_meta(base), base),
        ("incomplete variant run (complete = 0)", incomplete(v1), v1),
        ("variant scenario absent from differences.csv",
         edit_csv(d, "\nvariant 1,", "\nrenamed,", -1), d),
    ]


def main():
    keep = len(sys.argv) > 2
    work = os.path.abspath(sys.argv[2]) if keep else tempfile.mkdtemp(prefix="test_report_")
    os.makedirs(work, exist_ok=True)
    # A kept WORK_DIR is reused by the next run: clear what this test writes there (and only
    # that), so a report left by an earlier run can never pass for this run's.
    for sub in ["good", "unpaired", "no_such_dir", "mplconfig"] + \
            [f"bad{i}" for i in range(len(bad_input_cases(work)))]:
        shutil.rmtree(os.path.join(work, sub), ignore_errors=True)
    MPL_DIR.append(os.path.join(work, "mplconfig"))
    try:
        tables, base, variants = make_fixture.make(os.path.join(work, "good"))
        out = os.path.join(tables, "report.html")
        rc, err = run(tables, base, variants, out)
        check("report.py exits 0 on good input", rc == 0, err.strip()[-2000:])
        if not check("report.html exists", os.path.isfile(out)):
            return
        text = open(out, encoding="utf-8").read()
        p = Cells()
        p.feed(text)
        check_self_contained(text, p.imgs, os.path.getsize(out))
        import h5py
        metas = {}
        for f in [base] + variants:
            with h5py.File(f) as h:
                a = h["meta"].attrs
                metas[a["scenario_name"]] = {k: int(a[k]) for k in ("replicates", "weeks", "seed")}
        check_numbers(p.cells, tables, metas)
        words = " ".join(text.split())
        check("summary gives the break-even week of variant 1",
              "turns positive in week 87" in words)
        check("summary says variant 2 does not break even",
              "does not break even within the horizon" in words.lower())
        check("summary says plainly when an interval includes zero", "includes zero" in words)
        check("report says the comparison is paired (common random numbers)",
              "common random numbers" in words and "Unpaired" not in words)
        check("n/a shown for empty cells", ">n/a<" in text)
        check("an undefined ratio says why", "(n/a: no care entries avoided)" in words)
        fixture_weeks = metas[next(iter(metas))]["weeks"]
        labels = [make_fixture.fy_label(make_fixture.START + dt.timedelta(days=7 * w)) for w in range(fixture_weeks)]
        odd = {y: labels.count(y) for y in dict.fromkeys(labels) if labels.count(y) != 52}
        check("financial years that are not 52 weeks long are flagged",
              bool(odd) and all(f"{y}: {n} weeks" in words for y, n in odd.items()), str(odd))
        check("summary names a measure that got worse (a harm)",
              "Worse than the base: children on child protection plans (+3" in words)
        check("summary speaks of whole children", not re.search(r"\d\.\d+ (fewer|more) children", words))
        summary = text.split('<section id="summary">', 1)[-1].split("</section>", 1)[0]
        check("summary gives each variant's net cost by financial year in GBP million, partial years marked",
              summary.count('class="summary-cost"') == 2 and 'data-scale="1000000"' in summary
              and "£ million" in summary and all(f"{y} ({n} weeks)" in summary for y, n in odd.items()), str(odd))
        check("the report says what was modelled: the council, each intervention's dose, the horizon, the calibration",
              "What was modelled" in words and "Medium LA: 80,000 children, 16 teams" in words
              and "Intervention: adult specialists" in words and "workers per team 3.0" in words
              and "260 weeks" not in words and "120 weeks from" in words
              and "<th>Calibration</th><td>every replicate at the scenario" in text)
        check("the report says what the comparison cannot say", "What the comparison cannot say" in words)
        check("summary flags a stock outside anything observed across English councils",
              words.count("Outside anything observed across English councils") == 1
              and "looked-after children 12 per 10,000 in Fixture LA" in words)

        utables, ubase, uvariants = make_fixture.make(os.path.join(work, "unpaired"),
                                                      variants=1, paired=False)
        uout = os.path.join(utables, "report.html")
        rc, err = run(utables, ubase, uvariants, uout)
        words = " ".join(open(uout).read().split()) if os.path.isfile(uout) else ""
        check("unpaired comparison with one variant: exit 0 and says unpaired",
              rc == 0 and "Unpaired comparison" in words and "independent samples" in words,
              err.strip()[-500:])

        for i in range(len(bad_input_cases(work))):
            root = os.path.join(work, f"bad{i}")
            t, b, v = make_fixture.make(root, variants=2)
            name, breakit, path = bad_input_cases(root)[i]
            try:
                breakit()
            except Exception as e:  # noqa: BLE001 - a fixture that no longer fits is a failure
                check(f"bad input, {name}: set up", False, repr(e))
                continue
            o = os.path.join(t, "report.html")
            rc, err = run(t, b, v, o)
            check(f"bad input, {name}: exit 2 naming the file, no report",
                  rc == 2 and path in err and not os.path.exists(o),
                  f"exit {rc}, stderr: {err.strip()}")
        o = os.path.join(work, "no_such_dir", "report.html")
        rc, err = run(tables, base, variants, o)
        check("unwritable output path: exit 2 naming it", rc == 2 and o in err,
              f"exit {rc}, stderr: {err.strip()}")
        rc, err = run(tables, base, [], out)
        check("no --variant: usage error, exit 2", rc == 2, f"exit {rc}")
    finally:
        print(f"{RESULTS['passed']} passed, {RESULTS['failed']} failed")
        if keep:
            print(f"sample report: {os.path.join(work, 'good', 'tables', 'report.html')}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 1 if RESULTS["failed"] else 0


def check_existing(html_path, tables):
    """Checks a report written by `cscsim compare` on real runs: self-contained, and every
    number in its tables equal to the CSV value it came from (the same checks as above)."""
    import json
    import h5py
    text = open(html_path, encoding="utf-8").read()
    p = Cells()
    p.feed(text)
    check_self_contained(text, p.imgs, os.path.getsize(html_path))
    info = json.load(open(os.path.join(tables, "comparison.json"), encoding="utf-8"))
    metas = {}
    for run_info in [info["base"]] + info["variants"]:
        with h5py.File(run_info["file"]) as h:
            a = h["meta"].attrs
            name = a["scenario_name"]  # cscsim writes fixed-length strings: h5py gives bytes
            name = name.decode("utf-8") if isinstance(name, bytes) else str(name)
            metas[name] = {k: int(a[k]) for k in ("replicates", "weeks", "seed")}
    check_numbers(p.cells, tables, metas)
    print(f"{RESULTS['passed']} passed, {RESULTS['failed']} failed")
    return 1 if RESULTS["failed"] else 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--check-html":
        sys.exit(check_existing(sys.argv[2], sys.argv[3]))
    sys.exit(main())
