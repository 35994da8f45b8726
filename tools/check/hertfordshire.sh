#!/usr/bin/env bash
# Whole-council, multi-year check of Family Safeguarding (issue "The care decision and the
# law", item 6): the Hertfordshire-like council of scenarios/hertfordshire.toml runs from April
# 2013 to March 2020, with and without the programme as Hertfordshire ran it (adult
# specialists and administrators in all 22 teams from 2015 in three stages, as
# scenarios/evaluations/family_safeguarding.toml). The change in its looked-after children per
# 10,000 from 31 March 2015 to 31 March 2020, net of the same council without the programme,
# is set against Hertfordshire's published change net of England's (docs/evidence.md 4.8:
# England 60 -> 67 per 10,000, RT-1; Hertfordshire about 40 through the period, RT-4 to RT-6,
# which rests on the assumption GAP-5): about -7 per 10,000. The issue asks for the model
# within 10 per 10,000 of it. A benchmark of the model, not a test: prints the figures.
# Usage: tools/check/hertfordshire.sh [REPLICATES=8] [BINARY=build/release/tools/cscsim]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
reps=${1:-8}
bin=${2:-build/release/tools/cscsim}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$(pwd)
cat > "$work/base.toml" <<TOML
schema = 1
base = "$root/scenarios/hertfordshire.toml"
name = "hertfordshire 2013-2020"
[run]
years = 7
replicates = $reps
TOML
cat > "$work/fs.toml" <<TOML
schema = 1
base = "$work/base.toml"
name = "hertfordshire with family safeguarding"
[interventions.adult_specialists]
enabled = true
start_date = 2015-03-30
rollout = "5@2015-03-30, 6@2015-06-01, 11@2015-09-28"
workers_per_team = 2
social_workers_per_team = 0.682
[interventions.administrators]
enabled = true
start_date = 2015-03-30
rollout = "5@2015-03-30, 6@2015-06-01, 11@2015-09-28"
posts_per_team = 1
TOML
"$bin" run "$work/base.toml" -o "$work/base.h5" --quiet
"$bin" run "$work/fs.toml" -o "$work/fs.h5" --quiet
/usr/bin/python3 - "$work/base.h5" "$work/fs.h5" <<'PY'
import sys
import h5py
import numpy as np

def per10k(path, week):
    with h5py.File(path, "r") as f:
        lac = f["series/stock_looked_after"][:, week, :].sum(axis=1)
        children = f["series/children"][:, week, :].sum(axis=1)
    return 10000.0 * lac / children

# Week 103 ends on 30 March 2015 (the run starts on Monday 1 April 2013); the last week ends in
# March 2020.
base15, base20 = per10k(sys.argv[1], 103), per10k(sys.argv[1], 7 * 52 - 1)
fs15, fs20 = per10k(sys.argv[2], 103), per10k(sys.argv[2], 7 * 52 - 1)
net = (fs20 - fs15) - (base20 - base15)
published = (40 - 40) - (67 - 60)
se = net.std(ddof=1) / np.sqrt(len(net))
print(f"without the programme: {base15.mean():.1f} -> {base20.mean():.1f} looked after per 10,000 (2015 -> 2020)")
print(f"with it:               {fs15.mean():.1f} -> {fs20.mean():.1f}")
print(f"model: change net of the council without the programme {net.mean():+.1f} per 10,000 (se {se:.1f})")
print(f"Hertfordshire net of England (RT-1, RT-4..6; rests on GAP-5): about {published:+.0f} per 10,000")
ok = abs(net.mean() - published) <= 10
print(f"within 10 per 10,000: {'yes' if ok else 'NO'} (difference {net.mean() - published:+.1f}); "
      "this check rests on an assumption (GAP-5), so it is reported, not counted as passed")
PY
