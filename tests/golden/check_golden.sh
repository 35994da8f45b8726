#!/usr/bin/env bash
# Golden digests (tests/golden/README.md): runs every scenario in tests/fixtures/golden/ with
# `cscsim run` at --threads 1 and at --threads 2, takes `cscsim info --digest` of each, and
#   - fails if the two thread counts give different digests (determinism),
#   - compares the digests with the reference tests/golden/digests.txt and, for a mismatch,
#     names the scenario and every dataset that changed, appeared or disappeared.
# With --update it writes the reference afresh instead (after the determinism check), and
# says what changed. A commit that changes the reference must say why in its message.
#
# Usage: check_golden.sh CSCSIM_BINARY SOURCE_DIR [--update]
# Exit status: 0 all match, 1 a mismatch or a failed run, 2 usage.
set -u -o pipefail

if [[ $# -lt 2 || $# -gt 3 || ( $# -eq 3 && $3 != --update ) ]]; then
  echo "usage: $0 CSCSIM_BINARY SOURCE_DIR [--update]" >&2
  exit 2
fi
CSCSIM=$(realpath "$1")
SRC=$(realpath "$2")
UPDATE=0
[[ $# -eq 3 ]] && UPDATE=1
[[ -x $CSCSIM ]] || { echo "error: $CSCSIM is not an executable" >&2; exit 2; }
FIXTURES=$SRC/tests/fixtures/golden
REFERENCE=$SRC/tests/golden/digests.txt
[[ -d $FIXTURES ]] || { echo "error: $FIXTURES: no such folder" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cscsim-golden.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

failed=0
scenarios=()
# The digests of this build, each line "SCENARIO  DIGEST  /path  shape" or "SCENARIO  DIGEST  run".
: >"$WORK/current.txt"

# changed_lines A B: the datasets whose lines differ between two digest listings (same
# scenario), as "  /path: REF -> NOW", "  /path: only in ..." lines.
changed_lines() {
  awk -v a_name="$3" -v b_name="$4" '
    FNR == NR { a[$3] = $2; order[++n] = $3; next }
    { b[$3] = $2; if (!($3 in a)) order[++n] = $3 }
    END {
      for (i = 1; i <= n; ++i) {
        k = order[i]
        if (!(k in b)) printf "  %s: only in %s\n", k, a_name
        else if (!(k in a)) printf "  %s: only in %s\n", k, b_name
        else if (a[k] != b[k]) printf "  %s: %s %s, %s %s\n", k, a_name, a[k], b_name, b[k]
      }
    }' "$1" "$2"
}

for toml in "$FIXTURES"/*.toml; do
  name=$(basename "$toml" .toml)
  scenarios+=("$name")
  for t in 1 2; do
    start=$(date +%s%N)
    if ! "$CSCSIM" run "$toml" -o "$WORK/$name.t$t.h5" --threads "$t" --quiet >"$WORK/run.log" 2>&1; then
      echo "golden: $name: cscsim run --threads $t failed:"
      cat "$WORK/run.log"
      failed=1
      continue 2
    fi
    end=$(date +%s%N)
    if ! "$CSCSIM" info --digest "$WORK/$name.t$t.h5" >"$WORK/$name.t$t.digest" 2>"$WORK/run.log"; then
      echo "golden: $name: cscsim info --digest failed:"
      cat "$WORK/run.log"
      failed=1
      continue 2
    fi
    awk -v s="$name" '{ print s "  " $0 }' "$WORK/$name.t$t.digest" >"$WORK/$name.t$t.lines"
    ms=$(( (end - start) / 1000000 ))
    printf 'golden: %-24s --threads %s  run %d.%03d s\n' "$name" "$t" $((ms / 1000)) $((ms % 1000))
  done
  if ! cmp -s "$WORK/$name.t1.lines" "$WORK/$name.t2.lines"; then
    echo "golden: $name: NOT DETERMINISTIC: --threads 1 and --threads 2 give different digests:"
    changed_lines "$WORK/$name.t1.lines" "$WORK/$name.t2.lines" "threads-1" "threads-2"
    failed=1
  fi
  cat "$WORK/$name.t1.lines" >>"$WORK/current.txt"
done

if [[ $failed -ne 0 ]]; then
  echo "golden: FAILED (see above)"
  [[ $UPDATE -eq 1 ]] && echo "golden: the reference was not updated"
  exit 1
fi

if [[ $UPDATE -eq 1 ]]; then
  if [[ -f $REFERENCE ]]; then
    for name in "${scenarios[@]}"; do
      grep -v '^#' "$REFERENCE" | awk -v s="$name" '$1 == s' >"$WORK/ref.lines"
      grep -v '^#' "$WORK/current.txt" | awk -v s="$name" '$1 == s' >"$WORK/now.lines"
      cmp -s "$WORK/ref.lines" "$WORK/now.lines" ||
        { echo "golden: $name: changed:"; changed_lines "$WORK/ref.lines" "$WORK/now.lines" was now; }
    done
  fi
  {
    echo "# Golden digests of tests/fixtures/golden/*.toml: SCENARIO  DIGEST  /dataset  shape, and"
    echo "# SCENARIO  DIGEST  run. Written by tests/golden/check_golden.sh --update; see"
    echo "# tests/golden/README.md. A commit that changes this file says why in its message."
    cat "$WORK/current.txt"
  } >"$REFERENCE.tmp" && mv "$REFERENCE.tmp" "$REFERENCE"
  echo "golden: wrote $REFERENCE (${#scenarios[@]} scenarios)"
  exit 0
fi

[[ -f $REFERENCE ]] || { echo "golden: $REFERENCE: missing; run with --update to write it"; exit 1; }
grep -v '^#' "$REFERENCE" >"$WORK/reference.txt"
for name in "${scenarios[@]}"; do
  awk -v s="$name" '$1 == s' "$WORK/reference.txt" >"$WORK/ref.lines"
  awk -v s="$name" '$1 == s' "$WORK/current.txt" >"$WORK/now.lines"
  if [[ ! -s $WORK/ref.lines ]]; then
    echo "golden: $name: not in the reference (a new scenario? run with --update)"
    failed=1
  elif ! cmp -s "$WORK/ref.lines" "$WORK/now.lines"; then
    echo "golden: $name: output differs from the reference in:"
    changed_lines "$WORK/ref.lines" "$WORK/now.lines" reference now
    failed=1
  fi
done
for name in $(awk '{ print $1 }' "$WORK/reference.txt" | sort -u); do
  [[ -f $FIXTURES/$name.toml ]] ||
    { echo "golden: $name: in the reference but tests/fixtures/golden/$name.toml is gone"; failed=1; }
done

if [[ $failed -ne 0 ]]; then
  echo "golden: FAILED. If the change in model output is intended, rerun with --update:"
  echo "  bash tests/golden/check_golden.sh BUILD/tools/cscsim SOURCE --update"
  echo "and say in the commit message why the output changed."
  exit 1
fi
echo "golden: ${#scenarios[@]} scenarios match the reference, identical at 1 and 2 threads"
