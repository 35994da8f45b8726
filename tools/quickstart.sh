#!/usr/bin/env bash
# First command of the README: installs the dependencies, builds the release preset, runs the
# baseline LA (80,000 children, 20 replicates x 5 years, their parameters drawn from the
# baseline's joint posterior; prints a summary table) and the all-interventions scenario with
# the same seed and draws, then compares them (paired differences, costs, the total interval
# and its parameter part) and writes the commissioner's report.
# Usage: tools/quickstart.sh   (from anywhere; it works in the repository root)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash tools/install_deps.sh
cmake --preset release
cmake --build --preset release --target cscsim   # the program only; tools/test.sh builds the tests
mkdir -p out
# Parameter uncertainty (README, "Parameter uncertainty"): each of 10 draws from the baseline's
# joint posterior (scenarios/posterior/baseline.h5, rebuilt by scenarios/calibration/joint.toml)
# runs 2 replicates, in both scenarios alike, so the report gives the total interval and how
# much of it the parameters make. Burn-in snapshots (docs/cluster.md): the second run starts
# from the baseline's state at the end of each replicate's 15 years of burn-in (the same
# output); a rerun of this script starts both from them.
POSTERIOR=(--posterior scenarios/posterior/baseline.h5 --draws 10 --per-draw 2)
build/release/tools/cscsim run scenarios/baseline.toml -o out/baseline.h5 --force --snapshots out/snapshots \
  "${POSTERIOR[@]}"
build/release/tools/cscsim run scenarios/all_interventions.toml -o out/all_interventions.h5 --quiet --force \
  --snapshots out/snapshots "${POSTERIOR[@]}"
build/release/tools/cscsim compare out/baseline.h5 out/all_interventions.h5 -o out/report --force \
  --posterior scenarios/posterior/baseline.h5
echo
echo "Runs:   $(pwd)/out/baseline.h5 and $(pwd)/out/all_interventions.h5"
echo "Report: $(pwd)/out/report/report.html (tables beside it as CSV)"
