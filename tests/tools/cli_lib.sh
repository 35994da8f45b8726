# Helpers shared by the command-line test scripts (bad_input.sh, calibrate_cli.sh): the
# script calls `cli_setup NAME "$@"` (arguments CSCSIM_BINARY SOURCE_DIR; sets CSCSIM, SRC and
# a scratch directory WORK removed on exit), declares KNOWN_BUGS (an associative array,
# possibly empty), runs its cases as begin NAME; invoke CMD...; expect_* checks; finish, and
# ends with `summarise`.
# shellcheck shell=bash

# cli_setup NAME CSCSIM_BINARY SOURCE_DIR
cli_setup() {
  if [[ $# -ne 3 ]]; then
    echo "usage: $0 CSCSIM_BINARY SOURCE_DIR" >&2
    exit 2
  fi
  CSCSIM=$(realpath "$2")
  SRC=$(realpath "$3")
  [[ -x "$CSCSIM" ]] || { echo "error: $CSCSIM is not an executable" >&2; exit 2; }
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/cscsim-$1.XXXXXX")
  trap 'rm -rf "$WORK"' EXIT
  OUT_FILE="$WORK/stdout"
  ERR_FILE="$WORK/stderr"
}

passed=0
failed=0
xfailed=0
case_name=""
case_problems=()
rc=0

begin() { case_name=$1; case_problems=(); }
problem() { case_problems+=("$1"); }

# invoke CMD...: runs a command, keeping its exit status, stdout and stderr.
invoke() {
  "$@" >"$OUT_FILE" 2>"$ERR_FILE"
  rc=$?
}

finish() {
  local known=${KNOWN_BUGS[$case_name]:-}
  if [[ ${#case_problems[@]} -eq 0 ]]; then
    if [[ -n $known ]]; then
      echo "XPASS $case_name (listed as a known bug; remove it from KNOWN_BUGS)"
    else
      echo "PASS  $case_name"
    fi
    passed=$((passed + 1))
    return
  fi
  if [[ -n $known ]]; then
    echo "XFAIL $case_name (known bug: $known)"
    xfailed=$((xfailed + 1))
  else
    echo "FAIL  $case_name"
    failed=$((failed + 1))
  fi
  local p
  for p in "${case_problems[@]}"; do echo "        - $p"; done
  # stderr: its error lines if it has any (HDF5 diagnostics can run to pages), else its start.
  if grep -Eq '^(internal )?error' "$ERR_FILE"; then
    echo "        exit status $rc; stderr, error lines:"
    grep -E '^(internal )?error' "$ERR_FILE" | head -n 15 | sed 's/^/        | /'
  else
    echo "        exit status $rc; stderr (first 15 lines):"
    head -n 15 "$ERR_FILE" | sed 's/^/        | /'
  fi
}

expect_rc() {
  [[ $rc -eq $1 ]] || problem "exit status $rc, expected $1"
}

# expect_stderr_line REGEX WHAT: some stderr line matches the extended regex.
expect_stderr_line() {
  grep -Eq -- "$1" "$ERR_FILE" || problem "stderr has no line naming $2 (regex: $1)"
}

# expect_stdout_line REGEX WHAT
expect_stdout_line() {
  grep -Eq -- "$1" "$OUT_FILE" || problem "stdout has no line saying $2 (regex: $1)"
}

# expect_no_output PATH: neither PATH nor a temporary PATH.tmp* exists.
expect_no_output() {
  [[ -e $1 ]] && problem "output file $1 was left behind"
  local leftovers
  leftovers=$(compgen -G "$1.tmp*")
  [[ -n $leftovers ]] && problem "temporary file(s) left behind: $(echo $leftovers)"
  return 0
}

# expect_unchanged PATH CONTENT: PATH still holds exactly CONTENT.
expect_unchanged() {
  if [[ ! -f $1 ]]; then
    problem "pre-existing file $1 was removed"
  elif [[ "$(cat "$1")" != "$2" ]]; then
    problem "pre-existing file $1 was changed"
  fi
  local leftovers
  leftovers=$(compgen -G "$1.tmp*")
  [[ -n $leftovers ]] && problem "temporary file(s) left behind: $(echo $leftovers)"
  return 0
}

# mpi_env: the environment of a command run under mpirun. Open MPI is run as root here (CI),
# and in the sanitizer build LeakSanitizer would report what Open MPI 4.1 itself leaves
# allocated at MPI_Finalize (ompi_op_base_op_select, and blocks of MCA components it has
# already unloaded, whose frames have no name to suppress): leak checking is off for the
# processes mpirun starts, and only for them; the same sweep and calibration code runs with
# leak checking in the threads cases of the same scripts.
mpi_env() {
  env OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 \
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" "$@"
}

re_escape() { sed 's/[][\.*^$+?(){}|/]/\\&/g' <<<"$1"; }

# summarise: no temporary files left in WORK; prints the totals; status 0 when nothing failed.
summarise() {
  local leftovers
  leftovers=$(cd "$WORK" && compgen -G "*.tmp*")
  if [[ -n $leftovers ]]; then
    echo "FAIL  no temporary files left in the work directory: $leftovers"
    failed=$((failed + 1))
  fi
  [[ $xfailed -gt 0 ]] && echo "($xfailed known failure(s), listed as XFAIL above, not counted)"
  echo "$passed passed, $failed failed"
  [[ $failed -eq 0 ]]
}
