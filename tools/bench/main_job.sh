#!/usr/bin/env bash
# Times the README's main job (baseline and all interventions, then compare without the
# report) N times with an already built release binary and prints each wall time and the
# median, for the "main job within 5%" checks of a refactor. Timing is a benchmark, not a test.
# Three ways (issue "Batch runs on a cluster", item 5: the time with snapshots against without):
#   without     --no-snapshots: both runs run their 15 years of burn-in;
#   first       an empty snapshot folder: the baseline runs its burn-in and saves it, the
#               variant starts from it (the main job's first run on a machine);
#   again       the folder the first way left: both start from the snapshots (a rerun).
# Each way's outputs must have the same digests: the last lines print them.
# Usage: tools/bench/main_job.sh [RUNS=5] [BINARY=build/release/tools/cscsim]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
runs=${1:-5}
bin=${2:-build/release/tools/cscsim}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

main_job() {  # main_job SNAPSHOT_OPTIONS...
  "$bin" run scenarios/baseline.toml -o "$work/baseline.h5" --force --quiet "$@"
  "$bin" run scenarios/all_interventions.toml -o "$work/all.h5" --force --quiet "$@"
  "$bin" compare "$work/baseline.h5" "$work/all.h5" -o "$work/report" --force --no-report >/dev/null
}

seconds() {  # seconds CMD...: runs it, prints its wall time
  local start end
  start=$(date +%s.%N)
  "$@"
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

median() { sort -n | awk '{a[NR]=$1} END {printf "%.2f", a[int((NR+1)/2)]}'; }

declare -A all=()
for ((i = 1; i <= runs; ++i)); do
  without=$(seconds main_job --no-snapshots)
  rm -rf "$work/cache"
  first=$(seconds main_job --snapshots "$work/cache")
  again=$(seconds main_job --snapshots "$work/cache")
  all[without]+="$without "
  all[first]+="$first "
  all[again]+="$again "
  echo "run $i: without snapshots $without s, first with $first s, again $again s"
done
for way in without first again; do
  printf 'median of %d, %-8s %s s\n' "$runs" "$way:" "$(tr ' ' '\n' <<<"${all[$way]}" | grep . | median)"
done
echo "snapshot folder: $(du -sh "$work/cache" | cut -f1) ($("$bin" snapshots "$work/cache" | sed 's/.*: //'))"
"$bin" info --digest "$work/baseline.h5" | tail -1
"$bin" info --digest "$work/all.h5" | tail -1
