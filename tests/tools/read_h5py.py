#!/usr/bin/python3
"""Reads a cscsim run file with h5py and checks the layout of docs/design.md, Outputs.

Usage: read_h5py.py RUN.h5

Checks: /meta attributes present with the right types and complete == 1; every /series
dataset has shape (replicates, weeks, las) (the per-state series add a last axis of one entry
per state); stocks are non-negative; /cohort/events has the documented fields, and its enum
fields carry the documented labels (h5py.check_enum_dtype); event days lie in [0, 7*weeks);
the state counts of each week sum to a non-decreasing number (children born so far).
Prints one line per check; on the first failure prints a message and exits 1.

Run it with /usr/bin/python3 (Debian's h5py), not a pyenv python3.
"""
import sys

try:
    import h5py
    import numpy as np
except ImportError as e:  # pragma: no cover - depends on the machine
    print(f"FAIL: cannot import h5py/numpy with {sys.executable} ({e}); "
          "run tools/install_deps.sh and use /usr/bin/python3", file=sys.stderr)
    sys.exit(1)

STATES = ["not_known", "assessment", "cin", "s47", "cp", "looked_after", "closed", "left"]
# Reasons and placements: the schema appends labels, never reorders them (models/core/states.hpp),
# so these documented labels must come first, with these values; later labels may follow.
REASONS = ["referral", "re_referral", "no_further_action", "assessed_in_need", "strategy_s47",
           "conference_no_plan", "cp_plan", "cp_step_down", "cp_closed", "cin_closed",
           "care_entry", "returned_home", "adopted", "special_guardianship", "aged_18",
           "placement_change"]
PLACEMENTS = ["none", "kinship_foster", "la_foster", "agency_foster", "childrens_home",
              "placed_with_parents", "placed_for_adoption"]

EVENT_FIELDS = ["replicate", "child", "family", "la", "day",
                "from_state", "to_state", "reason", "placement"]
INT_ATTRS = ["seed", "replicates", "weeks", "children", "las", "complete"]
STR_ATTRS = ["scenario_name", "scenario_toml", "version"]
# The series that docs/design.md, Outputs names and that exist today (spend_total comes with costs).
REQUIRED_SERIES = ["stock_cin", "stock_cp", "stock_looked_after", "referrals", "re_referrals",
                   "s47", "cp_starts", "care_entries", "care_exits", "caseload_mean",
                   "state_count"]


class CheckFailed(Exception):
    pass


def require(cond, message):
    if not cond:
        raise CheckFailed(message)


def ok(message):
    print(f"ok: {message}")


def check_meta(f):
    require("meta" in f, "no /meta group")
    attrs = f["meta"].attrs
    for name in INT_ATTRS:
        require(name in attrs, f"/meta attribute '{name}' missing")
        value = attrs[name]
        require(isinstance(value, (int, np.integer)),
                f"/meta attribute '{name}' is {type(value).__name__}, expected an integer")
    for name in STR_ATTRS:
        require(name in attrs, f"/meta attribute '{name}' missing")
        value = attrs[name]
        if isinstance(value, bytes):
            value = value.decode("utf-8")
        require(isinstance(value, str),
                f"/meta attribute '{name}' is {type(value).__name__}, expected a string")
    require(int(attrs["complete"]) == 1, f"/meta complete = {int(attrs['complete'])}, expected 1")
    meta = {name: int(attrs[name]) for name in INT_ATTRS}
    for name in ("replicates", "weeks", "las", "children"):
        require(meta[name] > 0, f"/meta {name} = {meta[name]}, expected > 0")
    ok(f"/meta: {', '.join(f'{k}={v}' for k, v in meta.items())}")
    return meta


def check_series(f, meta):
    require("series" in f, "no /series group")
    group = f["series"]
    names = sorted(group.keys())
    for name in REQUIRED_SERIES:
        require(name in group, f"/series/{name} missing")
    expected = (meta["replicates"], meta["weeks"], meta["las"])
    for name in names:
        ds = group[name]
        require(isinstance(ds, h5py.Dataset), f"/series/{name} is not a dataset")
        if h5py.h5ds.is_scale(ds.id):  # an axis: replicate, week, la, state (docs/output.md)
            continue
        require(ds.dtype.kind in "iuf", f"/series/{name} has dtype {ds.dtype}, expected numeric")
        require(ds.shape[:3] == expected and ds.ndim in (3, 4),
                f"/series/{name} has shape {ds.shape}, expected {expected}"
                " (or that plus one axis of states)")
        if ds.ndim == 4:
            require(ds.shape[3] == len(STATES),
                    f"/series/{name} has shape {ds.shape}: last axis {ds.shape[3]}, "
                    f"expected {len(STATES)} states")
        data = ds[...]
        if ds.dtype.kind == "f":
            require(np.all(np.isfinite(data)), f"/series/{name} has non-finite values")
        if name.startswith("stock_") or name == "state_count":
            require(np.all(data >= 0), f"/series/{name} has negative values (min {data.min()})")
    require(group["stock_cin"].dtype == np.float32, "/series/stock_cin is not float32")
    require(group["state_count"].dtype == np.int32, "/series/state_count is not int32")
    ok(f"/series: {len(names)} datasets of shape {expected}; stocks non-negative")


def enum_labels(dtype, field):
    mapping = h5py.check_enum_dtype(dtype)
    require(mapping is not None, f"/cohort/events field '{field}' is not an HDF5 enum")
    return {label: int(value) for label, value in mapping.items()}


def check_enum_prefix(field, mapping, documented, exact):
    for value, label in enumerate(documented):
        require(mapping.get(label) == value,
                f"/cohort/events field '{field}': label '{label}' has value "
                f"{mapping.get(label)}, expected {value} (labels: {mapping})")
    if exact:
        require(len(mapping) == len(documented),
                f"/cohort/events field '{field}' has labels {sorted(mapping)}, "
                f"expected exactly {documented}")


def check_events(f, meta):
    require("cohort" in f and "events" in f["cohort"], "no /cohort/events dataset")
    require("children" in f["cohort"], "no /cohort/children dataset")
    children = f["cohort/children"]
    require(children.dtype.names is not None, "/cohort/children is not a compound dataset")
    ds = f["cohort/events"]
    names = ds.dtype.names
    require(names is not None, "/cohort/events is not a compound dataset")
    missing = [n for n in EVENT_FIELDS if n not in names]
    require(not missing, f"/cohort/events lacks fields {missing} (has {list(names)})")
    labels = {
        "from_state": enum_labels(ds.dtype["from_state"], "from_state"),
        "to_state": enum_labels(ds.dtype["to_state"], "to_state"),
        "reason": enum_labels(ds.dtype["reason"], "reason"),
        "placement": enum_labels(ds.dtype["placement"], "placement"),
    }
    check_enum_prefix("from_state", labels["from_state"], STATES, exact=True)
    check_enum_prefix("to_state", labels["to_state"], STATES, exact=True)
    check_enum_prefix("reason", labels["reason"], REASONS, exact=False)
    check_enum_prefix("placement", labels["placement"], PLACEMENTS, exact=False)
    ok("/cohort/events: documented fields; enum labels of from_state, to_state, reason, placement")

    events = ds[...]
    require(len(events) > 0, "/cohort/events is empty (the tiny run should record events)")
    days = events["day"].astype(np.int64)
    horizon = 7 * meta["weeks"]
    bad = (days < 0) | (days >= horizon)
    require(not bad.any(), f"{int(bad.sum())} event days outside [0, {horizon}); "
                           f"min {days.min()}, max {days.max()}")
    rep = events["replicate"].astype(np.int64)
    la = events["la"].astype(np.int64)
    require(rep.min() >= 0 and rep.max() < meta["replicates"],
            f"event replicates outside [0, {meta['replicates']})")
    require(la.min() >= 0 and la.max() < meta["las"], f"event LAs outside [0, {meta['las']})")
    for field, mapping in labels.items():
        stored = np.unique(events[field].astype(np.int64))
        unknown = sorted(set(stored.tolist()) - set(mapping.values()))
        require(not unknown, f"/cohort/events field '{field}' holds values {unknown} "
                             "that are not enum labels")
    ok(f"/cohort/events: {len(events)} events, days in [0, {horizon}), "
       f"{len(children)} children rows")


def check_state_totals(f):
    counts = f["series/state_count"][...].astype(np.int64)  # (replicates, weeks, las, states)
    totals = counts.sum(axis=3)                             # children born so far
    steps = np.diff(totals, axis=1)
    if steps.size and steps.min() < 0:
        r, w, l = np.argwhere(steps < 0)[0]
        raise CheckFailed(
            f"/series/state_count total falls from {totals[r, w, l]} in week {w} to "
            f"{totals[r, w + 1, l]} in week {w + 1} (replicate {r}, LA {l}); "
            "children born so far cannot decrease")
    require(totals.min() > 0, "/series/state_count totals are zero")
    ok("/series/state_count: weekly totals over states non-decreasing "
       f"({totals.min()} to {totals.max()})")


def main(argv):
    if len(argv) != 2:
        print(f"usage: {argv[0]} RUN.h5", file=sys.stderr)
        return 2
    path = argv[1]
    try:
        with h5py.File(path, "r") as f:
            meta = check_meta(f)
            check_series(f, meta)
            check_events(f, meta)
            check_state_totals(f)
    except CheckFailed as e:
        print(f"FAIL: {path}: {e}", file=sys.stderr)
        return 1
    except (OSError, KeyError, ValueError, TypeError) as e:
        print(f"FAIL: {path}: cannot read ({type(e).__name__}: {e})", file=sys.stderr)
        return 1
    print(f"{path}: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
