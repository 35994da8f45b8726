#!/usr/bin/env bash
# First command of the README: installs the dependencies, builds the release preset and runs
# the baseline scenario (1 LA of 80,000 children, 20 replicates x 5 years), which prints a
# summary table and writes out/baseline.h5.
# Usage: tools/quickstart.sh   (from anywhere; it works in the repository root)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash tools/install_deps.sh
cmake --preset release
cmake --build --preset release
mkdir -p out
build/release/tools/cscsim run scenarios/baseline.toml -o out/baseline.h5
echo
echo "The run file is $(pwd)/out/baseline.h5"
echo "Describe it with:  build/release/tools/cscsim info out/baseline.h5"
