#!/usr/bin/env bash
# Batch runs through the command line (issue "Batch runs on a cluster"), on the tiny fixture
# (tests/fixtures/bad/tiny.toml: 3,000 children, a fraction of a second a replicate):
#   - `run --set KEY=VALUE` overrides a parameter as the scenario file would (the same output
#     as --seed for run.seed); bad overrides exit 2 naming the key and leave no output;
#   - `run --first-replicate` runs a range of a run, and `merge` joins ranges (in any order)
#     into a file whose every /series and /cohort dataset equals the single run's;
#   - ranges that overlap, leave a gap or come from another run exit 2 naming the file; an
#     existing output is kept without --force, and a part is never overwritten.
#
# Usage: batch_cli.sh CSCSIM_BINARY SOURCE_DIR
set -uo pipefail   # no -e: some commands under test are meant to fail

source "$(dirname "${BASH_SOURCE[0]}")/cli_lib.sh"
cli_setup batch "$@"
TINY="$SRC/tests/fixtures/bad/tiny.toml"
declare -A KNOWN_BUGS=()

# digests FILE: the content digest of every dataset and of the run (not /meta).
digests() { "$CSCSIM" info --digest "$1"; }
expect_same_digests() {
  diff <(digests "$1") <(digests "$2") >/dev/null || problem "$1 and $2 differ in content: $(diff <(digests "$1") <(digests "$2") | head -n 4 | tr '\n' ' ')"
}

echo "cscsim batch tests: $CSCSIM"

begin "run --set: an override is applied as the scenario file would apply it"
"$CSCSIM" run "$TINY" --years 1 --replicates 2 --seed 7 -o "$WORK/seed7.h5" --quiet
invoke "$CSCSIM" run "$TINY" --years 1 --replicates 2 --set run.seed=7 -o "$WORK/set7.h5" --quiet
expect_rc 0
expect_same_digests "$WORK/seed7.h5" "$WORK/set7.h5"
"$CSCSIM" run "$TINY" --years 1 --replicates 2 --seed 7 --set edge.care_rate_per_week=0.05 \
  --set 'interventions.adult_specialists.start_date=2015-04-01' -o "$WORK/rate.h5" --quiet ||
  problem "a real, a date override failed"
[[ "$(digests "$WORK/seed7.h5" | tail -n 1)" != "$(digests "$WORK/rate.h5" | tail -n 1)" ]] ||
  problem "a higher care rate left the output unchanged"
/usr/bin/python3 -c "
import h5py, sys
toml = h5py.File(sys.argv[1])['meta'].attrs['scenario_toml']
toml = toml.decode() if isinstance(toml, bytes) else toml
sys.exit(0 if 'care_rate_per_week = 0.05' in toml else 1)" "$WORK/rate.h5" ||
  problem "/meta scenario_toml does not record the override"
finish

bad_set() {  # bad_set NAME REGEX OVERRIDE
  begin "run --set: $1 exits 2 naming the key, and writes nothing"
  invoke "$CSCSIM" run "$TINY" --years 1 --replicates 1 --set "$3" -o "$WORK/bad.h5" --quiet
  expect_rc 2
  expect_stderr_line "$2" "the override and what is wrong"
  expect_no_output "$WORK/bad.h5"
  finish
}
bad_set "an unknown key" "^error: --set edge.car_rate_per_week: key 'edge.car_rate_per_week': unknown key; did you mean 'edge.care_rate_per_week'" \
  "edge.car_rate_per_week=0.1"
bad_set "a value out of range" "^error: --set run.years: key 'run.years': must be" "run.years=0"
bad_set "a value of the wrong type" "^error: --set run.years: key 'run.years': .*expected an integer" "run.years=abc"
bad_set "no '='" "^error: --set 'run.years': expected KEY=VALUE" "run.years"
bad_set "a bad date" "^error: --set interventions.adult_specialists.start_date: .*YYYY-MM-DD" \
  "interventions.adult_specialists.start_date=2015-13-01"

begin "merge: replicate ranges, in any order, give the single run's file"
"$CSCSIM" run "$TINY" --years 1 --replicates 4 -o "$WORK/whole.h5" --quiet
"$CSCSIM" run "$TINY" --years 1 --replicates 1 -o "$WORK/r0.h5" --quiet
"$CSCSIM" run "$TINY" --years 1 --replicates 3 --first-replicate 1 --threads 1 -o "$WORK/r1_3.h5" --quiet
invoke "$CSCSIM" merge "$WORK/r1_3.h5" "$WORK/r0.h5" -o "$WORK/merged.h5"
expect_rc 0
expect_stdout_line "^merged 2 file\(s\): replicates 0 to 3 into" "the merged range"
expect_same_digests "$WORK/whole.h5" "$WORK/merged.h5"
"$CSCSIM" info --verify "$WORK/r1_3.h5" >/dev/null || problem "a range file does not verify"
"$CSCSIM" info --verify "$WORK/merged.h5" >/dev/null || problem "the merged file does not verify"
finish

bad_merge() {  # bad_merge NAME REGEX PARTS...
  local name=$1 regex=$2
  shift 2
  begin "merge: $name exits 2 naming the file, and writes nothing"
  invoke "$CSCSIM" merge "$@" -o "$WORK/bad_merge.h5"
  expect_rc 2
  expect_stderr_line "$regex" "the file and what is wrong"
  expect_no_output "$WORK/bad_merge.h5"
  finish
}
"$CSCSIM" run "$TINY" --years 1 --replicates 2 --first-replicate 2 -o "$WORK/r2_3.h5" --quiet
"$CSCSIM" run "$TINY" --years 1 --replicates 1 --seed 9 --first-replicate 1 -o "$WORK/other_seed.h5" --quiet
bad_merge "overlapping ranges" "r2_3\.h5: holds replicates from 2, .* \(the ranges overlap\)" "$WORK/r0.h5" \
  "$WORK/r1_3.h5" "$WORK/r2_3.h5"
bad_merge "a gap" "r2_3\.h5: holds replicates from 2, .* \(a range is missing\)" "$WORK/r0.h5" "$WORK/r2_3.h5"
bad_merge "another run's range" "other_seed\.h5: not a replicate range of the same run .*seeds differ" \
  "$WORK/r0.h5" "$WORK/other_seed.h5"
bad_merge "a file that is not a run" "not-a-run\.h5" "$WORK/r0.h5" "$TINY/../not-a-run.h5"

begin "merge: an existing output is kept without --force; a part is never the output"
echo "keep me" >"$WORK/exists.h5"
invoke "$CSCSIM" merge "$WORK/r0.h5" "$WORK/r1_3.h5" -o "$WORK/exists.h5"
expect_rc 2
expect_stderr_line "exists\.h5: exists; pass --force" "the existing output"
expect_unchanged "$WORK/exists.h5" "keep me"
cp "$WORK/r0.h5" "$WORK/r0_copy.h5"
invoke "$CSCSIM" merge "$WORK/r0.h5" "$WORK/r1_3.h5" -o "$WORK/r0.h5" --force
expect_rc 2
expect_stderr_line "r0\.h5: is one of the files to merge" "the part named as output"
cmp -s "$WORK/r0.h5" "$WORK/r0_copy.h5" || problem "the part was changed"
finish

summarise
