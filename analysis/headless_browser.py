"""Debian's chromium, headless, for the report's browser test and its screenshots
(tests/analysis/browser_check.py, tools/report_screenshots.py)."""
import os
import shutil
import subprocess


def run(profile_dir, *args):
    """Runs headless chromium with its profile in profile_dir; returns its stdout.

    Raises RuntimeError when chromium is missing or fails."""
    exe = shutil.which("chromium")
    if exe is None:
        raise RuntimeError("Debian's chromium is not installed (tools/install_deps.sh installs it)")
    cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
           "--disable-extensions", f"--user-data-dir={os.path.join(profile_dir, 'profile')}", *args]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"chromium exited {done.returncode}: {done.stderr[-1000:]}")
    return done.stdout


def with_markup(html_text, path, head="", body=""):
    """Writes a copy of a page with extra markup at the end of its head and body; returns its URL."""
    text = html_text.replace("</head>", head + "</head>", 1).replace("</body>", body + "</body>", 1)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    return "file://" + os.path.abspath(path)


def as_printed(html_text):
    """The page with its print stylesheet applied on screen (the report's @media print rules)."""
    return html_text.replace("@media print{", "@media all{")


# Hides everything after the report's summary: what prints is the page a members' paper quotes.
SUMMARY_ONLY = "<style>#summary ~ *{display:none!important}</style>"
