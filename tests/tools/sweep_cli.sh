#!/usr/bin/env bash
# cscsim sweep end to end (issue "Batch runs on a cluster"), on tiny fixtures
# (tests/fixtures/sweep/):
#   - a grid sweep with threads writes the manifest, the merged variants and the index; each
#     variant equals a plain `cscsim run` of its scenario with its overrides;
#   - the same sweep under `mpirun -np 2 --oversubscribe ... --mpi` and as a Slurm job array
#     (`--slurm`, sbatch --wait, on the one-node cluster of tools/slurm/local_cluster.sh,
#     started here when it is not running) gives identical /series and /cohort datasets;
#   - a sweep killed with SIGKILL or SIGTERM halfway and started again runs only the missing
#     tasks and equals an uninterrupted one; no partial output is visible;
#   - a task that fails is logged and marked failed without stopping the others (exit 2), and
#     a rerun retries it;
#   - Latin hypercube and list designs expand as documented; bad sweep files exit 2 with
#     FILE:LINE:COLUMN and the key; a directory of another sweep is refused.
# MPI and Slurm cases are skipped, saying so, where mpirun or Slurm is missing or the cluster
# cannot be started (not root); CI installs both (tools/install_deps.sh) and runs as root.
#
# Usage: sweep_cli.sh CSCSIM_BINARY SOURCE_DIR
set -uo pipefail   # no -e: some commands under test are meant to fail

source "$(dirname "${BASH_SOURCE[0]}")/cli_lib.sh"
cli_setup sweep "$@"
FIX="$SRC/tests/fixtures/sweep"
declare -A KNOWN_BUGS=()
VARIANTS=(base v001 v002 v003 v004)

digests() { "$CSCSIM" info --digest "$1"; }
# same_variants DIR_A DIR_B: every variant file of the grid has the same content digests.
same_variants() {
  local v
  for v in "${VARIANTS[@]}"; do
    if [[ ! -f $1/variants/$v.h5 || ! -f $2/variants/$v.h5 ]]; then
      problem "variant $v missing in $1 or $2"
    elif ! diff <(digests "$1/variants/$v.h5") <(digests "$2/variants/$v.h5") >/dev/null; then
      problem "variant $v differs between $1 and $2"
    fi
  done
}
status_count() { grep -c ",$2,[^,]*\$" "$1/manifest.csv"; }

echo "cscsim sweep tests: $CSCSIM"

REF="$WORK/threads"
begin "sweep: a grid with threads writes the variants, the manifest and the index"
invoke "$CSCSIM" sweep "$FIX/tiny_grid.toml" -o "$REF" --threads 2
expect_rc 0
expect_stdout_line "^sweep tiny grid: 10 of 10 tasks done, 0 failed; 5 of 5 variants complete" "the summary"
[[ $(status_count "$REF" done) -eq 10 ]] || problem "manifest.csv should list 10 done tasks"
head -n 1 "$REF/manifest.csv" | grep -q "^task,variant,label,first_replicate,replicates,interventions.adult_specialists.workers_per_team,interventions.adult_specialists.start_date,status,output$" ||
  problem "manifest.csv header"
grep -q '^v003_r0002-0003,v003,"interventions.adult_specialists.workers_per_team=3, interventions.adult_specialists.start_date=2013-04-01",2,2,3,2013-04-01,done,variants/v003.h5$' "$REF/manifest.csv" ||
  problem "manifest.csv row of v003's second range"
[[ -z $(ls "$REF/tasks") ]] || problem "task files left beside the merged variants"
/usr/bin/python3 - "$REF/sweep.h5" <<'PY' || problem "the index does not open every variant through its links"
import sys, h5py
f = h5py.File(sys.argv[1], "r")
assert f.attrs["variant_ids"].decode().split("\n") == ["base", "v001", "v002", "v003", "v004"]
assert f.attrs["values:interventions.adult_specialists.workers_per_team"].decode().split("\n") == ["", "1", "1", "3", "3"]
for v in ["base", "v001", "v002", "v003", "v004"]:
    assert f["variants"][v]["series/referrals"].shape[0] == 4
PY
"$CSCSIM" run "$SRC/tests/fixtures/bad/tiny.toml" --replicates 4 --set run.years=1 \
  --set interventions.adult_specialists.enabled=true --set interventions.adult_specialists.workers_per_team=3 \
  --set interventions.adult_specialists.start_date=2013-04-01 -o "$WORK/v003_direct.h5" --quiet
diff <(digests "$WORK/v003_direct.h5") <(digests "$REF/variants/v003.h5") >/dev/null ||
  problem "variant v003 differs from a plain run of its scenario"
finish

begin "sweep: rerun of a finished sweep runs nothing and changes nothing"
cp "$REF/variants/v001.h5" "$WORK/v001_before.h5"
invoke "$CSCSIM" sweep "$FIX/tiny_grid.toml" -o "$REF"
expect_rc 0
grep -q "^task " "$OUT_FILE" && problem "a finished task ran again"
cmp -s "$REF/variants/v001.h5" "$WORK/v001_before.h5" || problem "a finished variant file was rewritten"
finish

begin "compare DIR: every variant against the base, its varied values as columns"
invoke "$CSCSIM" compare "$REF" -o "$WORK/compared"
expect_rc 0
head -n 1 "$WORK/compared/differences.csv" | grep -q "^variant,interventions.adult_specialists.workers_per_team,interventions.adult_specialists.start_date,metric,period," ||
  problem "differences.csv lacks the varied columns"
grep -q "^v003,3,2013-04-01,care_entries,FY2013-14," "$WORK/compared/differences.csv" || problem "v003's row with its values"
[[ $(cut -d, -f1 "$WORK/compared/break_even.csv" | sort -u | grep -c '^v00') -eq 4 ]] || problem "four variants in break_even.csv"
# The same comparison as `compare base.h5 v003.h5`, row for row (variant names aside).
"$CSCSIM" compare "$REF/variants/base.h5" "$REF/variants/v003.h5" -o "$WORK/pair" --no-report >/dev/null
diff <(grep "^v003," "$WORK/compared/differences.csv" | cut -d, -f4-) <(tail -n +2 "$WORK/pair/differences.csv" | cut -d, -f2-) >/dev/null ||
  problem "the sweep's v003 rows differ from a comparison of its two files"
finish

# interrupted SIGNAL: a sweep of slower tasks killed once two task files exist, then resumed.
interrupted() {
  local sig=$1 dir="$WORK/killed_$1" full="$WORK/slow_full"
  begin "sweep: killed with SIG$sig halfway and resumed, it equals an uninterrupted sweep"
  [[ -d $full ]] || "$CSCSIM" sweep "$FIX/slow_grid.toml" -o "$full" --threads 1 --quiet
  "$CSCSIM" sweep "$FIX/slow_grid.toml" -o "$dir" --threads 1 --quiet &
  local pid=$!
  for _ in $(seq 1 600); do
    [[ $(ls "$dir/tasks" 2>/dev/null | grep -c '\.h5$') -ge 2 ]] && break
    sleep 0.05
  done
  kill -"$sig" "$pid"
  wait "$pid"
  local killed_rc=$?
  [[ $sig == TERM && $killed_rc -ne 143 ]] && problem "SIGTERM: exit status $killed_rc, expected 143"
  local done_before
  done_before=$(ls "$dir/tasks" | grep -c '\.h5$')
  [[ $done_before -ge 2 && $done_before -lt 6 ]] || problem "killed with $done_before of 6 tasks done (not halfway)"
  for f in "$dir"/tasks/*.h5; do
    "$CSCSIM" info --verify "$f" >/dev/null 2>&1 || problem "a visible task file is not complete: $f"
  done
  [[ $sig == TERM && -n $(ls "$dir/tasks" | grep '\.tmp-') ]] && problem "SIGTERM left a temporary file"
  invoke "$CSCSIM" sweep "$FIX/slow_grid.toml" -o "$dir" --threads 1
  expect_rc 0
  [[ $(grep -c "^task .* done in" "$OUT_FILE") -eq $((6 - done_before)) ]] ||
    problem "the resumed sweep should run only the $((6 - done_before)) missing tasks"
  [[ -z $(ls "$dir/tasks") ]] || problem "temporary or task files left after the resumed sweep"
  local v
  for v in base v001 v002; do
    diff <(digests "$full/variants/$v.h5") <(digests "$dir/variants/$v.h5") >/dev/null ||
      problem "variant $v differs from the uninterrupted sweep's"
  done
  finish
}
interrupted KILL
interrupted TERM

begin "sweep: a failed task is logged, the others finish, a rerun retries it"
FAILDIR="$WORK/failing"
"$CSCSIM" sweep "$FIX/tiny_grid.toml" -o "$FAILDIR" --slurm --quiet  # only prepares the directory
mkdir "$FAILDIR/tasks/v002_r0000-0001.h5"                             # its output cannot be written
invoke "$CSCSIM" sweep "$FIX/tiny_grid.toml" -o "$FAILDIR" --threads 2
cp -r "$FAILDIR" "$WORK/failing_unfinished"
expect_rc 2
expect_stderr_line "^error: 1 task\(s\) of the sweep failed" "the failed task"
[[ $(status_count "$FAILDIR" done) -eq 9 && $(status_count "$FAILDIR" failed) -eq 1 ]] ||
  problem "manifest.csv should list 9 done and 1 failed"
grep -q "^v002_r0000-0001,.*,failed,logs/v002_r0000-0001.log$" "$FAILDIR/manifest.csv" || problem "the failed row"
grep -q "cannot write output" "$FAILDIR/logs/v002_r0000-0001.log" || problem "the log does not say why"
[[ -f $FAILDIR/variants/v002.h5 ]] && problem "a variant with a failed task was merged"
rmdir "$FAILDIR/tasks/v002_r0000-0001.h5"
invoke "$CSCSIM" sweep "$FIX/tiny_grid.toml" -o "$FAILDIR" --threads 2
expect_rc 0
[[ $(grep -c "^task " "$OUT_FILE") -eq 1 ]] || problem "the rerun should run the failed task only"
[[ -f $FAILDIR/logs/v002_r0000-0001.log ]] && problem "the log of a task that then succeeded was kept"
same_variants "$REF" "$FAILDIR"
finish

if command -v mpirun >/dev/null; then
  begin "sweep --mpi: 2 ranks (oversubscribed) give the same variants as threads"
  invoke mpi_env timeout 300 mpirun --oversubscribe -np 2 "$CSCSIM" sweep "$FIX/tiny_grid.toml" -o "$WORK/mpi" --mpi
  expect_rc 0
  expect_stdout_line "^sweep tiny grid on 2 MPI ranks: 10 of 10 tasks done" "the summary"
  grep -q "^rank 1: task " "$OUT_FILE" || problem "rank 1 ran no task"
  same_variants "$REF" "$WORK/mpi"
  finish
else
  echo "SKIP  sweep --mpi (mpirun not found; tools/install_deps.sh installs openmpi-bin)"
fi

STARTED_SLURM=0
if command -v sbatch >/dev/null && { bash "$SRC/tools/slurm/local_cluster.sh" status ||
  { [[ $EUID -eq 0 ]] && bash "$SRC/tools/slurm/local_cluster.sh" start && STARTED_SLURM=1; }; }; then
  begin "sweep --slurm: a job array and the collect job give the same variants as threads"
  invoke "$CSCSIM" sweep "$FIX/tiny_grid.toml" -o "$WORK/slurm" --slurm --slurm-array-limit 4 --slurm-mem 500M
  expect_rc 0
  grep -q "^#SBATCH --array=0-3$" "$WORK/slurm/sweep.sbatch" || problem "10 tasks in at most 4 array tasks"
  invoke timeout 300 sbatch --wait "$WORK/slurm/sweep.sbatch"
  expect_rc 0
  invoke timeout 300 sbatch --wait "$WORK/slurm/collect.sbatch"
  expect_rc 0
  same_variants "$REF" "$WORK/slurm"
  finish
  [[ $STARTED_SLURM -eq 1 ]] && bash "$SRC/tools/slurm/local_cluster.sh" stop
else
  echo "SKIP  sweep --slurm (no Slurm here, or not root to start tools/slurm/local_cluster.sh)"
fi

begin "sweep: a Latin hypercube puts one point in each stratum of each range"
invoke "$CSCSIM" sweep "$FIX/tiny_lhs.toml" -o "$WORK/lhs" --threads 2 --quiet
expect_rc 0
/usr/bin/python3 - "$WORK/lhs/manifest.csv" <<'PY' || problem "the hypercube's points are not one per stratum"
import csv, math, sys
rows = list(csv.DictReader(open(sys.argv[1])))
rate = sorted(float(r["edge.care_rate_per_week"]) for r in rows)
cap = [float(r["referral.base_rate_per_year"]) for r in rows]
assert len(rate) == 5
for i, x in enumerate(rate):           # linear on [0.01, 0.02]: stratum i holds one point
    assert 0.01 + i * 0.002 <= x < 0.01 + (i + 1) * 0.002, (i, x)
logs = sorted(math.log(x) for x in cap)  # log scale on [0.004, 0.008]
lo, hi = math.log(0.004), math.log(0.008)
for i, x in enumerate(logs):
    assert lo + i * (hi - lo) / 5 <= x < lo + (i + 1) * (hi - lo) / 5, (i, x)
PY
finish

begin "sweep --set: an override of every variant, part of the sweep"
invoke "$CSCSIM" sweep "$FIX/tiny_lhs.toml" -o "$WORK/lhs_set" --set edge.sibling_share=0.5 --quiet
expect_rc 0
grep -q "^# cscsim sweep --set edge.sibling_share=0.5$" "$WORK/lhs_set/sweep.toml" || problem "the copy does not record --set"
/usr/bin/python3 - "$WORK/lhs_set/variants/v002.h5" <<'PY' || problem "a variant did not take the override"
import sys, h5py
toml = h5py.File(sys.argv[1], "r")["meta"].attrs["scenario_toml"]
sys.exit(0 if "sibling_share = 0.5" in (toml.decode() if isinstance(toml, bytes) else toml) else 1)
PY
invoke "$CSCSIM" sweep "$FIX/tiny_lhs.toml" -o "$WORK/lhs_set" --quiet
expect_rc 2
expect_stderr_line "holds another sweep" "a rerun without the same --set"
invoke "$CSCSIM" sweep --collect "$WORK/lhs_set"
expect_rc 0
invoke "$CSCSIM" sweep "$FIX/tiny_lhs.toml" -o "$WORK/lhs_bad_set" --set edge.sibling_share=7
expect_rc 2
expect_stderr_line "^error: --set edge.sibling_share: key 'edge.sibling_share': must be" "the bad override"
finish

bad_sweep() {  # bad_sweep NAME REGEX FILE
  begin "sweep: $1 exits 2 naming the file, line and key"
  invoke "$CSCSIM" sweep "$3" -o "$WORK/bad_sweep"
  expect_rc 2
  expect_stderr_line "$2" "the file, line and key"
  [[ -e $WORK/bad_sweep ]] && problem "a directory was created for a bad sweep"
  finish
}
bad() { printf '%s\n' "$@" >"$WORK/bad.toml"; }
bad 'name = "b"' 'scenario = "'"$SRC"'/tests/fixtures/bad/tiny.toml"' '[[vary]]' 'key = "edge.care_rate"' 'values = "1"'
bad_sweep "an unknown parameter" "bad\.toml:4:[0-9]+: key 'vary\[0\]\.key'|bad\.toml:4:.*edge\.care_rate" "$WORK/bad.toml"
bad 'name = "b"' 'scenario = "'"$SRC"'/tests/fixtures/bad/tiny.toml"' '[[vary]]' 'key = "run.years"' 'values = "1, 0"'
bad_sweep "a value out of range" "bad\.toml:5:[0-9]+: key 'run\.years': must be" "$WORK/bad.toml"
bad 'name = "b"' 'scenario = "'"$SRC"'/tests/fixtures/bad/tiny.toml"' 'design = "lhs"' 'samples = 3' '[[vary]]' \
  'key = "edge.care_rate_per_week"' 'lower = 0.02' 'upper = 0.01'
bad_sweep "an empty range" "bad\.toml:6:[0-9]+: key 'key' \('edge\.care_rate_per_week'\): a hypercube needs lower < upper" "$WORK/bad.toml"
bad 'name = "b"' 'scenario = "'"$SRC"'/tests/fixtures/bad/tiny.toml"' 'design = "list"' '[[variant]]' 'name = "a"' \
  'set = "run.years"'
bad_sweep "an override without '='" "bad\.toml:6:[0-9]+: key 'set': 'run\.years' is not KEY=VALUE" "$WORK/bad.toml"
bad 'name = "b"' 'scenario = "missing.toml"' '[[vary]]' 'key = "run.years"' 'values = "1"'
bad_sweep "a missing scenario" "missing\.toml" "$WORK/bad.toml"
bad 'name = "b"' 'scenario = "'"$SRC"'/tests/fixtures/bad/tiny.toml"' 'replicas = 3' '[[vary]]' 'key = "run.years"' \
  'values = "1"'
bad_sweep "an unknown key" "bad\.toml:3:[0-9]+: key 'replicas'" "$WORK/bad.toml"
bad 'name = "b"' 'scenario = "'"$SRC"'/tests/fixtures/bad/tiny.toml"' '[[vary]]' 'key = "run.seed"' \
  "values = \"$(seq -s, 1 1000)\"" '[[vary]]' 'key = "run.burn_in_years"' "values = \"$(seq -s, 0 30 | cut -d, -f1-30)\"" \
  '[[vary]]' 'key = "edge.sibling_share"' "values = \"$(seq -s, 0 0.01 0.99)\""
bad_sweep "a grid of three million variants (refused before it is built)" \
  "bad\.toml:5:[0-9]+: key 'values': the grid's combinations are 3000000, more than 100000, variants" "$WORK/bad.toml"

begin "compare DIR: an unfinished sweep, or a sweep with no base, exits 2"
invoke "$CSCSIM" compare "$WORK/failing_unfinished" -o "$WORK/cmp_bad"
expect_rc 2
invoke "$CSCSIM" compare "$WORK/lhs" -o "$WORK/cmp_bad"
expect_rc 2
expect_stderr_line "has no \[base_variant\]" "the missing base"
[[ -e $WORK/cmp_bad ]] && problem "a results folder was written"
finish

begin "sweep: a directory that holds another sweep, or other files, is refused"
invoke "$CSCSIM" sweep "$FIX/tiny_lhs.toml" -o "$REF"
expect_rc 2
expect_stderr_line "holds another sweep" "the other sweep"
mkdir -p "$WORK/other" && echo data >"$WORK/other/keep.txt"
invoke "$CSCSIM" sweep "$FIX/tiny_grid.toml" -o "$WORK/other"
expect_rc 2
expect_stderr_line "exists, is not empty and holds no sweep" "the foreign directory"
expect_unchanged "$WORK/other/keep.txt" "data"
finish

summarise
