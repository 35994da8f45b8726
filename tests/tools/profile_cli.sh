#!/usr/bin/env bash
# `cscsim run --profile` (issue "England in seconds", item 5), on the tiny fixture: it prints
# every phase of the week and every table with its bytes per child, also with --quiet, and
# the run file is the same as without it (the profile is wall-clock time, never output).
#
# Usage: profile_cli.sh CSCSIM_BINARY SOURCE_DIR
set -uo pipefail   # no -e: a failed check is reported, not fatal

source "$(dirname "${BASH_SOURCE[0]}")/cli_lib.sh"
cli_setup profile "$@"
TINY="$SRC/tests/fixtures/bad/tiny.toml"
declare -A KNOWN_BUGS=()
unset CSCSIM_SNAPSHOTS
echo "cscsim profile tests: $CSCSIM"

begin "run --profile --quiet: phases and tables, and the same run file"
"$CSCSIM" run "$TINY" --years 1 --replicates 2 -o "$WORK/plain.h5" --quiet
invoke "$CSCSIM" run "$TINY" --years 1 --replicates 2 -o "$WORK/profiled.h5" --quiet --profile
expect_rc 0
expect_stdout_line '^profile: [0-9]+ weeks, [0-9]+ active child-weeks' "the weeks and active child-weeks"
for phase in "open lists" "births and birthdays" calendar workforce allocation casework decisions record \
  "all phases"; do
  expect_stdout_line "^$phase +[0-9.]+ +[0-9.]+$" "the phase '$phase'"
done
for table in families children calendar "kin networks" "legal route" "cohort events" "all tables"; do
  expect_stdout_line "^$table +[0-9.]+ +[0-9.]+$" "the table '$table'"
done
expect_stdout_line '^memory \(largest replicate; [0-9]+ children on day 0' "the children the bytes are per"
diff <("$CSCSIM" info --digest "$WORK/plain.h5") <("$CSCSIM" info --digest "$WORK/profiled.h5") >/dev/null ||
  problem "the run file differs with --profile"
finish

summarise
