#!/usr/bin/env bash
# Corrupt and hostile run files (docs/output.md, "Checks on reading"): `cscsim info`,
# `cscsim info --verify` and `cscsim compare` exit 2 with an error naming the file and the
# dataset or attribute, never crash, never read past a buffer, and never accept a changed file
# with a changed result. The corrupt files are made from a real tiny run with h5py (Debian's
# /usr/bin/python3) and with tests/tools/flip_bytes.py.
#
# Usage: corrupt_runs.sh CSCSIM_BINARY SOURCE_DIR
# Prints one line per case and ends with "N passed, M failed"; exits 1 if any case failed.
set -uo pipefail   # no -e: the commands under test are meant to fail

source "$(dirname "${BASH_SOURCE[0]}")/cli_lib.sh"
cli_setup corrupt-runs "$@"
TINY="$SRC/tests/fixtures/bad/tiny.toml"
FLIP="$SRC/tests/tools/flip_bytes.py"
PY=/usr/bin/python3   # Debian's python3 has h5py; another python3 first on PATH may not
declare -A KNOWN_BUGS=()

echo "cscsim corrupt run file tests: $CSCSIM"

GOOD="$WORK/good.h5"
begin "run: the tiny scenario (the intact file)"
invoke "$CSCSIM" run "$TINY" -o "$GOOD" --replicates 2 --years 1 --quiet
expect_rc 0
[[ -s $GOOD ]] || problem "no output file $GOOD"
finish

begin "info --verify: the intact file passes every check"
invoke "$CSCSIM" info --verify "$GOOD"
expect_rc 0
expect_stdout_line "^verified: every check passed" "that every check passed"
expect_stdout_line "^ok +attribute checksum" "the attribute checksum"
expect_stdout_line "^ok +data checksums" "the Fletcher32 checksums"
expect_stdout_line "^ok +conservation: state_count" "the state-count identity"
grep -q '^FAIL' "$OUT_FILE" && problem "a check failed on the intact file"
finish

begin "compare: the intact file against itself"
invoke "$CSCSIM" compare "$GOOD" "$GOOD" -o "$WORK/cmp_good" --no-report --force
expect_rc 0
finish

# variant NAME PYTHON: a copy of the intact file changed by the Python code (f: the h5py File).
variant() {
  local out="$WORK/$1.h5"
  cp "$GOOD" "$out"
  if ! "$PY" - "$out" >"$WORK/py.log" 2>&1 <<EOF
import sys, h5py, numpy as np
with h5py.File(sys.argv[1], "r+") as f:
$2
EOF
  then
    problem "cannot make $1 with $PY and h5py: $(tail -n 1 "$WORK/py.log")"
  fi
}

# refused NAME REGEX WHAT [info|noinfo]: info (unless noinfo), info --verify and compare (the
# file as variant and as base) exit 2 with an error line matching REGEX.
refused() {
  local name=$1 re=$2 what=$3 info=${4:-info} file="$WORK/$1.h5"
  if [[ $info == info ]]; then
    begin "info: $name"
    invoke "$CSCSIM" info "$file"
    expect_rc 2
    expect_stderr_line "^error: .*$(re_escape "$file").*$re" "$what"
    finish
  fi
  begin "info --verify: $name"
  invoke "$CSCSIM" info --verify "$file"
  expect_rc 2
  expect_stderr_line "^error: .*$(re_escape "$file").*$re" "$what"
  expect_stdout_line "^FAIL " "a failed check"
  finish
  begin "compare: $name (as the variant)"
  invoke "$CSCSIM" compare "$GOOD" "$file" -o "$WORK/cmp_$name" --no-report --force
  expect_rc 2
  expect_stderr_line "^error: .*$(re_escape "$file").*$re" "$what"
  finish
  begin "compare: $name (as the base)"
  invoke "$CSCSIM" compare "$file" "$GOOD" -o "$WORK/cmp_$name" --no-report --force
  expect_rc 2
  expect_stderr_line "^error: .*$(re_escape "$file").*$re" "$what"
  finish
}

# ---- the reproducers of the review ------------------------------------------------------------
# A /series dataset 10 weeks short, with its attributes (so that only its shape is wrong).
begin "make: a shortened /series dataset"
variant short_series '
    old = f["series/care_entries"]
    data, attrs = old[:, :-10, :], dict(old.attrs)
    del f["series/care_entries"]
    new = f["series"].create_dataset("care_entries", data=data, chunks=(1,) + data.shape[1:],
                                     fletcher32=True)
    for k, v in attrs.items():
        new.attrs[k] = v'
finish
refused short_series "/series/care_entries: shape \(2, 42, 1\) does not match /meta" "the dataset and its shape"

begin "make: /meta replicates = 0"
variant zero_replicates '    f["meta"].attrs.modify("replicates", 0)'
finish
refused zero_replicates "/meta replicates = 0" "/meta replicates"

begin "make: an inf in /series/spend_total"
variant inf_spend '
    d = f["series/spend_total"]
    d[1, 5, 0] = np.inf'
finish
# info does not read the spend series (its summary shows none): only verify and compare.
refused inf_spend "/series/spend_total: non-finite value inf at replicate 1, week 5" \
  "the dataset and the cell" noinfo

begin "make: a NaN in /series/stock_cp"
variant nan_stock '
    d = f["series/stock_cp"]
    d[0, 51, 0] = np.nan'
finish
refused nan_stock "/series/stock_cp: non-finite value nan at replicate 0, week 51" "the dataset and the cell"

begin "make: a changed scenario name (the attribute checksum no longer matches)"
variant renamed '    f["meta"].attrs["scenario_name"] = np.bytes_("other")'
finish
refused renamed "/meta checksum: the attribute values do not match" "the checksum"

begin "make: la_names with two names for one LA"
variant two_names '    f["meta"].attrs["la_names"] = np.bytes_("Tiny\nOther")'
finish
refused two_names "/meta la_names has 2 name\(s\) for las = 1" "la_names"

begin "make: /cohort/events without the reason field"
variant no_reason '
    old = f["cohort/events"][:]
    attrs = dict(f["cohort/events"].attrs)
    names = [n for n in old.dtype.names if n != "reason"]
    del f["cohort/events"]
    new = f["cohort"].create_dataset("events", data=old[names], chunks=True, maxshape=(None,))
    for k, v in attrs.items():  # kept, so that only the field is wrong
        new.attrs[k] = v'
finish
refused no_reason "/cohort/events: field .reason. missing" "the table and the field"

begin "make: a stock that no longer equals the sum of its parts"
variant broken_identity '
    d = f["series/stock_cin"]
    d[0, 10, 0] = d[0, 10, 0] + 1'
finish
begin "info --verify: a stock that no longer equals the sum of its parts"
invoke "$CSCSIM" info --verify "$WORK/broken_identity.h5"
expect_rc 2
expect_stderr_line "^error: .*stock_cin = stock_assessment.*replicate 0, week 10, LA 0" \
  "the identity and the cell"
finish

# A file written before checksums existed (no /meta checksum): read, but not verified.
begin "make: no /meta checksum (as older versions wrote)"
variant no_checksum '    del f["meta"].attrs["checksum"]'
finish
begin "info: a file without the attribute checksum is read (exit 0)"
invoke "$CSCSIM" info "$WORK/no_checksum.h5"
expect_rc 0
finish
begin "info --verify: a file without the attribute checksum is not verified"
invoke "$CSCSIM" info --verify "$WORK/no_checksum.h5"
expect_rc 2
expect_stderr_line "attribute checksum: .*no 'checksum' attribute" "the missing checksum"
finish

# ---- changed bytes ------------------------------------------------------------------------------
# 20 bytes changed at fixed seeds: exit 2, or exit 0 with exactly the intact file's output (the
# bytes hit nothing the command reads); never another exit status, never a changed result.
"$CSCSIM" info "$GOOD" >"$WORK/good.info" 2>/dev/null
"$CSCSIM" info --verify "$GOOD" >"$WORK/good.verify" 2>/dev/null
for seed in 1 2 3 5 8 13; do
  bad="$WORK/flip$seed.h5"
  "$PY" "$FLIP" flip "$GOOD" "$bad" "$seed" 20
  for cmd in info verify; do
    begin "$cmd: 20 changed bytes (seed $seed)"
    if [[ $cmd == info ]]; then invoke "$CSCSIM" info "$bad"; ref="$WORK/good.info"
    else invoke "$CSCSIM" info --verify "$bad"; ref="$WORK/good.verify"; fi
    if [[ $rc -eq 0 ]]; then
      diff -q <(sed "s|$bad|FILE|" "$OUT_FILE") <(sed "s|$GOOD|FILE|" "$ref") >/dev/null ||
        problem "exit 0 with a changed result"
    else
      expect_rc 2
      expect_stderr_line "^error: .*$(re_escape "$bad")" "the file"
    fi
    finish
  done
  begin "compare: 20 changed bytes (seed $seed)"
  invoke "$CSCSIM" compare "$GOOD" "$bad" -o "$WORK/cmp_flip" --no-report --force
  if [[ $rc -eq 0 ]]; then
    for t in differences.csv break_even.csv spend.csv stocks.csv; do
      cmp -s "$WORK/cmp_flip/$t" "$WORK/cmp_good/$t" || problem "exit 0 with a changed $t"
    done
  else
    expect_rc 2
    expect_stderr_line "^error: .*$(re_escape "$bad")" "the file"
  fi
  finish
done

# The flip experiment, small: no corruption accepted with a changed result, none crashes.
begin "flip experiment: 40 corruptions of 20 bytes and 100 of 1 byte"
{ "$PY" "$FLIP" experiment "$CSCSIM" "$GOOD" "$WORK/exp20" 40 20 &&
  "$PY" "$FLIP" experiment "$CSCSIM" "$GOOD" "$WORK/exp1" 100 1; } >"$OUT_FILE" 2>"$ERR_FILE"
rc=$?
expect_rc 0
grep -E "ACCEPTED|CRASH" "$OUT_FILE" | head -n 5 | while read -r line; do echo "        $line"; done
sed 's/^/        /' "$OUT_FILE" | grep -E "^ +(info|compare)"
finish

# ---- strings HDF5 cannot check ------------------------------------------------------------------
# A variable-length string attribute (as h5py writes a str): its bytes live in the global heap,
# which has no checksum; HDF5 1.10.8 itself crashes on a corrupt one (docs/hdf5_crashes.md).
begin "make: a variable-length string attribute"
variant vlen_name '    f["meta"].attrs["scenario_name"] = "a str, as h5py writes it"'
finish
refused vlen_name "attribute 'scenario_name' is a variable-length string" "the variable-length string"

# The reproducer of that crash, found by tests/fuzz/fuzz_run_bytes: h5py segfaults reading its
# /meta; cscsim refuses it without reading the string.
HG="$SRC/tests/fixtures/hdf5/h5hg_read_segv.h5"
for cmd in info "info --verify"; do
  begin "$cmd: the libhdf5 H5HG_read crash reproducer is refused, no crash"
  invoke "$CSCSIM" $cmd "$HG"
  expect_rc 2
  expect_stderr_line "variable-length string" "the variable-length string"
  finish
done
begin "compare: the libhdf5 H5HG_read crash reproducer is refused, no crash"
invoke "$CSCSIM" compare "$GOOD" "$HG" -o "$WORK/cmp_hg" --no-report --force
expect_rc 2
expect_stderr_line "variable-length string" "the variable-length string"
finish

summarise
