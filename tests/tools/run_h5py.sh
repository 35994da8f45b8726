#!/usr/bin/env bash
# Runs cscsim on the tiny fixture (2 replicates, 1 year: well under a second) and checks the
# file with h5py (read_h5py.py, under Debian's /usr/bin/python3).
# Usage: run_h5py.sh CSCSIM_BINARY SOURCE_DIR OUTPUT_DIR
set -euo pipefail
if [[ $# -ne 3 ]]; then
  echo "usage: $0 CSCSIM_BINARY SOURCE_DIR OUTPUT_DIR" >&2
  exit 2
fi
cscsim=$1
src=$2
out_dir=$3
out="$out_dir/h5py_tiny.h5"
mkdir -p "$out_dir"
rm -f "$out"
"$cscsim" run "$src/tests/fixtures/bad/tiny.toml" -o "$out" --replicates 2 --years 1 --quiet
exec /usr/bin/python3 "$src/tests/tools/read_h5py.py" "$out"
