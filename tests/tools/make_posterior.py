#!/usr/bin/python3
"""Writes a calibration posterior file in the layout `cscsim calibrate` writes (docs/calibration.md),
for the tests of `cscsim run --posterior`.

Usage: make_posterior.py OUT.h5 KEY[,KEY...] ROWS [--weights W,W,...] [--incomplete]
  ROWS: particles separated by ';', each the values of the keys separated by ',' ("0.01,2;0.02,3").
  Weights default to equal. Strings are fixed-length, as cscsim writes them (it reads no other).
Run with Debian's /usr/bin/python3 (h5py, numpy).
"""
import argparse

import h5py
import numpy as np


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("keys")
    ap.add_argument("rows")
    ap.add_argument("--weights")
    ap.add_argument("--incomplete", action="store_true")
    a = ap.parse_args()
    keys = a.keys.split(",")
    theta = np.array([[float(x) for x in row.split(",")] for row in a.rows.split(";")], dtype="f8")
    weight = (np.array([float(x) for x in a.weights.split(",")], dtype="f8") if a.weights
              else np.full(theta.shape[0], 1.0 / theta.shape[0]))
    with h5py.File(a.out, "w") as f:
        meta = f.create_group("meta")
        meta.attrs["method"] = np.bytes_("ABC-SMC (test fixture)")
        meta.attrs["config_file"] = np.bytes_("tests/tools/make_posterior.py")
        meta.attrs["parameters"] = np.bytes_("".join(k + "\n" for k in keys))
        meta.attrs["complete"] = np.int64(0 if a.incomplete else 1)
        post = f.create_group("posterior")
        post.create_dataset("theta", data=theta)
        post.create_dataset("weight", data=weight)


if __name__ == "__main__":
    main()
