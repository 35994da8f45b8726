#!/usr/bin/python3
"""Corrupts a copy of a file by changing N bytes at random offsets (fixed seed), and runs the
flip experiment on run files.

Usage:
  flip_bytes.py flip SRC DST SEED [N]      copy SRC to DST with N (default 20) bytes changed:
                                           each XORed with a random nonzero value
  flip_bytes.py experiment CSCSIM RUN.h5 WORKDIR [TRIALS] [N]
      For seeds 0..TRIALS-1 (default 200): corrupt RUN.h5, then run `cscsim info` and
      `cscsim info --verify` on it and `cscsim compare` with the intact file as base and as
      variant (--no-report). Each result
      is "rejected" (exit 2), "accepted, unchanged" (exit 0, output equal to the intact
      file's), "ACCEPTED, CHANGED" (exit 0, output differs) or "CRASH" (any other exit).
      Prints the counts; exits 1 if any corruption was accepted with a changed result or
      crashed.
"""
import filecmp
import os
import random
import shutil
import subprocess
import sys

TABLES = ["differences.csv", "break_even.csv", "spend.csv", "stocks.csv"]


def flip(src, dst, seed, n=20):
    data = bytearray(open(src, "rb").read())
    rng = random.Random(seed)
    for _ in range(n):
        i = rng.randrange(len(data))
        data[i] ^= rng.randrange(1, 256)
    with open(dst, "wb") as fh:
        fh.write(data)


def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def info_output(cscsim, path):
    rc, out, err = run([cscsim, "info", path])
    return rc, out.replace(path, "FILE"), err


def compare_output(cscsim, base, variant, out_dir):
    shutil.rmtree(out_dir, ignore_errors=True)
    rc, out, err = run([cscsim, "compare", base, variant, "-o", out_dir, "--no-report", "--force"])
    tables = {}
    if rc == 0:
        for t in TABLES:
            p = os.path.join(out_dir, t)
            tables[t] = open(p).read() if os.path.exists(p) else None
    return rc, out.replace(out_dir, "DIR"), tables, err


def classify(rc, same):
    if rc == 2:
        return "rejected"
    if rc == 0:
        return "accepted, unchanged" if same else "ACCEPTED, CHANGED"
    return "CRASH"


def experiment(cscsim, good, work, trials=200, n=20):
    os.makedirs(work, exist_ok=True)
    # The intact file's results, with the same paths the corrupt runs will use.
    bad = os.path.join(work, "corrupt.h5")
    shutil.copy(good, bad)
    ref_info = info_output(cscsim, bad)
    ref_verify = run([cscsim, "info", "--verify", bad])
    ref_cmp_v = compare_output(cscsim, good, bad, os.path.join(work, "cmp_v"))
    ref_cmp_b = compare_output(cscsim, bad, good, os.path.join(work, "cmp_b"))
    for ref in (ref_info, ref_verify, ref_cmp_v, ref_cmp_b):
        if ref[0] != 0:
            print(f"error: the intact file does not pass: {ref[-1]}", file=sys.stderr)
            return 2
    counts = {}
    bad_cases = []
    for seed in range(trials):
        flip(good, bad, seed, n)
        rc, out, _ = info_output(cscsim, bad)
        results = {"info": classify(rc, (rc, out) == ref_info[:2])}
        rc, out, _ = run([cscsim, "info", "--verify", bad])
        results["info --verify"] = classify(rc, out == ref_verify[1])
        for key, base, variant, ref in (("compare (corrupt variant)", good, bad, ref_cmp_v),
                                        ("compare (corrupt base)", bad, good, ref_cmp_b)):
            rc, out, tables, _ = compare_output(cscsim, base, variant, os.path.join(work, "cmp"))
            results[key] = classify(rc, out == ref[1] and tables == ref[2])
        for key, r in results.items():
            counts.setdefault(key, {}).setdefault(r, 0)
            counts[key][r] += 1
            if r in ("ACCEPTED, CHANGED", "CRASH"):
                bad_cases.append(f"seed {seed}: {key}: {r}")
    print(f"{trials} corruptions of {good} ({n} bytes changed each):")
    for key, c in counts.items():
        print(f"  {key:28s} " + ", ".join(f"{k}: {v}" for k, v in sorted(c.items())))
    for b in bad_cases:
        print("  " + b)
    return 1 if bad_cases else 0


def main(argv):
    if len(argv) >= 4 and argv[0] == "flip":
        flip(argv[1], argv[2], int(argv[3]), int(argv[4]) if len(argv) > 4 else 20)
        return 0
    if len(argv) >= 4 and argv[0] == "experiment":
        trials = int(argv[4]) if len(argv) > 4 else 200
        n = int(argv[5]) if len(argv) > 5 else 20
        return experiment(argv[1], argv[2], argv[3], trials, n)
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
