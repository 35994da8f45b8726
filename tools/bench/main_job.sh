#!/usr/bin/env bash
# Times the README's main job (baseline and all interventions, then compare without the
# report) N times with an already built release binary and prints each wall time and the
# median, for the "main job within 5%" checks of a refactor. Timing is a benchmark, not a test.
# Usage: tools/bench/main_job.sh [RUNS=5] [BINARY=build/release/tools/cscsim]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
runs=${1:-5}
bin=${2:-build/release/tools/cscsim}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
times=()
for ((i = 1; i <= runs; ++i)); do
  start=$(date +%s.%N)
  "$bin" run scenarios/baseline.toml -o "$work/baseline.h5" --force --quiet
  "$bin" run scenarios/all_interventions.toml -o "$work/all.h5" --force --quiet
  "$bin" compare "$work/baseline.h5" "$work/all.h5" -o "$work/report" --force --no-report >/dev/null
  end=$(date +%s.%N)
  t=$(echo "$end - $start" | bc)
  times+=("$t")
  echo "run $i: $t s"
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "median of %d: %.2f s\n", NR, a[int((NR+1)/2)]}'
"$bin" info --digest "$work/baseline.h5" | tail -1
"$bin" info --digest "$work/all.h5" | tail -1
