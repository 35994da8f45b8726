#!/usr/bin/python3
"""Screenshots of a report of `cscsim compare` for the documentation: its first printed page (the
summary a members' paper quotes) and its chart of stocks and flows, taken in Debian's headless
chromium.

Usage: tools/report_screenshots.py [REPORT_HTML] [OUT_DIR]
  REPORT_HTML defaults to out/report/report.html (the main job, tools/quickstart.sh); OUT_DIR to
  docs/img. Writes report_summary.png and report_chart.png there, replacing them.
"""
import os
import re
import sys
import tempfile

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "analysis"))
from headless_browser import SUMMARY_ONLY, as_printed, run as chromium, with_markup  # noqa: E402

A4_PX = (794, 1123)  # an A4 page at 96 CSS pixels an inch
PAGE = "<style>body{max-width:none!important;margin:15mm!important;padding:0!important}</style>"


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    report = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "out", "report", "report.html")
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "docs", "img")
    text = open(report, encoding="utf-8").read()
    figure = re.search(r'<figure><img alt="Stocks and flows over time".*?</figure>', text, re.S)
    if figure is None:
        sys.exit(f"report_screenshots.py: {report}: no chart of stocks and flows in the report")
    os.makedirs(out, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="report_shots_") as work:
        first = with_markup(as_printed(text), os.path.join(work, "first.html"), PAGE + SUMMARY_ONLY)
        chromium(work, f"--window-size={A4_PX[0]},{A4_PX[1]}",
                 f"--screenshot={os.path.join(out, 'report_summary.png')}", first)
        head = text[:text.index("</head>")]
        chart = with_markup(head + "</head><body>" + figure.group(0) + "</body></html>",
                            os.path.join(work, "chart.html"))
        chromium(work, f"--window-size={A4_PX[0]},1080", f"--screenshot={os.path.join(out, 'report_chart.png')}",
                 chart)
    print(f"wrote {os.path.join(out, 'report_summary.png')} and {os.path.join(out, 'report_chart.png')}")


if __name__ == "__main__":
    try:
        main()
    except (OSError, RuntimeError) as e:
        sys.exit(f"report_screenshots.py: {e}")
