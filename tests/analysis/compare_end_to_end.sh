#!/bin/sh
# cscsim compare on two real (small) runs: the tables and the report are written, the report's
# numbers equal the CSV (checked by test_report.py's checker), mismatched runs exit 2.
set -eu
CSCSIM=$1; SRC=$2; WORK=$3
rm -rf "$WORK"; mkdir -p "$WORK"
TINY="$SRC/tests/fixtures/bad/tiny.toml"
cat > "$WORK/variant.toml" <<TOML
base = "$TINY"
name = "tiny with specialists"
[interventions.adult_specialists]
enabled = true
TOML
"$CSCSIM" run "$TINY" -o "$WORK/base.h5" --replicates 4 --years 2 --quiet
"$CSCSIM" run "$WORK/variant.toml" -o "$WORK/variant.h5" --replicates 4 --years 2 --quiet
"$CSCSIM" compare "$WORK/base.h5" "$WORK/variant.h5" -o "$WORK/report" > "$WORK/out.txt"
for f in differences.csv spend.csv stocks.csv break_even.csv comparison.json report.html; do
  [ -s "$WORK/report/$f" ] || { echo "missing $f"; exit 1; }
done
/usr/bin/python3 "$SRC/tests/analysis/test_report.py" --check-html "$WORK/report/report.html" "$WORK/report"
# Runs that cannot be paired: exit 2 and the reason.
"$CSCSIM" run "$TINY" -o "$WORK/other_seed.h5" --replicates 4 --years 2 --seed 99 --quiet
set +e
"$CSCSIM" compare "$WORK/base.h5" "$WORK/other_seed.h5" -o "$WORK/refused" 2> "$WORK/err.txt"
rc=$?
set -e
[ "$rc" -eq 2 ] || { echo "expected exit 2 for unpairable runs, got $rc"; exit 1; }
grep -q "seeds differ" "$WORK/err.txt" || { echo "no reason given"; cat "$WORK/err.txt"; exit 1; }
"$CSCSIM" compare "$WORK/base.h5" "$WORK/other_seed.h5" -o "$WORK/unpaired" --unpaired --no-report | grep -q UNPAIRED
echo "1 passed, 0 failed"
