#!/usr/bin/env bash
# Parameter uncertainty through the command line (docs/design.md, "Parameter uncertainty"):
#   - `run --posterior` records the posterior and each replicate's draw in /meta/posterior, the
#     same draws and output at 1 and 2 threads; `info` shows them;
#   - `compare` of a base and a variant drawn from it writes the noise-only and total intervals
#     and drivers.csv, equal to an independent numpy/scipy computation (check_psa.py), and a
#     report whose every number equals its CSV cell (test_report.py --check-html);
#   - `compare --posterior` accepts the runs' own posterior (by content) and refuses another;
#   - the baseline's joint posterior, committed for the main job, drives a run and holds the
#     keys its configuration fits;
#   - a missing, corrupt, incomplete or inconsistent posterior (a key the model does not
#     declare, a value out of its range, a run setting), a scenario that sets a drawn key itself
#     and contradictory options exit 2 naming the file and key, leaving no output behind.
# Posterior files are made by make_posterior.py (h5py, so label python). Runs are small (8,000
# children, 1 recorded year after 1 of burn-in): well under a second each.
#
# Usage: posterior_cli.sh CSCSIM_BINARY SOURCE_DIR
set -uo pipefail   # no -e: some commands under test are meant to fail

source "$(dirname "${BASH_SOURCE[0]}")/cli_lib.sh"
cli_setup posterior "$@"
declare -A KNOWN_BUGS=()
PY=/usr/bin/python3   # Debian's python3 has h5py and scipy
MAKE=("$PY" "$SRC/tests/tools/make_posterior.py")
SMALL="$SRC/tests/fixtures/small.toml"
EFFECT=interventions.adult_specialists.effect_per_week
CARE=edge.care_rate_per_week
RUN=(--years 1 --quiet)

echo "cscsim posterior tests: $CSCSIM"
"${MAKE[@]}" "$WORK/post.h5" "$EFFECT,$CARE" "0.0,0.016;0.03,0.012;0.1,0.018;0.3,0.014" --weights 1,2,2,1
cp "$WORK/post.h5" "$WORK/same_content.h5"
"${MAKE[@]}" "$WORK/other.h5" "$EFFECT,$CARE" "0.0,0.016;0.03,0.012;0.1,0.018;0.3,0.015"
cat >"$WORK/variant.toml" <<TOML
base = "$SMALL"
name = "small with specialists"
[interventions.adult_specialists]
enabled = true
TOML

begin "run --posterior: draws recorded in /meta/posterior, shown by info"
invoke "$CSCSIM" run "$SMALL" -o "$WORK/base.h5" --posterior "$WORK/post.h5" --draws 5 --per-draw 3 "${RUN[@]}"
expect_rc 0
invoke "$CSCSIM" info "$WORK/base.h5"
expect_stdout_line "^  replicates +15 " "15 replicates (5 draws x 3)"
expect_stdout_line "^  posterior +.*post\.h5: 5 draws x 3 replicates per draw, 2 parameters" "the posterior and design"
"$PY" - "$WORK/base.h5" <<'PY' || problem "/meta/posterior does not give replicate i draw i // 3"
import sys, h5py
with h5py.File(sys.argv[1]) as f:
    p = f["meta/posterior"]
    assert list(p["draw"][:]) == [i // 3 for i in range(15)], p["draw"][:]
    assert p["theta"].shape == (15, 2) and p.attrs["file"].decode().endswith("post.h5")
PY
finish

begin "run --posterior: the same draws and output at 1 and 2 threads"
invoke "$CSCSIM" run "$SMALL" -o "$WORK/t1.h5" --posterior "$WORK/post.h5" --draws 5 --per-draw 3 --threads 1 "${RUN[@]}"
expect_rc 0
"$CSCSIM" info --digest "$WORK/t1.h5" >"$WORK/d1"
"$CSCSIM" info --digest "$WORK/base.h5" >"$WORK/d2"
cmp -s "$WORK/d1" "$WORK/d2" || problem "digests differ between 1 and 2 threads"
"$PY" -c "import sys,h5py; a,b=(h5py.File(p)['meta/posterior/particle'][:] for p in sys.argv[1:]); sys.exit(int((a!=b).any()))" \
  "$WORK/t1.h5" "$WORK/base.h5" || problem "the particles drawn differ between 1 and 2 threads"
finish

begin "compare: noise-only and total intervals and drivers equal numpy/scipy's; report numbers equal the CSV"
invoke "$CSCSIM" run "$WORK/variant.toml" -o "$WORK/variant.h5" --posterior "$WORK/post.h5" --draws 5 --per-draw 3 "${RUN[@]}"
expect_rc 0
invoke "$CSCSIM" compare "$WORK/base.h5" "$WORK/variant.h5" -o "$WORK/cmp" --posterior "$WORK/same_content.h5"
expect_rc 0
expect_stdout_line "^Parameters drawn from .*post\.h5 \(5 draws x 3 replicates\)" "the design"
expect_stdout_line "care_entries +-?[0-9.]+  total \[" "the total interval"
head -n 1 "$WORK/cmp/differences.csv" | grep -q ",note,total_low,total_high,param_sd,noise_sd,param_share$" ||
  problem "differences.csv lacks the columns of posterior draws"
"$PY" "$SRC/tests/tools/check_psa.py" "$WORK/base.h5" "$WORK/variant.h5" "$WORK/cmp" >"$WORK/psa.txt" ||
  problem "check_psa.py: $(grep FAIL "$WORK/psa.txt" | head -n 3 | tr '\n' ' ')"
"$PY" "$SRC/tests/analysis/test_report.py" --check-html "$WORK/cmp/report.html" "$WORK/cmp" >"$WORK/rep.txt" ||
  problem "report check: $(grep FAIL "$WORK/rep.txt" | head -n 3 | tr '\n' ' ')"
grep -q "Parameter uncertainty" "$WORK/cmp/report.html" || problem "the report has no parameter uncertainty section"
grep -q "<th>Calibration</th><td>2 parameters drawn from the posterior [^<]*post\.h5" "$WORK/cmp/report.html" ||
  problem "the report does not say which posterior the parameters were drawn from"
finish

begin "the baseline's joint posterior (scenarios/posterior/baseline.h5), which the main job draws from"
invoke "$CSCSIM" run "$SMALL" -o "$WORK/joint.h5" --posterior "$SRC/scenarios/posterior/baseline.h5" --draws 2 \
  --per-draw 2 "${RUN[@]}"
expect_rc 0
"$PY" - "$WORK/joint.h5" "$SRC/scenarios/calibration/joint.toml" <<'PY' ||
import sys, tomllib, h5py
with h5py.File(sys.argv[1]) as f:
    drawn = f["meta/posterior"].attrs["parameters"].decode().split("\n")
fitted = [p["key"] for p in tomllib.load(open(sys.argv[2], "rb"))["parameter"]]
assert sorted(drawn) == sorted(fitted), (sorted(set(fitted) ^ set(drawn)))
PY
  problem "the committed posterior's keys are not those scenarios/calibration/joint.toml fits"
finish

begin "compare --posterior: a run drawn from another posterior is refused"
invoke "$CSCSIM" compare "$WORK/base.h5" "$WORK/variant.h5" -o "$WORK/cmp2" --posterior "$WORK/other.h5" --no-report
expect_rc 2
expect_stderr_line "^error: .*base\.h5: drew its parameters from .*post\.h5, not from .*other\.h5" "both files"
[[ -e $WORK/cmp2 ]] && problem "a results folder was left behind"
finish

begin "compare: a run with draws and one without cannot be paired"
invoke "$CSCSIM" run "$SMALL" -o "$WORK/fixed.h5" --replicates 15 "${RUN[@]}"
invoke "$CSCSIM" compare "$WORK/base.h5" "$WORK/fixed.h5" -o "$WORK/cmp3" --no-report
expect_rc 2
expect_stderr_line "cannot be paired: .*drawn from a posterior .* in the base run only" "the reason"
finish

# bad_posterior NAME FILE REGEX: run exits 2 with a line matching REGEX (it names FILE and the
# key), and writes nothing.
bad_posterior() {
  begin "run --posterior: $1"
  invoke "$CSCSIM" run "$SMALL" -o "$WORK/bad.h5" --posterior "$2" "${RUN[@]}"
  expect_rc 2
  expect_stderr_line "$3" "the file and the key"
  expect_no_output "$WORK/bad.h5"
  finish
}
"${MAKE[@]}" "$WORK/unknown.h5" "edge.care_rate_per_weak" "0.01;0.02"
bad_posterior "a key the model does not declare" "$WORK/unknown.h5" \
  "^error: .*unknown\.h5: /meta parameters: key 'edge\.care_rate_per_weak': not a parameter the model declares"
"${MAKE[@]}" "$WORK/range.h5" "$CARE" "0.01;1.5"
bad_posterior "a value out of the key's range" "$WORK/range.h5" \
  "^error: .*range\.h5: /posterior/theta particle 1: key 'edge\.care_rate_per_week': 1\.5 is outside"
"${MAKE[@]}" "$WORK/run_key.h5" "run.years" "1;2"
bad_posterior "a run setting" "$WORK/run_key.h5" "^error: .*run_key\.h5: .*key 'run\.years': not a real-valued"
"${MAKE[@]}" "$WORK/incomplete.h5" "$CARE" "0.01;0.02" --incomplete
bad_posterior "an unfinished calibration" "$WORK/incomplete.h5" "^error: .*incomplete\.h5: /meta complete = 0"
echo "not an HDF5 file" >"$WORK/corrupt.h5"
bad_posterior "a corrupt file" "$WORK/corrupt.h5" "^error: .*corrupt\.h5: not an HDF5 file or corrupt"
bad_posterior "a missing file" "$WORK/missing.h5" "^error: .*missing\.h5: not found"

begin "run --posterior: a scenario that sets a drawn key itself"
printf 'base = "%s"\nname = "sets"\n[edge]\ncare_rate_per_week = 0.02\n' "$SMALL" >"$WORK/sets.toml"
invoke "$CSCSIM" run "$WORK/sets.toml" -o "$WORK/sets.h5" --posterior "$WORK/post.h5" "${RUN[@]}"
expect_rc 2
expect_stderr_line "^error: .*sets\.toml:4:1: key 'edge\.care_rate_per_week': set here, but drawn from the posterior" \
  "the scenario file, line and key"
expect_no_output "$WORK/sets.h5"
finish

begin "run: --draws without --posterior, and --replicates against --draws x --per-draw"
invoke "$CSCSIM" run "$SMALL" -o "$WORK/opt.h5" --draws 4 "${RUN[@]}"
expect_rc 2
expect_stderr_line "--draws requires --posterior" "the missing option"
invoke "$CSCSIM" run "$SMALL" -o "$WORK/opt.h5" --posterior "$WORK/post.h5" --draws 4 --replicates 5 "${RUN[@]}"
expect_rc 2
expect_stderr_line "--replicates 5 is not --draws 4 x --per-draw 2" "the contradiction"
expect_no_output "$WORK/opt.h5"
finish

begin "sweep with a posterior: each variant drawn as run --posterior draws; a key the sweep or --set sets keeps its value"
cat >"$WORK/drawn.sweep.toml" <<TOML
name = "drawn"
scenario = "$SMALL"
design = "list"
replicates = 6
posterior = "post.h5"
per_draw = 2
set = "run.years = 1"
[[variant]]
name = "as drawn"
[[variant]]
name = "care rate fixed"
set = "$CARE = 0.02"
TOML
invoke "$CSCSIM" sweep "$WORK/drawn.sweep.toml" -o "$WORK/drawn_sweep" --quiet
expect_rc 0
"$CSCSIM" run "$SMALL" -o "$WORK/drawn_run.h5" --posterior "$WORK/post.h5" --draws 3 --per-draw 2 "${RUN[@]}"
diff <("$CSCSIM" info --digest "$WORK/drawn_sweep/variants/v001.h5") <("$CSCSIM" info --digest "$WORK/drawn_run.h5") \
  >/dev/null || problem "the sweep's variant differs from run --posterior"
invoke "$CSCSIM" run "$SMALL" -o "$WORK/fixed_run.h5" --posterior "$WORK/post.h5" --draws 3 --per-draw 2 "${RUN[@]}" \
  --set "$CARE=0.02"
expect_stderr_line "^note: --set $(re_escape "$CARE") keeps its value in every replicate" "the kept key"
diff <("$CSCSIM" info --digest "$WORK/drawn_sweep/variants/v002.h5") <("$CSCSIM" info --digest "$WORK/fixed_run.h5") \
  >/dev/null || problem "the sweep's variant with a drawn key set differs from run --posterior --set"
"$PY" - "$WORK/drawn_sweep" "$CARE" <<'PY' || problem "the manifest or /meta/posterior is wrong"
import csv, sys, h5py
rows = list(csv.DictReader(open(sys.argv[1] + "/manifest.csv")))
kept = {r["label"]: r["posterior_kept"] for r in rows}
assert kept == {"as drawn": "", "care rate fixed": sys.argv[2]}, kept
for v in ("v001", "v002"):
    with h5py.File(f"{sys.argv[1]}/variants/{v}.h5") as f:
        p = f["meta/posterior"]
        assert list(p["draw"][:]) == [0, 0, 1, 1, 2, 2]
        keys = p.attrs["parameters"].decode().split("\n")
        care = p["theta"][:, keys.index(sys.argv[2])]
        assert (care == 0.02).all() == (v == "v002"), (v, care)  # the value each replicate ran with
PY
finish

bad_sweep() {  # bad_sweep NAME REGEX KEY=VALUE-LINES
  begin "sweep with a posterior: $1 exits 2 naming the key"
  printf 'name = "bad"\nscenario = "%s"\ndesign = "list"\nposterior = "post.h5"\n%b[[variant]]\nname = "a"\n' \
    "$SMALL" "$3" >"$WORK/bad.sweep.toml"
  invoke "$CSCSIM" sweep "$WORK/bad.sweep.toml" -o "$WORK/bad_sweep" --quiet
  expect_rc 2
  expect_stderr_line "$2" "the key and what is wrong"
  finish
}
bad_sweep "replicates that are not whole draws" "bad\.sweep\.toml:.*key 'per_draw': the 5 replicates are not 2 or more draws of 2" \
  'replicates = 5\nper_draw = 2\n'
bad_sweep "replicate ranges" "bad\.sweep\.toml:.*key 'replicates_per_task': with a posterior a task runs a whole variant" \
  'replicates = 4\nreplicates_per_task = 2\n'

summarise
