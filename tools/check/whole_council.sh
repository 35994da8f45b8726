#!/usr/bin/env bash
# Whole-council, five-year checks of the care issue ("The care decision and the law", how it
# is checked): the main job's council (scenarios/baseline.toml, 5 years) with adult
# specialists alone must keep at least 65% of the counterfactual looked-after stock at the
# end of year 5, and with all interventions avert at most half of the counterfactual care
# entries over the 5 years. Paired runs (common random numbers); replicate means and the
# standard error of the paired ratio. A benchmark of the model, not a test: prints figures.
# Usage: tools/check/whole_council.sh [REPLICATES=6] [BINARY=build/release/tools/cscsim]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
reps=${1:-6}
bin=${2:-build/release/tools/cscsim}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for s in baseline adult_specialists all_interventions; do
  "$bin" run "scenarios/$s.toml" --replicates "$reps" -o "$work/$s.h5" --quiet
done
/usr/bin/python3 - "$work" <<'PY'
import sys
import h5py
import numpy as np

def series(name, metric):
    with h5py.File(f"{sys.argv[1]}/{name}.h5", "r") as f:
        return f["series"][metric][...].sum(axis=2)  # (replicates, weeks)

def paired(a, b):
    r = a / b
    return r.mean(), r.std(ddof=1) / np.sqrt(len(r)) if len(r) > 1 else float("nan")

base_lac = series("baseline", "stock_looked_after")[:, -1]
kept, se = paired(series("adult_specialists", "stock_looked_after")[:, -1], base_lac)
print(f"adult specialists alone: looked-after stock at the end kept {kept:.1%} (se {se:.1%}) of the counterfactual"
      f" (issue: at least 65%); baseline {base_lac.mean():.0f} children")
base_entries = series("baseline", "care_entries").sum(axis=1)
left, se = paired(series("all_interventions", "care_entries").sum(axis=1), base_entries)
print(f"all interventions: care entries over the horizon averted {1 - left:.1%} (se {se:.1%})"
      f" (issue: at most 50%); baseline {base_entries.mean():.0f} entries")
PY
