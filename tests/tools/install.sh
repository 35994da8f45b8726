#!/usr/bin/env bash
# cmake --install into a temporary prefix, then the installed program alone: --version, a run
# and `compare` with its report, the man page and bash completion. The installed program must
# not lean on the source tree: with the installed report script removed it says so (exit 2)
# instead of quietly using the source tree's.
#
# Usage: install.sh BUILD_DIR SOURCE_DIR
set -uo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/cli_lib.sh"
BUILD=$(realpath "$1")
cli_setup install "$BUILD/tools/cscsim" "$2"
declare -A KNOWN_BUGS=()
PREFIX="$WORK/prefix"
TINY="$SRC/tests/fixtures/bad/tiny.toml"
SMALL=(--replicates 2 --years 1 --quiet)

echo "cscsim install tests: $BUILD -> $PREFIX"

begin "cmake --install into a temporary prefix"
invoke cmake --install "$BUILD" --prefix "$PREFIX"
expect_rc 0
for f in bin/cscsim share/cscsim/report.py share/cscsim/report_psa.py share/cscsim/report_charts.py share/cscsim/report_context.py share/man/man1/cscsim.1 \
         share/bash-completion/completions/cscsim; do
  [[ -f $PREFIX/$f ]] || problem "not installed: $f"
done
finish

# The installed program, run from outside the source and build trees.
cd "$WORK" || exit 2
INSTALLED="$PREFIX/bin/cscsim"

begin "installed: --version names the program, its version and commit"
invoke "$INSTALLED" --version
expect_rc 0
expect_stdout_line '^cscsim [0-9]+\.[0-9]+\.[0-9]+ \(commit [0-9a-f]+' "cscsim VERSION (commit ID)"
finish

begin "installed: run and compare write the report with the installed script"
invoke "$INSTALLED" run "$TINY" -o a.h5 "${SMALL[@]}"
expect_rc 0
invoke "$INSTALLED" run "$TINY" -o b.h5 "${SMALL[@]}" --seed 7
expect_rc 0
invoke "$INSTALLED" compare a.h5 b.h5 -o report --unpaired
expect_rc 0
[[ -s report/report.html ]] || problem "no report.html"
finish

begin "installed: without its report script it says so, exit 2 (no fallback to the source tree)"
mv "$PREFIX/share/cscsim/report.py" "$WORK/report.py.away"
invoke "$INSTALLED" compare a.h5 b.h5 -o report2 --unpaired
expect_rc 2
expect_stderr_line "share/cscsim/report\.py: the report script is missing" "the installed script's path"
[[ -e report2 ]] && problem "a results folder was left behind"
invoke "$INSTALLED" compare a.h5 b.h5 -o report3 --unpaired --no-report
expect_rc 0
mv "$WORK/report.py.away" "$PREFIX/share/cscsim/report.py"
finish

begin "installed: the man page reads as a man page"
grep -q '^\.TH CSCSIM "1"' "$PREFIX/share/man/man1/cscsim.1" || problem "no .TH header"
grep -q 'compare' "$PREFIX/share/man/man1/cscsim.1" || problem "the sub-commands are not in it"
finish

begin "installed: bash completion registers for cscsim and completes sub-commands"
invoke bash -c "_init_completion() { cur=\${COMP_WORDS[COMP_CWORD]}; prev=\${COMP_WORDS[COMP_CWORD-1]}; words=(\"\${COMP_WORDS[@]}\"); cword=\$COMP_CWORD; }
  source '$PREFIX/share/bash-completion/completions/cscsim'
  complete -p cscsim
  COMP_WORDS=(cscsim com); COMP_CWORD=1; _cscsim; echo \"\${COMPREPLY[*]}\"
  COMP_WORDS=(cscsim compare --f); COMP_CWORD=2; _cscsim; echo \"\${COMPREPLY[*]}\""
expect_rc 0
expect_stdout_line "^complete -F _cscsim cscsim" "the registration"
expect_stdout_line "^compare$" "the sub-command compare"
expect_stdout_line "^--force$" "compare's --force"
finish

summarise
