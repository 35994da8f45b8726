#!/usr/bin/env bash
# Cost per child as a council grows (issue "England in seconds", item 1: a 1.28-million-child
# council should cost within 1.3x per child of an 80,000-child one). One replicate of one
# council of 80,000, 320,000 and 1,280,000 children (teams scaled, 1 per 5,000 children), 20
# simulated years (15 of burn-in, 5 recorded), one thread, cohort recorded as the main job
# does; prints CPU seconds, peak memory, and per child. A benchmark, not a test.
# Usage: tools/bench/scaling.sh [BINARY=build/release/tools/cscsim] [SIZES="80000 320000 1280000"]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
bin=${1:-build/release/tools/cscsim}
sizes=${2:-"80000 320000 1280000"}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$(pwd)
first=""
printf '%10s %10s %10s %14s %14s %12s\n' children cpu_s peak_MB "cpu_us/child" "bytes/child" "x per child"
for n in $sizes; do
  cat >"$work/c$n.toml" <<TOML
schema = 1
base = "$root/scenarios/baseline.toml"
name = "scaling $n"
[run]
replicates = 1
[[la]]
name = "Council"
children = $n
teams = $((n / 5000))
TOML
  /usr/bin/time -f "%U %S %M" -o "$work/time" "$bin" run "$work/c$n.toml" -o "$work/c$n.h5" --threads 1 --quiet
  read -r user sys rss <"$work/time"
  cpu=$(echo "$user + $sys" | bc)
  per=$(echo "scale=3; $cpu * 1000000 / $n" | bc)
  bytes=$(echo "$rss * 1024 / $n" | bc)
  [[ -z $first ]] && first=$per
  printf '%10d %10.2f %10.0f %14.2f %14d %12.2f\n' "$n" "$cpu" "$(echo "$rss / 1024" | bc)" "$per" "$bytes" \
    "$(echo "scale=3; $per / $first" | bc)"
done
