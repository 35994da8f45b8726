#!/usr/bin/env bash
# End-to-end tests of `cscsim calibrate` on the tiny fixture (tests/fixtures/calibration/tiny.toml:
# 12 particles, 3 generations, 8,000 children; about a second a run):
#   - a calibration runs and writes posterior.h5, fitted.toml and the fit report;
#   - paused with --max-generations and resumed, it ends with the same fit as in one go;
#   - one thread gives the same fit as all of them, and two MPI ranks (calibrate --mpi, where
#     mpirun exists) the same posterior as one process;
#   - fitted.toml works as the base of a scenario; its posterior.h5 drives `run --posterior`;
#   - --evaluate reports the targets without fitting; --check checks every shipped configuration,
#     the bad ones and an incompatible posterior without running; `ids` takes some targets of a file and
#     `fit` fits a target whatever its role;
#   - bad configurations, target files and checkpoints exit 2 naming the file (and line and
#     key where there is one), and leave an earlier posterior untouched.
#
# Usage: calibrate_cli.sh CSCSIM_BINARY SOURCE_DIR
set -uo pipefail   # no -e: some commands under test are meant to fail

source "$(dirname "${BASH_SOURCE[0]}")/cli_lib.sh"
cli_setup calibrate "$@"
FIX="$SRC/tests/fixtures/calibration"
declare -A KNOWN_BUGS=()

expect_files() {
  local f
  for f in "$@"; do [[ -s $f ]] || problem "missing or empty: $f"; done
}
expect_same() {
  cmp -s "$1" "$2" || problem "$1 and $2 differ: $(diff "$1" "$2" | head -n 4 | tr '\n' ' ')"
}

# A copy of the fixture in WORK whose paths are absolute, to edit for the bad cases.
config_copy() {
  sed "s|\"tiny_run.toml\"|\"$FIX/tiny_run.toml\"|; s|\"tiny_targets.toml\"|\"$2\"|" "$FIX/tiny.toml" >"$1"
}

echo "cscsim calibrate tests: $CSCSIM"

A="$WORK/a"
begin "calibrate: the tiny calibration runs end to end"
invoke "$CSCSIM" calibrate "$FIX/tiny.toml" -o "$A"
expect_rc 0
expect_files "$A/posterior.h5" "$A/fitted.toml" "$A/fit_report.md" "$A/fit_report.csv"
expect_stdout_line "^stopped: all generations done after 3 generations" "that three generations ran"
expect_stdout_line "^referrals_2013_14 +forecast" "the forecast row of the fit table"
[[ $(wc -l <"$A/fit_report.csv") -eq 5 ]] || problem "fit_report.csv should have a header and 4 target rows"
expect_stdout_line "^Noise floor of the distance: [0-9.]+ .*1 replicate.*; the final tolerance, [0-9.]+, is (above|below) it" \
  "the noise floor against the final tolerance"
grep -q "^Noise floor of the distance: " "$A/fit_report.md" || problem "fit_report.md does not give the noise floor"
head -n 1 "$A/fit_report.csv" | grep -q ",within,in_study_range,source$" || problem "fit_report.csv lacks in_study_range"
# National figures are not studies: their in_study_range is empty.
[[ $(grep -c ',yes,,"\|,no,,"' "$A/fit_report.csv") -eq 4 ]] || problem "series targets should leave in_study_range empty"
# Each generation's diagnostics: on the console as it ends, and as a row of the report's table.
expect_stdout_line "^generation 2: tolerance [0-9.e+-]+, acceptance [0-9.]+, [0-9]+ proposals, effective sample size [0-9.]+, " \
  "the last generation's line with its effective sample size"
grep -q "^## Generations$" "$A/fit_report.md" || problem "fit_report.md lacks the generations table"
grep -q "^| 0 | none (the prior) | " "$A/fit_report.md" || problem "generation 0 should have no tolerance"
[[ $(grep -cE '^\| [0-9]+ \| ([0-9.e+-]+|none \(the prior\)) \| [0-9]+ \| [0-9.e+-]+ \| [0-9.e+-]+ \| [0-9.e+-]+ \|$' "$A/fit_report.md") -eq 3 ]] ||
  problem "fit_report.md should have one row per generation (3)"
# When it was written, for the reports that draw from it: UTC, ISO 8601 to the second.
/usr/bin/python3 -c "import sys,h5py,re; w=h5py.File(sys.argv[1])['meta'].attrs['written']; w=w.decode() if isinstance(w,bytes) else w; sys.exit(0 if re.fullmatch(r'20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z', w) else 1)" \
  "$A/posterior.h5" || problem "posterior.h5 lacks /meta written (UTC, ISO 8601)"
finish

# Parameter uncertainty: `run --posterior` draws from the posterior this calibration wrote.
begin "calibrate: its posterior.h5 drives run --posterior"
invoke "$CSCSIM" run "$FIX/tiny_run.toml" -o "$WORK/drawn.h5" --posterior "$A/posterior.h5" --draws 2 --per-draw 2 \
  --years 1 --quiet
expect_rc 0
invoke "$CSCSIM" info "$WORK/drawn.h5"
expect_stdout_line "^  posterior +.*posterior\.h5: 2 draws x 2 replicates per draw, 2 parameters \(calibration .*tiny\.toml\)" \
  "the posterior it drew from"
finish

B="$WORK/b"
begin "calibrate: paused after one generation and resumed gives the same fit"
invoke "$CSCSIM" calibrate "$FIX/tiny.toml" -o "$B" --max-generations 1
expect_rc 0
expect_stdout_line "^paused after 1 of 3 generations" "the pause"
expect_files "$B/posterior.h5"
[[ -e $B/fitted.toml ]] && problem "a paused calibration wrote fitted.toml"
invoke "$CSCSIM" calibrate "$FIX/tiny.toml" -o "$B"
expect_rc 0
expect_stdout_line "^resuming .* after 1 generation" "the resume"
expect_same "$A/fitted.toml" "$B/fitted.toml"
expect_same "$A/fit_report.csv" "$B/fit_report.csv"
finish

C="$WORK/c"
begin "calibrate: one thread gives the same fit as all cores"
invoke "$CSCSIM" calibrate "$FIX/tiny.toml" -o "$C" --threads 1 --quiet
expect_rc 0
expect_same "$A/fitted.toml" "$C/fitted.toml"
expect_same "$A/fit_report.csv" "$C/fit_report.csv"
finish

begin "calibrate: fitted.toml is the base of a scenario that validates"
# fitted.toml holds only the fitted keys: a scenario sets base = the fitted run and adds them.
{ echo "base = \"$FIX/tiny_run.toml\""; cat "$A/fitted.toml"; } >"$WORK/with_fit.toml"
invoke "$CSCSIM" validate "$WORK/with_fit.toml"
expect_rc 0
finish

E="$WORK/e"
begin "calibrate --evaluate: the fit report at the scenario's own values"
invoke "$CSCSIM" calibrate "$FIX/tiny.toml" -o "$E" --evaluate
expect_rc 0
expect_files "$E/fit_report.md" "$E/fit_report.csv"
[[ -e $E/posterior.h5 ]] && problem "--evaluate wrote a posterior"
grep -q "Nothing fitted" "$E/fit_report.md" || problem "fit_report.md does not say that nothing was fitted"
grep -q "^## Generations" "$E/fit_report.md" && problem "an evaluation has no generations to list"
finish

begin "calibrate --check: every configuration the project ships is valid, and nothing is written"
for config in "$SRC"/scenarios/calibration/*.toml; do
  [[ $(basename "$config") == *_run.toml ]] && continue  # the scenarios the configurations run
  invoke "$CSCSIM" calibrate "$config" --check -o "$WORK/check_out"
  expect_rc 0
  expect_stdout_line "^.*$(basename "$config"): valid\. [0-9]+ parameter\(s\); [0-9]+ target\(s\): [0-9]+ fitted, " \
    "$(basename "$config") checked"
done
[[ -e $WORK/check_out ]] && problem "--check created the output directory"
invoke "$CSCSIM" calibrate "$FIX/tiny.toml" --check
expect_stdout_line "tiny\.toml: valid\. 2 parameter\(s\); 4 target\(s\): 3 fitted, 1 forecast, 0 check; 12 particles, up to 3 generations, 1 replicate\(s\) per candidate$" \
  "the tiny configuration's counts"
finish

# ---- bad input ---------------------------------------------------------------------------------
config_copy "$WORK/ok.toml" "$FIX/tiny_targets.toml"

S="$WORK/s"
begin "calibrate: ids takes only the named targets of a file"
sed 's|^file = .*|&\nids = "care_entries_2012_13, referrals_2012_13"|' "$WORK/ok.toml" >"$WORK/subset.toml"
invoke "$CSCSIM" calibrate "$WORK/subset.toml" -o "$S" --evaluate --quiet
expect_rc 0
[[ $(cut -d, -f1 "$S/fit_report.csv" | tail -n +2 | sort | tr '\n' ' ') == "care_entries_2012_13 referrals_2012_13 " ]] ||
  problem "fit_report.csv should hold the two named targets: $(cut -d, -f1 "$S/fit_report.csv" | tr '\n' ' ')"
finish

begin "calibrate: fit fits a target whatever its role in the file"
sed 's|^file = .*|&\nfit = "referrals_2013_14"|' "$WORK/ok.toml" >"$WORK/refit.toml"
invoke "$CSCSIM" calibrate "$WORK/refit.toml" -o "$S" --evaluate --quiet
expect_rc 0
grep -q '^referrals_2013_14,forecast,' "$E/fit_report.csv" || problem "referrals_2013_14 should be a forecast without fit"
grep -q '^referrals_2013_14,fit,' "$S/fit_report.csv" || problem "referrals_2013_14 should be fitted: $(grep referrals_2013_14 "$S/fit_report.csv")"
# Every other row, roles included, is the row of the same evaluation without `fit`.
diff <(grep -v '^referrals_2013_14,' "$E/fit_report.csv") <(grep -v '^referrals_2013_14,' "$S/fit_report.csv") >/dev/null ||
  problem "fit changed rows other than the target it names"
finish

bad_config() {  # bad_config NAME SED_EXPR REGEX WHAT
  begin "calibrate: $1"
  sed "$2" "$WORK/ok.toml" >"$WORK/bad.toml"
  invoke "$CSCSIM" calibrate "$WORK/bad.toml" -o "$WORK/bad_out"
  expect_rc 2
  expect_stderr_line "$3" "$4"
  [[ -e $WORK/bad_out/posterior.h5 ]] && problem "a posterior was written"
  # --check finds the same problem without running anything.
  invoke "$CSCSIM" calibrate "$WORK/bad.toml" --check
  expect_rc 2
  expect_stderr_line "$3" "$4 (with --check)"
  finish
}
bad_config "unknown key in the configuration" 's/^replicates = 1/replicats = 1/' \
  "^error: .*bad\.toml:7:[0-9]+: key 'replicats'" "bad.toml, line 7, key 'replicats'"
bad_config "fitted key that is not a parameter" 's/key = "edge.care_rate_per_week"/key = "edge.care_rate"/' \
  "^error: .*bad\.toml:[0-9]+:[0-9]+: key 'parameter\[1\]\.key'.*edge\.care_rate" "the line and key of the parameter"
bad_config "prior bounds the wrong way round" 's/^upper = 0.08/upper = 0.004/' \
  "^error: .*bad\.toml: parameter 'edge\.care_rate_per_week': key 'lower'" "the parameter and key 'lower'"
bad_config "bounds outside the parameter's range" 's/^upper = 0.08/upper = 2/' \
  "^error: .*bad\.toml: parameter 'edge\.care_rate_per_week': keys 'lower' and 'upper'" "the parameter's range"
bad_config "ids naming a target the file lacks" 's|^file = .*|&\nids = "referrals_2012_13, referals_2013_14"|' \
  "^error: .*bad\.toml:[0-9]+:[0-9]+: key 'ids': no target 'referals_2013_14' in .*tiny_targets\.toml" \
  "the line of ids and the unknown target"
bad_config "ids naming a target twice" 's|^file = .*|&\nids = "referrals_2012_13,referrals_2012_13"|' \
  "^error: .*bad\.toml:[0-9]+:[0-9]+: key 'ids': target 'referrals_2012_13' listed twice" "the repeated target"
bad_config "fit naming a target the file lacks" 's|^file = .*|&\nfit = "referals_2013_14"|' \
  "^error: .*bad\.toml:[0-9]+:[0-9]+: key 'fit': no target 'referals_2013_14' in .*tiny_targets\.toml" \
  "the line of fit and the unknown target"
bad_config "fit naming a target left out by ids" 's|^file = .*|&\nids = "referrals_2012_13"\nfit = "referrals_2013_14"|' \
  "^error: .*bad\.toml:[0-9]+:[0-9]+: key 'fit': target 'referrals_2013_14' is not among those of 'ids'" \
  "the target fit names but ids leaves out"
bad_config "missing target file" "s|$FIX/tiny_targets.toml|$WORK/no_such_targets.toml|" \
  "^error: .*no_such_targets\.toml" "the missing target file"

bad_targets() {  # bad_targets NAME SED_EXPR REGEX WHAT
  sed "$2" "$FIX/tiny_targets.toml" >"$WORK/bad_targets.toml"
  config_copy "$WORK/bad_targets_config.toml" "$WORK/bad_targets.toml"
  begin "calibrate: $1"
  invoke "$CSCSIM" calibrate "$WORK/bad_targets_config.toml" -o "$WORK/bad_out"
  expect_rc 2
  expect_stderr_line "$3" "$4"
  invoke "$CSCSIM" calibrate "$WORK/bad_targets_config.toml" --check
  expect_rc 2
  expect_stderr_line "$3" "$4 (with --check)"
  finish
}
bad_targets "target on an unknown series" '0,/series = "referrals"/s//series = "referals"/' \
  "^error: .*bad_targets\.toml: target 'referrals_2012_13': key 'series': 'referals' is not a series" \
  "the target and key 'series'"
bad_targets "target year outside the run" 's/year = "2013-14"/year = "2016-17"/' \
  "^error: .*bad_targets\.toml: target 'referrals_2013_14': key 'year'" "the target and key 'year'"
bad_targets "target value of the wrong type" 's/value = 52700/value = "many"/' \
  "^error: .*bad_targets\.toml:[0-9]+:[0-9]+: key 'target\[1\]\.value'" "the line and key of the value"
bad_targets "unknown statistic" 's/statistic = "flow_rate"/statistic = "flow_rat"/' \
  "^error: .*bad_targets\.toml:[0-9]+:[0-9]+: key 'target\[0\]\.statistic'" "the line and key of the statistic"

begin "calibrate: an evaluation scenario that sets a fitted key is refused"
# The fit would replace the scenario's own value in every run without a word.
cat >"$WORK/own_value.toml" <<EOF
base = "$FIX/tiny_run.toml"
name = "evaluation with its own referral rate"
[referral]
base_rate_per_year = 0.0123
[interventions.volunteers]
enabled = true
start_date = 2013-04-01
EOF
cp "$FIX/tiny_targets.toml" "$WORK/own_value_targets.toml"
cat >>"$WORK/own_value_targets.toml" <<EOF

[[target]]
id = "volunteers_ratio"
source = "test"
value = 0.9
role = "check"
design = "programme"
statistic = "ratio"
series = "care_entries"
scenario = "$WORK/own_value.toml"
base = "$FIX/tiny_run.toml"
window_months = 12
EOF
config_copy "$WORK/own_value_config.toml" "$WORK/own_value_targets.toml"
invoke "$CSCSIM" calibrate "$WORK/own_value_config.toml" -o "$WORK/own_value_out"
expect_rc 2
expect_stderr_line "own_value\.toml:4:1: key 'referral\.base_rate_per_year': the scenario sets 0\.0123.* fits this key" \
  "the evaluation scenario and the fitted key"
[[ -e $WORK/own_value_out/posterior.h5 ]] && problem "a posterior was written"
invoke "$CSCSIM" calibrate "$WORK/own_value_config.toml" --check
expect_rc 2
expect_stderr_line "own_value\.toml:4:1: key 'referral\.base_rate_per_year': the scenario sets 0\.0123.* fits this key" \
  "the evaluation scenario and the fitted key (with --check)"
finish

begin "calibrate: a changed configuration does not resume an old posterior, which survives"
cp -r "$A" "$WORK/changed"
before=$(md5sum <"$WORK/changed/posterior.h5")
config_copy "$WORK/changed.toml" "$FIX/tiny_targets.toml"
sed -i 's/^seed = 5/seed = 6/' "$WORK/changed.toml"
invoke "$CSCSIM" calibrate "$WORK/changed.toml" -o "$WORK/changed"
expect_rc 2
expect_stderr_line "^error: .*posterior\.h5: written for a different version of .*changed\.toml; use --restart" \
  "the posterior and --restart"
[[ $(md5sum <"$WORK/changed/posterior.h5") == "$before" ]] || problem "the old posterior changed"
# --check reads the posterior a run would resume from; --restart would start again, so it passes.
invoke "$CSCSIM" calibrate "$WORK/changed.toml" -o "$WORK/changed" --check
expect_rc 2
expect_stderr_line "^error: .*posterior\.h5: written for a different version of .*changed\.toml; use --restart" \
  "the posterior and --restart (with --check)"
invoke "$CSCSIM" calibrate "$WORK/changed.toml" -o "$WORK/changed" --check --restart
expect_rc 0
invoke "$CSCSIM" calibrate "$WORK/changed.toml" -o "$WORK/no_such_out" --check --report-only
expect_rc 2
expect_stderr_line "^error: .*no_such_out/posterior\.h5: no generation finished; nothing to report" \
  "--report-only without a posterior (with --check)"
[[ $(md5sum <"$WORK/changed/posterior.h5") == "$before" ]] || problem "the old posterior changed"
finish

begin "calibrate: a corrupt posterior is refused"
mkdir -p "$WORK/corrupt" && echo "not HDF5" >"$WORK/corrupt/posterior.h5"
invoke "$CSCSIM" calibrate "$FIX/tiny.toml" -o "$WORK/corrupt"
expect_rc 2
expect_stderr_line "^error: .*corrupt/posterior\.h5: not an HDF5 file or corrupt" "the corrupt posterior"
finish

begin "calibrate: an output directory that cannot be created"
echo "a file" >"$WORK/blocker"
invoke "$CSCSIM" calibrate "$FIX/tiny.toml" -o "$WORK/blocker/out"
expect_rc 2
expect_stderr_line "^error: .*blocker/out: cannot create the output directory" "the output directory"
finish

if command -v mpirun >/dev/null; then
  begin "calibrate --mpi: 2 ranks (oversubscribed) give the same posterior as one process"
  "$CSCSIM" calibrate "$FIX/tiny.toml" -o "$WORK/one_process" --quiet
  invoke mpi_env timeout 300 mpirun --oversubscribe -np 2 "$CSCSIM" calibrate "$FIX/tiny.toml" -o "$WORK/two_ranks" --mpi
  expect_rc 0
  expect_same "$WORK/one_process/fitted.toml" "$WORK/two_ranks/fitted.toml"
  [[ $(grep -c "^generation " "$OUT_FILE") -eq 3 ]] || problem "the first rank alone should print each generation"
  /usr/bin/python3 - "$WORK/one_process/posterior.h5" "$WORK/two_ranks/posterior.h5" <<'PY' ||
import sys, h5py, numpy as np
a, b = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
assert list(a["generations"]) == list(b["generations"])
for g in a["generations"]:
    for k in a["generations"][g]:
        assert np.array_equal(a["generations"][g][k][...], b["generations"][g][k][...]), (g, k)
PY
    problem "the posteriors' generations differ"
  invoke "$CSCSIM" calibrate "$FIX/tiny.toml" -o "$WORK/two_ranks" --mpi --evaluate
  expect_rc 2
  finish
else
  echo "SKIP  calibrate --mpi (mpirun not found; tools/install_deps.sh installs openmpi-bin)"
fi

summarise
