#!/usr/bin/env bash
# Burn-in snapshots through the command line (issue "Batch runs on a cluster", item 5), on the
# tiny fixture (tests/fixtures/bad/tiny.toml: 3,000 children, 15 years of burn-in):
#   - `run --snapshots DIR` saves each replicate's state at the end of the burn-in; a run of
#     another scenario that differs only in its interventions starts from them, and both give
#     the same /series and /cohort as runs without snapshots; $CSCSIM_SNAPSHOTS names the
#     folder when --snapshots does not, and --no-snapshots turns them off;
#   - a cut or altered snapshot is warned of (naming the file), run again and replaced;
#   - `snapshots DIR` reports the folder's size and `--prune` empties or trims it, leaving
#     other files alone; bad folders and options exit 2 naming them;
#   - a sweep keeps its snapshots in DIR/snapshots, and its variants equal a sweep without.
#
# Usage: snapshots_cli.sh CSCSIM_BINARY SOURCE_DIR
set -uo pipefail   # no -e: some commands under test are meant to fail

source "$(dirname "${BASH_SOURCE[0]}")/cli_lib.sh"
cli_setup snapshots "$@"
TINY="$SRC/tests/fixtures/bad/tiny.toml"
declare -A KNOWN_BUGS=()
unset CSCSIM_SNAPSHOTS

digests() { "$CSCSIM" info --digest "$1"; }
expect_same_digests() {
  diff <(digests "$1") <(digests "$2") >/dev/null || problem "$1 and $2 differ in content: $(diff <(digests "$1") <(digests "$2") | head -n 4 | tr '\n' ' ')"
}
count_snapshots() { find "$1" -maxdepth 1 -name '*.burn-in' 2>/dev/null | wc -l; }
ALL=(--set interventions.adult_specialists.enabled=true --set interventions.volunteers.enabled=true
     --set interventions.family_group_conference.enabled=true)

echo "cscsim snapshot tests: $CSCSIM"

"$CSCSIM" run "$TINY" --years 1 --replicates 3 -o "$WORK/base.h5" --quiet
"$CSCSIM" run "$TINY" --years 1 --replicates 3 "${ALL[@]}" -o "$WORK/all.h5" --quiet

begin "run --snapshots: the base saves, the variant reuses, both as without snapshots"
invoke "$CSCSIM" run "$TINY" --years 1 --replicates 3 -o "$WORK/base_s.h5" --quiet --snapshots "$WORK/cache"
expect_rc 0
[[ $(count_snapshots "$WORK/cache") == 3 ]] || problem "expected 3 snapshots, found $(count_snapshots "$WORK/cache")"
invoke "$CSCSIM" run "$TINY" --years 1 --replicates 3 "${ALL[@]}" -o "$WORK/all_s.h5" --snapshots "$WORK/cache"
expect_rc 0
expect_stderr_line "^burn-in snapshots: 3 reused, 0 saved; .*cache holds 3 " "what was reused"
expect_same_digests "$WORK/base.h5" "$WORK/base_s.h5"
expect_same_digests "$WORK/all.h5" "$WORK/all_s.h5"
finish

begin "run: \$CSCSIM_SNAPSHOTS names the folder; --no-snapshots runs every burn-in"
CSCSIM_SNAPSHOTS="$WORK/env_cache" "$CSCSIM" run "$TINY" --years 1 --replicates 2 -o "$WORK/env.h5" --quiet ||
  problem "the run with \$CSCSIM_SNAPSHOTS failed"
[[ $(count_snapshots "$WORK/env_cache") == 2 ]] || problem "\$CSCSIM_SNAPSHOTS was not used"
CSCSIM_SNAPSHOTS="$WORK/off_cache" "$CSCSIM" run "$TINY" --years 1 --replicates 2 -o "$WORK/off.h5" --quiet \
  --no-snapshots || problem "the run with --no-snapshots failed"
[[ ! -e "$WORK/off_cache" ]] || problem "--no-snapshots made a snapshot folder"
finish

begin "run: a cut or altered snapshot is warned of, run again and replaced"
mkdir -p "$WORK/bad_cache"
"$CSCSIM" run "$TINY" --years 1 --replicates 1 -o "$WORK/one.h5" --quiet --snapshots "$WORK/bad_cache"
snap=$(find "$WORK/bad_cache" -name '*.burn-in' | head -n 1)
head -c 5000 "$snap" >"$snap.cut" && mv "$snap.cut" "$snap"
invoke "$CSCSIM" run "$TINY" --years 1 --replicates 1 "${ALL[@]}" -o "$WORK/one_all.h5" --quiet \
  --snapshots "$WORK/bad_cache"
expect_rc 0
expect_stderr_line "^warning: .*$(re_escape "$(basename "$snap")"): not a complete burn-in snapshot: the burn-in is run again" \
  "the damaged file"
"$CSCSIM" run "$TINY" --years 1 --replicates 1 "${ALL[@]}" -o "$WORK/one_all_fresh.h5" --quiet
expect_same_digests "$WORK/one_all.h5" "$WORK/one_all_fresh.h5"
invoke "$CSCSIM" run "$TINY" --years 1 --replicates 1 -o "$WORK/one_again.h5" --snapshots "$WORK/bad_cache"
expect_stderr_line "^burn-in snapshots: 1 reused, 0 saved" "the replaced snapshot read"
finish

begin "snapshots DIR: the folder's size; --prune removes snapshots and nothing else"
echo "keep me" >"$WORK/cache/notes.txt"
invoke "$CSCSIM" snapshots "$WORK/cache"
expect_rc 0
expect_stdout_line "cache: 3 burn-in snapshot\(s\), [0-9.]+ MB$" "the count and size"
invoke "$CSCSIM" snapshots "$WORK/cache" --prune --older-than 1
expect_stdout_line "removed 0 file\(s\).* 3 snapshot\(s\) left" "nothing older than a day"
invoke "$CSCSIM" snapshots "$WORK/cache" --prune
expect_rc 0
expect_stdout_line "removed 3 file\(s\).* 0 snapshot\(s\) left" "all of them"
expect_unchanged "$WORK/cache/notes.txt" "keep me"
finish

begin "snapshots: bad folders and options exit 2 naming them"
echo "a file" >"$WORK/a_file"
invoke "$CSCSIM" run "$TINY" --years 1 --replicates 1 -o "$WORK/nofolder.h5" --quiet --snapshots "$WORK/a_file"
expect_rc 2
expect_stderr_line "^error: .*a_file: cannot make the burn-in snapshot folder" "a file given as the folder"
expect_no_output "$WORK/nofolder.h5"
expect_unchanged "$WORK/a_file" "a file"
invoke "$CSCSIM" snapshots "$WORK/missing"
expect_rc 2
expect_stderr_line "^error: .*missing: not a folder of burn-in snapshots" "a missing folder"
invoke "$CSCSIM" snapshots "$WORK/cache" --older-than 3
expect_rc 2
expect_stderr_line "add --prune" "an option without --prune"
finish

begin "sweep: snapshots in DIR/snapshots; the variants equal a sweep without"
GRID="$SRC/tests/fixtures/sweep/tiny_grid.toml"
invoke "$CSCSIM" sweep "$GRID" -o "$WORK/sweep_s" --threads 2
expect_rc 0
expect_stderr_line "^burn-in snapshots: [0-9]+ reused, 4 saved" "the four burn-ins saved once"
[[ $(count_snapshots "$WORK/sweep_s/snapshots") == 4 ]] || problem "expected 4 snapshots in DIR/snapshots"
"$CSCSIM" sweep "$GRID" -o "$WORK/sweep_n" --threads 2 --no-snapshots --quiet || problem "the sweep without failed"
[[ ! -e "$WORK/sweep_n/snapshots" ]] || problem "--no-snapshots made DIR/snapshots"
for v in "$WORK"/sweep_n/variants/*.h5; do
  expect_same_digests "$v" "$WORK/sweep_s/variants/$(basename "$v")"
done
finish

summarise
