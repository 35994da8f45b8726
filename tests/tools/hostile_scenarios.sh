#!/usr/bin/env bash
# Hostile-scenario tests of the cscsim command line (docs/design.md, "Errors"): a scenario
# built to crash, hang or exhaust memory gives exit status 2 and an "error: FILE..." line, for
# `validate` and `run` alike. The limits are in sim/io/toml_limits.hpp and README "Limits".
#
# Usage: hostile_scenarios.sh CSCSIM_BINARY SOURCE_DIR
# Prints one line per case and ends with "N passed, M failed"; exits 1 if any case failed.
# The big files are generated here, in the scratch directory, never committed; every command
# runs under `timeout`, so a regression that blocks (a FIFO) or loops fails instead of hanging.
set -uo pipefail   # no -e: the commands under test are meant to fail

source "$(dirname "${BASH_SOURCE[0]}")/cli_lib.sh"
cli_setup hostile "$@"
TINY="$SRC/tests/fixtures/bad/tiny.toml"
[[ -f "$TINY" ]] || { echo "error: $TINY not found" >&2; exit 2; }
PY=/usr/bin/python3
LIMIT=20   # seconds for any one command; every case here takes well under one
# A regression that let the population case through would build billions of children: cap the
# address space (4 GB; a refused scenario needs a few MB) so that it fails instead of swapping.
# Not under AddressSanitizer, which reserves terabytes of address space for its shadow: the
# asan build says so (CSC_ASAN=1, tests/tools/CMakeLists.txt); run by hand, ldd tells. Its
# output is read whole first: piped into `grep -q` under pipefail, grep could exit at the match
# while ldd still wrote, and ldd's SIGPIPE made the pipeline fail.
LINKED="$(ldd "$CSCSIM" 2>/dev/null || true)"
if [[ "${CSC_ASAN:-0}" != 1 && "$LINKED" != *libasan* ]]; then
  ulimit -v 4000000
fi

# No --years: it would shorten the run and so shrink the population case below the limit.
SMALL=(--replicates 1 --quiet)
declare -A KNOWN_BUGS=()

# hostile_case NAME FILE REGEX WHAT: `validate FILE` and `run FILE` both exit 2 (not 124 from
# timeout, not 139 from a crash) with a stderr line matching REGEX; `run` writes nothing.
hostile_case() {
  local name=$1 file=$2 regex=$3 what=$4
  begin "validate: $name"
  invoke timeout -k 5 "$LIMIT" "$CSCSIM" validate "$file"
  expect_rc 2
  expect_stderr_line "$regex" "$what"
  finish

  begin "run: $name"
  local out="$WORK/out.h5"
  invoke timeout -k 5 "$LIMIT" "$CSCSIM" run "$file" -o "$out" "${SMALL[@]}"
  expect_rc 2
  expect_stderr_line "$regex" "$what"
  expect_no_output "$out"
  finish
}

echo "cscsim hostile-scenario tests: $CSCSIM"
W=$(re_escape "$WORK")

# ---- keys with too many dotted parts (they overflowed the stack: exit 139) -------------------
"$PY" - "$WORK" <<'EOF'
import sys
work = sys.argv[1]
def dotted(n): return ".".join(["a"] * n)
with open(f"{work}/dotted_line.toml", "w") as f:
    f.write(dotted(50_000) + " = 1\n")
with open(f"{work}/dotted_header.toml", "w") as f:
    f.write('name = "deep header"\n[' + dotted(50_000) + "]\nx = 1\n")
with open(f"{work}/dotted_huge.toml", "w") as f:   # 10 MB on one line, under the 16 MiB limit
    f.write(dotted(5_000_000) + " = 1\n")
with open(f"{work}/nested_inline.toml", "w") as f:
    f.write("x = " + "{ a.a.a.a.a.a.a.a = " * 20 + "1" + "}" * 20 + "\n")
EOF
hostile_case "a key of 50,000 dotted parts" "$WORK/dotted_line.toml" \
  "^error: ${W}/dotted_line\.toml:1:1: key 'a\.a.*has 50000 dotted parts" "dotted_line.toml:1:1 and the part count"
hostile_case "a table header of 50,000 dotted parts" "$WORK/dotted_header.toml" \
  "^error: ${W}/dotted_header\.toml:2:1: table header 'a\.a.*has 50000 dotted parts" \
  "dotted_header.toml:2:1 and the part count"
hostile_case "a key of 5,000,000 dotted parts" "$WORK/dotted_huge.toml" \
  "^error: ${W}/dotted_huge\.toml:1:1: .*has 5000000 dotted parts" "dotted_huge.toml:1:1"
hostile_case "inline tables nested 160 levels deep" "$WORK/nested_inline.toml" \
  "^error: ${W}/nested_inline\.toml:1:[0-9]+: .*tables and arrays deep" "nested_inline.toml"

# ---- 200,000 unknown keys (a "did you mean" each took 90 s for 2 MB): the first 100 shown --------
"$PY" -c 'import sys
with open(sys.argv[1], "w") as f:
    f.write("name = \"many keys\"\n" + "".join(f"k{i} = 1\n" for i in range(200_000)))' "$WORK/many_keys.toml"
hostile_case "200,000 unknown keys" "$WORK/many_keys.toml" \
  "^error: ${W}/many_keys\.toml: [0-9]+ more problems not shown" "many_keys.toml and the problems not shown"

# ---- a chain of 10,000 base files (the loader recursed once per file) -------------------------
mkdir -p "$WORK/chain"
for ((i = 0; i < 10000; i++)); do
  printf 'base = "c%d.toml"\n' $((i + 1)) >"$WORK/chain/c$i.toml"
done
hostile_case "a chain of 10,000 base files" "$WORK/chain/c0.toml" \
  "^error: ${W}/chain/c32\.toml:1:1: key 'base': .*at most 32 base files" "c32.toml:1:1 and key 'base'"

# ---- FIFOs and oversized files: read only regular files of at most 16 MiB ----------------------
mkfifo "$WORK/fifo.toml"
printf 'name = "fifo base"\nbase = "fifo.toml"\n' >"$WORK/fifo_base.toml"
hostile_case "the base is a FIFO (it blocked for ever)" "$WORK/fifo_base.toml" \
  "^error: ${W}/fifo_base\.toml:2:1: key 'base': .*not a regular file" "fifo_base.toml:2:1 and key 'base'"
hostile_case "the scenario is a FIFO (it blocked for ever)" "$WORK/fifo.toml" \
  "^error: ${W}/fifo\.toml: .*not a regular file" "fifo.toml"

truncate -s 17M "$WORK/sparse.toml"   # sparse: no disk space used
printf 'name = "big base"\n\nbase = "sparse.toml"\n' >"$WORK/big_base.toml"
hostile_case "the base is a 17 MiB (sparse) file" "$WORK/big_base.toml" \
  "^error: ${W}/big_base\.toml:3:1: key 'base': .*17825792 bytes.*at most 16 MiB" \
  "big_base.toml:3:1, key 'base' and the size"

# ---- a population too large for 32-bit child ids --------------------------------------------
# 50 LAs of 5 million children over 30 + 50 years: up to 6 children in each of ~17m families an
# LA, so the 43rd LA takes the bound past 2^32 - 1. `validate` builds no population, and `run`
# must refuse before it tries to.
{
  printf 'base = "%s"\nname = "too many children"\n[run]\nyears = 50\nburn_in_years = 30\n' "$TINY"
  for ((i = 0; i < 50; i++)); do
    printf '\n[[la]]\nname = "LA %d"\nchildren = 5000000\n' "$i"
  done
} >"$WORK/overflow.toml"
line=$(grep -n '^name = "LA 42"' "$WORK/overflow.toml" | cut -d: -f1)
line=$((line + 1))   # the children line of la[42]
hostile_case "a population whose child ids overflow 32 bits" "$WORK/overflow.toml" \
  "^error: ${W}/overflow\.toml:${line}:[0-9]+: key 'la\[42\]\.children': .*4294967295" \
  "overflow.toml:$line, key 'la[42].children' and the limit"

# England (152 LAs, 11.6m children) stays well inside the bound, even at the longest run.
begin "validate: England at the longest burn-in and horizon is accepted"
printf 'base = "%s"\n[run]\nyears = 50\nburn_in_years = 30\n' "$SRC/scenarios/england.toml" >"$WORK/england_long.toml"
invoke timeout -k 5 "$LIMIT" "$CSCSIM" validate "$WORK/england_long.toml"
expect_rc 0
finish

# ---- summary -----------------------------------------------------------------------------------
summarise
