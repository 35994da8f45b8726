#!/usr/bin/env bash
# Hostile names and careful users (issue "Safe with hostile files"): cscsim never runs a file
# name as a command, never overwrites an input or something the user already has without
# --force, leaves no temporary output when interrupted (SIGINT, SIGTERM) or when a write fails,
# and never echoes control characters from a scenario to the terminal. Each case is built from
# the reproducer of a finding.
#
# Usage: safe_outputs.sh CSCSIM_BINARY SOURCE_DIR
# Prints one line per case and ends with "N passed, M failed"; exits 1 if any case failed.
# Runs are tiny (tests/fixtures/bad/tiny.toml: 3,000 children, 1 year) except the ones that
# must still be running when they are interrupted.
set -uo pipefail   # no -e: several commands under test are meant to fail

source "$(dirname "${BASH_SOURCE[0]}")/cli_lib.sh"
cli_setup safe-outputs "$@"
declare -A KNOWN_BUGS=()
TINY="$SRC/tests/fixtures/bad/tiny.toml"
SMALL=(--replicates 2 --years 1 --quiet)
cd "$WORK" || exit 2

# A scenario folder of the user's own: a scenario and its base, self-contained.
mkdir -p user
cat >user/base.toml <<EOF
base = "$TINY"
EOF
cat >user/scenario.toml <<'EOF'
base = "base.toml"
EOF

# no_temporaries DIR: nothing named *.tmp-* (a run file or a results folder) left in DIR.
no_temporaries() {
  local left
  left=$(find "$1" -maxdepth 1 \( -name '*.tmp*' -o -name '*.removing' -o -name '*.old-*' \) | head -5)
  [[ -z $left ]] || problem "temporary output left behind: $left"
}

# wait_for GLOB SECONDS: waits until a path matching GLOB exists (the command got that far).
wait_for() {
  local i
  for ((i = 0; i < $2 * 20; ++i)); do
    compgen -G "$1" >/dev/null && return 0
    sleep 0.05
  done
  return 1
}

echo "cscsim safe-output tests: $CSCSIM"

# ---- command injection through file names -----------------------------------------------------
HOSTILE="v';touch PWNED;'.h5"
begin "run and compare: a run file named $HOSTILE runs no command"
invoke "$CSCSIM" run user/scenario.toml -o "$HOSTILE" "${SMALL[@]}"
expect_rc 0
invoke "$CSCSIM" run user/scenario.toml -o base.h5 "${SMALL[@]}"
expect_rc 0
invoke "$CSCSIM" compare base.h5 "$HOSTILE" -o injected
expect_rc 0
[[ -e PWNED ]] && problem "the file name ran a command (PWNED exists)"
[[ -f injected/report.html ]] || problem "no report written for the hostile file name"
finish

begin "compare: a folder called O'Brien LA works (no internal error)"
mkdir -p "O'Brien LA"
cp base.h5 "O'Brien LA/base.h5"
invoke "$CSCSIM" compare "O'Brien LA/base.h5" "$HOSTILE" -o "O'Brien LA/report"
expect_rc 0
[[ -f "O'Brien LA/report/report.html" ]] || problem "no report in the O'Brien LA folder"
grep -q "internal error" "$ERR_FILE" && problem "internal error"
finish

begin "compare: a run file whose name starts with a dash is a file, not an option"
cp base.h5 ./-v.h5
invoke "$CSCSIM" compare -o dash base.h5 -- -v.h5
expect_rc 0
[[ -f dash/report.html ]] || problem "no report"
finish

# ---- inputs and existing files are never overwritten ------------------------------------------
begin "run: -o naming the scenario itself is refused and the scenario kept"
before=$(cat user/scenario.toml)
invoke "$CSCSIM" run user/scenario.toml -o user/scenario.toml "${SMALL[@]}" --force
expect_rc 2
expect_stderr_line "^error: user/scenario\.toml: is an input" "the scenario as an input"
[[ $(cat user/scenario.toml) == "$before" ]] || problem "the scenario was changed"
finish

begin "run: -o naming its base file is refused and the base kept"
before=$(cat user/base.toml)
invoke "$CSCSIM" run user/scenario.toml -o user/base.toml "${SMALL[@]}" --force
expect_rc 2
expect_stderr_line "base\.toml: is an input" "the base file as an input"
[[ $(cat user/base.toml) == "$before" ]] || problem "the base file was changed"
finish

begin "run: -o a FIFO (a stand-in for a device node) is refused, the FIFO kept"
mkfifo fifo.h5
invoke timeout 20 "$CSCSIM" run user/scenario.toml -o fifo.h5 "${SMALL[@]}" --force
expect_rc 2
expect_stderr_line "^error: fifo\.h5: .*not a regular file" "the FIFO"
[[ -p fifo.h5 ]] || problem "the FIFO was replaced"
finish

begin "run: an existing output file is kept without --force"
printf 'precious\n' >existing.h5
invoke "$CSCSIM" run user/scenario.toml -o existing.h5 "${SMALL[@]}"
expect_rc 2
expect_stderr_line "^error: existing\.h5: exists; pass --force" "the existing file and --force"
[[ $(cat existing.h5) == precious ]] || problem "the existing file was changed"
finish

begin "run: --force replaces an existing output file"
invoke "$CSCSIM" run user/scenario.toml -o existing.h5 "${SMALL[@]}" --force
expect_rc 0
[[ $(head -c 4 existing.h5 | od -An -c | tr -d ' ') == '211HDF' ]] || problem "not replaced by an HDF5 file"
no_temporaries .
finish

# ---- results folders: refused unless --force, then replaced whole ------------------------------
begin "compare: an existing, non-empty results folder is refused without --force"
mkdir -p results
printf 'mine\n' >results/notes.txt
invoke "$CSCSIM" compare base.h5 "$HOSTILE" -o results --no-report
expect_rc 2
expect_stderr_line "^error: results: .*not empty; pass --force" "the folder and --force"
[[ $(ls results) == notes.txt ]] || problem "the folder was changed: $(ls results)"
finish

begin "compare: --force replaces the folder whole (no old file stays beside the new ones)"
invoke "$CSCSIM" compare base.h5 "$HOSTILE" -o results --no-report --force
expect_rc 0
[[ -e results/notes.txt ]] && problem "an old file stayed in the replaced folder"
[[ -f results/differences.csv ]] || problem "no new tables"
no_temporaries .
finish

begin "compare: an empty folder is used as it is"
mkdir -p empty_results
invoke "$CSCSIM" compare base.h5 "$HOSTILE" -o empty_results --no-report
expect_rc 0
[[ -f empty_results/differences.csv ]] || problem "no tables"
finish

# ---- interrupted runs and comparisons leave nothing half-written -------------------------------
# interrupt_case NAME SIGNAL STATUS GLOB CMD...: starts CMD, waits until GLOB exists (the
# command is writing), sends SIGNAL, expects exit STATUS and no temporaries.
interrupt_case() {
  local name=$1 sig=$2 status=$3 glob=$4
  shift 4
  begin "$name"
  "$@" >"$OUT_FILE" 2>"$ERR_FILE" &
  local pid=$!
  if wait_for "$glob" 60; then
    kill -s "$sig" "$pid"
  else
    problem "the command never reached the point to interrupt ($glob)"
  fi
  wait "$pid"
  rc=$?
  expect_rc "$status"
  expect_stderr_line "interrupted by SIG$sig" "the interruption"
  no_temporaries .
}

interrupt_case "run: SIGTERM (a Slurm time limit) removes the temporary file, exit 143" \
  TERM 143 "big.h5.tmp-*" "$CSCSIM" run "$SRC/scenarios/baseline.toml" -o big.h5 --threads 1 --quiet
[[ -e big.h5 ]] && problem "an output file appeared"
finish

printf 'precious\n' >kept.h5
interrupt_case "run --force: SIGINT keeps the existing file, exit 130" \
  INT 130 "kept.h5.tmp-*" "$CSCSIM" run "$SRC/scenarios/baseline.toml" -o kept.h5 --threads 1 --quiet --force
[[ $(cat kept.h5) == precious ]] || problem "the existing file was changed"
finish

# Interrupted while the report is being written (the tables are already in the temporary folder).
cp -r results results_before
interrupt_case "compare --force: SIGTERM during the report keeps the old folder whole, exit 143" \
  TERM 143 "results.tmp-*/differences.csv" "$CSCSIM" compare base.h5 "$HOSTILE" -o results --force
diff -r results results_before >/dev/null || problem "the old results folder was changed"
finish

# ---- a full disk -----------------------------------------------------------------------------
# limited KIB CMD...: every write beyond KIB KiB fails (RLIMIT_FSIZE with SIGXFSZ ignored, so
# write() returns EFBIG like a full disk). stderr goes through a pipe: the limit would truncate
# a redirected file.
limited() {
  local kib=$1
  shift
  rc=$( (
    (
      trap '' XFSZ
      ulimit -f "$kib"
      exec "$@" 2>&1 >"$OUT_FILE"
    ) | cat >"$ERR_FILE"
    echo "${PIPESTATUS[0]}"
  ) 2>/dev/null)
}

begin "run: a write that fails (full disk) exits 2 naming the file, nothing left"
limited 64 "$CSCSIM" run "$SRC/scenarios/baseline.toml" -o full.h5 --replicates 1 --years 1 --quiet
expect_rc 2
expect_stderr_line "^error: full\.h5: cannot write output" "the output file"
grep -q "HDF5-DIAG" "$ERR_FILE" && problem "HDF5's own error stack was printed"
[[ -e full.h5 ]] && problem "an output file appeared"
no_temporaries .
finish

begin "compare: a write that fails (full disk) exits 2 and keeps the old folder"
cp -r results results_before2
limited 4 "$CSCSIM" compare base.h5 "$HOSTILE" -o results --force --no-report
expect_rc 2
diff -r results results_before2 >/dev/null || problem "the old results folder was changed"
no_temporaries .
finish

# ---- messages never echo control characters ------------------------------------------------------
begin "validate: control characters from a scenario are escaped in messages"
# A quoted key with escapes: the unknown-key message quotes it back.
printf 'base = "%s"\n"\\u001b[2J\\u001b[31mevil\\r" = 1\n' "$TINY" >ctrl.toml
invoke "$CSCSIM" validate ctrl.toml
expect_rc 2
LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$ERR_FILE" && problem "a control character reached stderr"
expect_stderr_line '\\x1b\[2J' "the escape sequence, escaped"
finish

# ---- the command line ---------------------------------------------------------------------------
begin "cli: a mistyped sub-command is named, with the list of sub-commands"
invoke "$CSCSIM" rnu scenario.toml
expect_rc 2
expect_stderr_line "unknown sub-command 'rnu'.*run, validate" "the word and the sub-commands"
finish

begin "cli: help shows --no-report as a plain flag"
invoke "$CSCSIM" compare --help
expect_rc 0
grep -q -- '--no-report{' "$OUT_FILE" && problem "help shows --no-report{...}"
expect_stdout_line "no-report" "the flag"
finish

summarise
