#!/usr/bin/env python3
"""Prints the whole-council figures of a run that the legal route is checked against
(docs/evidence.md section 4; issue "The care decision and the law"): rates per 10,000 children
at 31 March and per year, the legal-status mix of the looked-after stock, how episodes of care
ended, care proceedings, re-entry to care after a return home, and the shares of children ever
referred, in need and on a CP plan before 18. Replicate means.

usage: care_figures.py RUN.h5   (use /usr/bin/python3, which has h5py and numpy)
"""
import sys

import h5py
import numpy as np


def yearly(series, weeks_per_year=52):
    """(replicates, weeks, las) -> (replicates, years): sums over LAs, then per year."""
    s = series.sum(axis=2)
    years = s.shape[1] // weeks_per_year
    return s[:, : years * weeks_per_year].reshape(s.shape[0], years, weeks_per_year)


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    with h5py.File(sys.argv[1], "r") as f:
        s = {name: f["series"][name][...] for name in f["series"]}
        events = f["cohort/events"][...] if "cohort/events" in f else None
        children_rows = f["cohort/children"][...] if "cohort/children" in f else None
        end_day = int(f["meta"].attrs["weeks"]) * 7
        reasons = h5py.check_enum_dtype(f["cohort/events"].dtype["reason"]) if events is not None else None
        states = h5py.check_enum_dtype(f["cohort/events"].dtype["to_state"]) if events is not None else None
    children = yearly(s["children"])[:, :, -1]
    per10k = 10000.0 / children

    def stock(name):
        if name not in s:
            return float("nan")
        return (yearly(s[name])[:, :, -1] * per10k).mean()

    def flow(name):
        if name not in s:
            return float("nan")
        return (yearly(s[name]).sum(axis=2) * per10k).mean()

    print("per 10,000 children (31 March stocks, flows a year), replicate mean over years:")
    for name in ["stock_looked_after", "stock_cp", "stock_cin"]:
        print(f"  {name:32s} {stock(name):8.1f}")
    for name in ["referrals", "care_entries", "care_re_entries", "reunification_breakdowns", "proceedings_issued",
                 "pre_proceedings_starts"]:
        print(f"  {name:32s} {flow(name):8.1f}")
    print(f"  {'section 20 share of entries':32s} {flow('care_entries_section20') / flow('care_entries'):8.1%}   LS-9: about 64%")
    print(f"  {'care applications (children/1.7)':32s} {flow('proceedings_issued') / 1.7:8.1f}   CRT-2: 9.2-9.7")
    lac = yearly(s["stock_looked_after"])[:, :, -1]
    if "stock_care_order" not in s:
        re_entry(events, reasons, states)
        return 0
    print("legal status at 31 March, share of looked-after children (GAP-1: care order 58%, s20 28%, placement 13%):")
    for name in ["stock_care_order", "stock_section20", "stock_placement_order"]:
        print(f"  {name:32s} {(yearly(s[name])[:, :, -1] / lac).mean():8.1%}")
    exits = yearly(s["care_exits"]).sum(axis=2)
    print("how episodes ended, share of exits (EX: home 34%, adopted 17%, SGO 11%, CAO about 4%; GAP-2: 18th birthday"
          " or independent living about 27%):")
    for name in ["exits_returned_home", "exits_adopted", "exits_special_guardianship", "exits_aged_18",
                 "exits_independent_living", "exits_child_arrangements_order"]:
        if name in s:
            print(f"  {name:32s} {(yearly(s[name]).sum(axis=2) / exits).mean():8.1%}")
    if "care_entries_adolescent" in s:
        print(f"  {'adolescent route, share of entries':32s}"
              f" {flow('care_entries_adolescent') / flow('care_entries'):8.1%}")
    if children_rows is not None and events is not None:
        stock_and_entry_ages(children_rows, events, states, end_day)
    if "births" in s:
        births = yearly(s["births"]).sum(axis=2)
        print("ever before 18, first-ever events a year over births a year (Jay et al. 2025: 35.4%, 25.3%, 6.9%):")
        for name in ["first_referrals", "first_in_need", "first_cp_plans"]:
            print(f"  {name:32s} {(yearly(s[name]).sum(axis=2) / births).mean():8.1%}")
    if events is None or len(events) == 0:
        return 0
    re_entry(events, reasons, states)
    return 0


def stock_and_entry_ages(children_rows, events, states, end_day):
    """Age of the looked-after stock at the run's end and of children entering care (AGE-1)."""
    looked_after = states["looked_after"]
    bands = [0, 1, 5, 10, 16, 18.01]
    stock = children_rows[children_rows["final_state"] == looked_after]
    h, _ = np.histogram((end_day - stock["birth_day"]) / 365.25, bins=bands)
    h = h / max(1, h.sum())
    print(f"age of the looked-after stock at the end (AGE-1: under 5 19.9%, 10 or over 59.5%): under 5"
          f" {h[:2].sum():.1%}, 5-9 {h[2]:.1%}, 10-15 {h[3]:.1%}, 16-17 {h[4]:.1%}")
    born = {(int(r), int(c)): int(b) for r, c, b in
            zip(children_rows["replicate"], children_rows["child"], children_rows["birth_day"])}
    entries = events[(events["to_state"] == looked_after) & (events["from_state"] != looked_after)]
    ages = [(int(d) - born[(int(r), int(c))]) / 365.25 for r, c, d in
            zip(entries["replicate"], entries["child"], entries["day"])]
    h, _ = np.histogram(ages, bins=bands)
    h = h / max(1, h.sum())
    print("age at entry to care: " + ", ".join(f"{n} {x:.1%}" for n, x in zip(["under 1", "1-4", "5-9", "10-15", "16-17"], h)))


def re_entry(events, reasons, states):
    """Share of returns home in the first two years followed by a care entry within 1 and 2 years."""
    home = {reasons[k] for k in ("returned_home", "supervision_order") if k in reasons}
    looked_after = states["looked_after"]
    last = events["day"].max()
    returns, within1, within2 = 0, 0, 0
    order = np.lexsort((events["day"], events["child"], events["replicate"]))
    ev = events[order]
    key = ev["replicate"].astype(np.int64) * (1 << 32) + ev["child"]
    for i in range(len(ev)):
        if ev["reason"][i] not in home or ev["from_state"][i] != looked_after or ev["day"][i] > last - 730:
            continue
        returns += 1
        j = i + 1
        while j < len(ev) and key[j] == key[i]:
            if ev["to_state"][j] == looked_after and ev["from_state"][j] != looked_after:
                gap = ev["day"][j] - ev["day"][i]
                within1 += gap <= 365
                within2 += gap <= 730
                break
            j += 1
    if returns:
        print(f"re-entry after a return home (returns in the first {(last - 730) // 365 + 1} years, n={returns}):"
              f" within 1 year {within1 / returns:.1%} (RU-3 14-23%, RU-5 about 20%), within 2 years"
              f" {within2 / returns:.1%}")


if __name__ == "__main__":
    sys.exit(main())
