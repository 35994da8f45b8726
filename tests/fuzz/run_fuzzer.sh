#!/usr/bin/env bash
# Runs one libFuzzer harness for a bounded time from its seed corpus and fails on any crash,
# leak, timeout or sanitizer report. Prints executions and corpus size at the end.
#
# Usage: run_fuzzer.sh HARNESS SOURCE_DIR SECONDS [CORPUS_DIR]
#   HARNESS is build/fuzz/tests/fuzz/fuzz_NAME; the seeds come from the source tree (see
#   seeds() below); CORPUS_DIR (kept, and grown) defaults to a temporary folder removed at exit.
# Crash reproducers are written to the current folder as crash-*, leak-*, timeout-*.
set -euo pipefail
harness=$(realpath "$1")
src=$(realpath "$2")
seconds=$3
name=$(basename "$harness")
corpus=${4:-}
if [[ -z $corpus ]]; then
  corpus=$(mktemp -d "${TMPDIR:-/tmp}/cscsim-$name.XXXXXX")
  trap 'rm -rf "$corpus"' EXIT
fi
mkdir -p "$corpus"

# Seed corpora: the project's own inputs of each kind.
case $name in
  fuzz_scenario)
    find "$src/scenarios" "$src/tests/fixtures" -name '*.toml' ! -path '*/targets/*' \
      ! -path '*/calibration/*' -exec cp -t "$corpus" --backup=numbered {} + ;;
  fuzz_targets)
    find "$src/scenarios/targets" "$src/tests/fixtures/calibration" -name '*targets*.toml' \
      -exec cp -t "$corpus" --backup=numbered {} + 2>/dev/null || true
    find "$src/scenarios/targets" -name '*.toml' -exec cp -t "$corpus" --backup=numbered {} + ;;
  fuzz_run_file) ;;  # structure-aware: starts from the empty input
esac

log=$(mktemp)
status=0
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
  "$harness" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=3000 -max_len=65536 \
  -print_final_stats=1 "$corpus" >"$log" 2>&1 || status=$?
grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ *DONE)' "$log" || true
echo "$name: corpus $(find "$corpus" -type f | wc -l) files after ${seconds} s"
if [[ $status -ne 0 ]]; then
  echo "$name: FAILED (status $status); the end of its log:"
  tail -n 60 "$log"
fi
rm -f "$log"
exit "$status"
