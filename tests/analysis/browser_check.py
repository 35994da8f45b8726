#!/usr/bin/python3
"""Renders a report of `cscsim compare` in a real headless browser (Debian's chromium) and checks
what a reader would see (issue "A what-if answer with all its uncertainty", item 3).

Usage: browser_check.py REPORT_HTML WORK_DIR

Checks, each printed as one line, then `N passed, M failed` (exit 1 when any failed):
  - the page loads and its script-free content lays out (a probe script, added to a copy of the
    report in WORK_DIR, reports what the browser laid out);
  - every chart shows: each image decoded (natural width > 0) and laid out with a size;
  - no table is wider than an A4 page: laid out as printed (the report's print stylesheet) at
    the printable width of A4 with 15 mm margins (180 mm), no table overflows it;
  - the report prints to PDF on A4 pages (the print stylesheet's @page), more than one page;
  - the summary prints on one A4 page: the report with everything after the summary hidden
    prints to exactly one page.
The report itself is never changed; copies are written to WORK_DIR.
"""
import html
import json
import os
import re
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True  # leave no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "analysis"))
from headless_browser import SUMMARY_ONLY, as_printed, run as chromium, with_markup  # noqa: E402

RESULTS = {"passed": 0, "failed": 0}
A4_POINTS = (595.28, 841.89)  # A4 in PDF points (1/72 inch)
PRINTABLE_PX = round(180 / 25.4 * 96)  # A4 less two 15 mm margins, in CSS pixels (96 per inch)

PROBE = """<script>
window.addEventListener("load", function () {
  var r = {images: [], tables: [], summary: !!document.getElementById("summary")};
  document.querySelectorAll("img").forEach(function (im) {
    var b = im.getBoundingClientRect();
    r.images.push({alt: im.alt, natural: im.naturalWidth, width: b.width, height: b.height});
  });
  document.querySelectorAll("table").forEach(function (t) {
    var c = t.querySelector("caption");
    r.tables.push({caption: c ? c.textContent.slice(0, 80) : "(no caption)",
                   width: Math.max(t.scrollWidth, t.getBoundingClientRect().right)});
  });
  var pre = document.createElement("pre");
  pre.id = "browser-probe";
  pre.textContent = JSON.stringify(r);
  document.body.appendChild(pre);
});
</script>"""
# Lays the page out as wide as A4's printable width (with the print stylesheet applied).
AT_PRINT_WIDTH = "<style>body{max-width:none!important;margin:0!important;padding:0!important}</style>"


def check(name, ok, detail=""):
    RESULTS["passed" if ok else "failed"] += 1
    print(("ok   " if ok else "FAIL ") + name + ("" if ok or not detail else f": {detail}"))
    return ok


def pdf_pages(path):
    """The page sizes of a PDF written by chromium (uncompressed page dictionaries)."""
    data = open(path, "rb").read()
    if not data.startswith(b"%PDF"):
        return None
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    boxes = {tuple(round(float(x), 1) for x in m.groups()[2:])
             for m in re.finditer(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", data)}
    return pages, boxes


def is_a4(boxes):
    return bool(boxes) and all(abs(w - A4_POINTS[0]) < 2 and abs(h - A4_POINTS[1]) < 2 for w, h in boxes)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    report, work = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    text = open(report, encoding="utf-8").read()

    dom = chromium(work, f"--window-size={PRINTABLE_PX},1200", "--virtual-time-budget=10000", "--dump-dom",
                   with_markup(as_printed(text), os.path.join(work, "probe.html"), AT_PRINT_WIDTH, PROBE))
    m = re.search(r'<pre id="browser-probe">(.*?)</pre>', dom, re.S)
    if not check("the report loads in chromium and the probe reports its layout", m is not None,
                 dom[-300:]):
        return
    probe = json.loads(html.unescape(m.group(1)))
    blank = [i["alt"] for i in probe["images"] if not (i["natural"] > 0 and i["width"] > 0 and i["height"] > 0)]
    check("every chart shows (decoded and laid out with a size)", probe["images"] and not blank,
          f"{len(probe['images'])} images; not shown: {blank[:3]}")
    wide = [f"{t['caption']} ({t['width']:.0f} px)" for t in probe["tables"] if t["width"] > PRINTABLE_PX + 0.5]
    check(f"no table is wider than an A4 page's printable width ({PRINTABLE_PX} px)",
          probe["tables"] and not wide, f"{len(wide)} of {len(probe['tables'])}: {wide[:3]}")
    check("the report has a summary section", probe["summary"])

    full = os.path.join(work, "report.pdf")
    chromium(work, "--no-pdf-header-footer", f"--print-to-pdf={full}", "file://" + report)
    got = pdf_pages(full)
    check("the report prints to PDF on A4 pages, more than one", got is not None and got[0] > 1 and is_a4(got[1]),
          str(got))
    summary = os.path.join(work, "summary.pdf")
    chromium(work, "--no-pdf-header-footer", f"--print-to-pdf={summary}",
             with_markup(text, os.path.join(work, "summary_only.html"), SUMMARY_ONLY))
    got = pdf_pages(summary)
    check("the summary prints on one A4 page", got is not None and got[0] == 1 and is_a4(got[1]), str(got))


if __name__ == "__main__":
    try:
        main()
    except (OSError, RuntimeError, subprocess.TimeoutExpired, ValueError) as e:
        check("the browser check ran", False, str(e))
    print(f"{RESULTS['passed']} passed, {RESULTS['failed']} failed")
    sys.exit(1 if RESULTS["failed"] else 0)
