#!/usr/bin/env bash
# First command of the README: installs the dependencies, builds the release preset, runs the
# baseline LA (80,000 children, 20 replicates x 5 years; prints a summary table) and the
# all-interventions scenario with the same seed, then compares them (paired differences,
# costs) and writes the commissioner's report.
# Usage: tools/quickstart.sh   (from anywhere; it works in the repository root)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash tools/install_deps.sh
cmake --preset release
cmake --build --preset release --target cscsim   # the program only; tools/test.sh builds the tests
mkdir -p out
# Burn-in snapshots (docs/cluster.md): the second run starts from the baseline's state at the
# end of its 15 years of burn-in (the same output); a rerun of this script starts both from them.
build/release/tools/cscsim run scenarios/baseline.toml -o out/baseline.h5 --force --snapshots out/snapshots
build/release/tools/cscsim run scenarios/all_interventions.toml -o out/all_interventions.h5 --quiet --force \
  --snapshots out/snapshots
build/release/tools/cscsim compare out/baseline.h5 out/all_interventions.h5 -o out/report --force
echo
echo "Runs:   $(pwd)/out/baseline.h5 and $(pwd)/out/all_interventions.h5"
echo "Report: $(pwd)/out/report/report.html (tables beside it as CSV)"
