#!/usr/bin/env bash
# Every shipped intervention scenario (scenarios/*.toml whose base is baseline.toml and that
# switches an intervention on) runs and is compared with the baseline, report included, at
# reduced size (1 recorded year, 2 replicates): a scenario's name or settings can never again
# break `compare` (the caseload cap's name holds a comma). The tables must stay one record per
# row (RFC 4180), and the report must name every variant.
# Usage: shipped_scenarios.sh CSCSIM_BINARY SOURCE_DIR
set -euo pipefail
CSCSIM=$(realpath "$1")
SRC=$(realpath "$2")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cscsim-shipped.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
small=(--years 1 --replicates 2 --quiet)

"$CSCSIM" run "$SRC/scenarios/baseline.toml" -o "$WORK/baseline.h5" "${small[@]}"
variants=()
for scenario in "$SRC"/scenarios/*.toml; do
  grep -q '^base = "baseline.toml"' "$scenario" || continue
  grep -q '^\[interventions\.' "$scenario" || continue
  name=$(basename "$scenario" .toml)
  "$CSCSIM" run "$scenario" -o "$WORK/$name.h5" "${small[@]}"
  variants+=("$WORK/$name.h5")
done
(( ${#variants[@]} >= 6 )) || { echo "FAIL: found ${#variants[@]} intervention scenarios, expected 6 or more"; exit 1; }

for variant in "${variants[@]}"; do
  name=$(basename "$variant" .h5)
  "$CSCSIM" compare "$WORK/baseline.h5" "$variant" -o "$WORK/report_$name" > "$WORK/$name.txt" ||
    { echo "FAIL: compare baseline with $name"; cat "$WORK/$name.txt"; exit 1; }
  [[ -s $WORK/report_$name/report.html ]] || { echo "FAIL: no report for $name"; exit 1; }
  scenario_name=$("$CSCSIM" info "$variant" | sed -n 's/^  scenario  *//p' | head -1)
  /usr/bin/python3 - "$WORK/report_$name" "$scenario_name" <<'PY'
import csv, json, pathlib, sys
out, name = pathlib.Path(sys.argv[1]), sys.argv[2]
for table in ("differences.csv", "spend.csv", "stocks.csv", "break_even.csv"):
    rows = list(csv.reader(open(out / table, newline="", encoding="utf-8")))
    widths = {len(r) for r in rows}
    assert len(widths) == 1, f"{table}: records of {sorted(widths)} fields (a field not quoted?)"
variants = {r["variant"] for r in csv.DictReader(open(out / "differences.csv", newline="", encoding="utf-8"))}
meta = json.load(open(out / "comparison.json", encoding="utf-8"))
assert [v["scenario"] for v in meta["variants"]] == sorted(variants), (meta["variants"], variants)
if name:
    assert variants == {name}, f"differences.csv names {variants}, the run file {name!r}"
PY
  echo "ok: $name"
done
echo "all ${#variants[@]} shipped intervention scenarios compared"
