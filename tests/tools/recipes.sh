#!/usr/bin/env bash
# The reading recipes of docs/output.md, run as written on a small run: the Python one
# (xarray, pandas, h5py) always, the R one (hdf5r) where r-cran-hdf5r is installed, else it
# says it was skipped and why.
#
# Usage: recipes.sh CSCSIM_BINARY SOURCE_DIR
set -uo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/cli_lib.sh"
cli_setup recipes "$@"
declare -A KNOWN_BUGS=()
PY=/usr/bin/python3
DOC="$SRC/docs/output.md"

echo "cscsim reading recipes: $DOC"

# extract LANG FILE: the fenced block after the line <!-- recipe: LANG --> in docs/output.md.
extract() {
  "$PY" - "$DOC" "$1" "$2" <<'PYEOF'
import re, sys
doc, lang, out = sys.argv[1:]
m = re.search(r"<!-- recipe: %s -->\n```%s\n(.*?)```" % (lang, lang), open(doc).read(), re.S)
if not m:
    sys.exit("no '%s' recipe in %s" % (lang, doc))
open(out, "w").write(m.group(1))
PYEOF
}

begin "a small run of two councils to read"
invoke "$CSCSIM" run "$SRC/tests/fixtures/two_las.toml" -o "$WORK/run.h5" --replicates 3 --years 1 --quiet
expect_rc 0
finish

begin "the Python recipe (xarray, pandas) runs as written"
if extract python "$WORK/recipe.py"; then
  invoke "$PY" "$WORK/recipe.py" "$WORK/run.h5"
  expect_rc 0
  expect_stdout_line "^children" "the units of stock_cp"
  expect_stdout_line "^2013-04-01 " "weeks as dates"
  expect_stdout_line "^care_entry +[0-9]+" "entries to care by reason, by name"
else
  problem "cannot extract the Python recipe"
fi
finish

begin "the R recipe (hdf5r) runs as written"
if ! command -v Rscript >/dev/null || ! Rscript -e 'library(hdf5r)' >/dev/null 2>&1; then
  echo "SKIP  the R recipe: Rscript with hdf5r is not installed (Debian: r-base-core r-cran-hdf5r)"
elif extract r "$WORK/recipe.R"; then
  invoke Rscript "$WORK/recipe.R" "$WORK/run.h5"
  expect_rc 0
  expect_stdout_line "^\[1\] +3 +52 +2$" "the array as (replicate, week, la)"
  expect_stdout_line "2013-04-01" "weeks as dates"
  expect_stdout_line "care_entry" "enum values by name"
else
  problem "cannot extract the R recipe"
fi
finish

summarise
