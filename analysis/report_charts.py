"""The charts of the commissioner's report (analysis/report.py): stocks with their bands,
spend by component, and differences by financial year, each as a self-contained PNG data URI.
Imported by report.py from beside it; run with Debian's /usr/bin/python3 (matplotlib, numpy).
"""
import base64
import datetime as dt
import io


def bands(rows, key):
    """Groups a band CSV (spend or stocks) into {(scenario, key): (week, mean, low, high)}."""
    import numpy as np
    groups = {}
    for r in rows:
        groups.setdefault((r["scenario"], r[key]), []).append(
            (r["week"], r["mean"], r["low"], r["high"]))
    return {k: np.array(sorted(v)).T for k, v in groups.items()}


def png(fig):
    """Embeds a figure as a base64 PNG <img>; no metadata, so no URL hides in the report."""
    import matplotlib.pyplot as plt
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def date_axis(ax):
    """Ticks each April: financial years are how budgets are read."""
    import matplotlib.dates as mdates
    ax.xaxis.set_major_locator(mdates.YearLocator(1, month=4, day=1))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    ax.grid(alpha=0.3)


def chart_stocks(data, scenarios, colours, when):
    """Looked-after and CP stocks, and the flow into care, with their 5-95% bands: the children a
    commissioner counts. Entries are weekly counts shown as a rate a year (x 52)."""
    import matplotlib.pyplot as plt
    stocks = bands(data["stocks"], "metric")
    panels = [("stock_looked_after", "Looked-after children", "children", 1),
              ("stock_cp", "Children on child protection plans", "children", 1),
              ("care_entries", "Children entering care (weekly count x 52)", "children a year", 52)]
    panels = [p for p in panels if any((s, p[0]) in stocks for s in scenarios)]
    fig, axes = plt.subplots(len(panels), 1, figsize=(7.2, 3.0 * len(panels)), sharex=True, squeeze=False)
    for ax, (metric, title, unit, scale) in zip(axes[:, 0], panels):
        for s, c in zip(scenarios, colours):
            if (s, metric) in stocks:
                w, m, lo, hi = stocks[(s, metric)]
                ax.fill_between(when(w), lo * scale, hi * scale, color=c, alpha=0.15, linewidth=0)
                ax.plot(when(w), m * scale, color=c, label=s, linewidth=1.4)
        ax.set_title(title, loc="left", fontsize=11)
        ax.set_ylabel(unit)
        date_axis(ax)
    axes[0, 0].legend(fontsize=9, frameon=False)
    return fig


def chart_spend(data, scenarios, when):
    """Spend by component, one panel per scenario on one scale, so the panels compare by eye."""
    import matplotlib.pyplot as plt
    spend = bands(data["spend"], "component")
    # Colours follow the components' fixed order in spend.csv (the model's order), so a
    # component has the same colour in every report; the stack is ordered by size.
    fixed = list(dict.fromkeys(r["component"] for r in data["spend"] if r["component"] != "total"))
    comps = sorted({k[1] for k in spend if k[1] != "total"},
                   key=lambda c: -sum(spend[k][1].sum() for k in spend if k[1] == c))
    cmap = plt.cm.tab10(range(10)) if len(fixed) <= 10 else plt.cm.tab20(range(20))
    per_year = 52 / 1e6  # weekly GBP as GBP million a year, as budgets are read
    fig, axes = plt.subplots(len(scenarios), 1, figsize=(7.2, 2.3 * len(scenarios) + 0.6),
                             sharex=True, sharey=True, squeeze=False)
    for ax, s in zip(axes[:, 0], scenarios):
        have = [c for c in comps if (s, c) in spend]
        if have:
            ax.stackplot(when(spend[(s, have[0])][0]), *[spend[(s, c)][1] * per_year for c in have],
                         colors=[cmap[fixed.index(c) % len(cmap)] for c in have], linewidth=0,
                         labels=[c.replace("_", " ") for c in have])
        if (s, "total") in spend:
            w, m, lo, hi = spend[(s, "total")]
            ax.fill_between(when(w), lo * per_year, hi * per_year, color="k", alpha=0.15, linewidth=0,
                            zorder=0)  # under the stack: only the part above it shows
            ax.plot(when(w), m * per_year, color="k", linewidth=1, label="total (5-95% band)")
        ax.set_title(s, loc="left", fontsize=11)
        ax.set_ylabel("£ million a year")
        date_axis(ax)
    legend = {}  # every component any panel shows, once
    for ax in axes[:, 0]:
        for h, n in zip(*ax.get_legend_handles_labels()):
            legend.setdefault(n, h)
    fig.legend(list(legend.values()), list(legend), loc="upper center", ncol=3, fontsize=8,
               frameon=False,
               bbox_to_anchor=(0.5, 0.0))
    fig.tight_layout()
    return fig


def chart_differences(data, scenarios, colours):
    """Variant minus base by financial year with 95% error bars, for entries and net cost."""
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(1, 2, figsize=(7.2, 3.4))
    years = list(dict.fromkeys(r["period"] for r in data["diff"] if r["period"] != "horizon"))
    # With posterior draws, the total interval (parameters and noise).
    lo, hi = ("ci_low", "ci_high") if data["posterior"] is None else ("total_low", "total_high")
    n = len(scenarios) - 1
    for ax, metric, title in zip(axes, ("care_entries", "net_cost"),
                                 ("Children entering care", "Net cost (£ thousand)")):
        scale = 1e3 if metric == "net_cost" else 1
        for i, (s, c) in enumerate(zip(scenarios[1:], colours[1:])):
            rs = [(j, r) for r in data["diff"] for j, y in enumerate(years)
                  if r["variant"] == s and r["metric"] == metric and r["period"] == y and
                  None not in (r["difference"], r[lo], r[hi])]
            if rs:
                x = [j + (i - (n - 1) / 2) * 0.6 / n for j, _ in rs]
                d = [r["difference"] / scale for _, r in rs]
                err = [[r["difference"] / scale - r[lo] / scale for _, r in rs],
                       [r[hi] / scale - r["difference"] / scale for _, r in rs]]
                ax.errorbar(x, d, yerr=err, fmt="o", color=c, capsize=3, label=s, ms=4)
        ax.axhline(0, color="k", linewidth=0.8)
        ax.set_xticks(range(len(years)), [y.replace("FY", "") for y in years], rotation=45,
                      fontsize=8)
        ax.set_title(title, loc="left", fontsize=10)
        ax.set_ylabel("variant minus base", fontsize=9)
        ax.grid(alpha=0.3, axis="y")
    axes[0].legend(fontsize=8, frameon=False)
    fig.tight_layout()
    return fig


def chart_cumulative(data, scenarios, colours, when):
    """Cumulative net cost of each variant against the base, week by week, in GBP million: the
    running sum of the difference of mean total spend (equal to the mean of the paired running
    sums), with each variant's break-even week marked."""
    import matplotlib.pyplot as plt
    import numpy as np
    spend = bands(data["spend"], "component")
    fig, ax = plt.subplots(figsize=(7.2, 3.0))
    base = spend.get((scenarios[0], "total"))
    for s, c in zip(scenarios[1:], colours[1:]):
        if base is None or (s, "total") not in spend:
            continue
        w, m = spend[(s, "total")][0], spend[(s, "total")][1]
        n = min(len(w), len(base[0]))
        ax.plot(when(w[:n]), np.cumsum(m[:n] - base[1][:n]) / 1e6, color=c, linewidth=1.5, label=s)
        be = next((r for r in data["be"] if r["variant"] == s), None)
        if be and be["break_even_week"] is not None:
            ax.axvline(when([be["break_even_week"]])[0], color=c, linestyle=":", linewidth=1)
    ax.axhline(0, color="k", linewidth=0.8)
    ax.set_ylabel("£ million")
    ax.legend(fontsize=8, frameon=False)
    date_axis(ax)
    fig.tight_layout()
    return fig


def charts(data, scenarios, start):
    """Draws the report's charts and returns [(alt text, data URI, caption)]."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    colours = ["#444444"] + [plt.cm.tab10(i) for i in range(len(scenarios) - 1)]
    when = lambda w: [start + dt.timedelta(days=7 * int(x)) for x in w]  # noqa: E731
    kind = "paired (common random numbers)" if data["paired"] else "unpaired"
    return [("Stocks and flows over time", png(chart_stocks(data, scenarios, colours, when)),
             "Children looked after and on child protection plans at the end of each week, and "
             "children entering care each week (as a rate a year), all LAs: mean across replicates "
             "(line) and 5th-95th percentile band."),
            ("Spend by component", png(chart_spend(data, scenarios, when)),
             "Spend by component at its weekly rate as £ million a year (week x 52), all LAs, "
             "mean across replicates (stacked; each component keeps its colour in every report); "
             "the black line is total spend with its 5th-95th percentile band."),
            ("Cumulative net cost", png(chart_cumulative(data, scenarios, colours, when)),
             "Cumulative net cost of each variant (variant minus base spend, all components), "
             "£ million, from the start of the horizon: mean across replicates; below zero the "
             "variant has saved money so far. The dotted line marks the break-even week."),
            ("Differences by financial year", png(chart_differences(data, scenarios, colours)),
             f"Variant minus base by financial year, {kind}: mean difference and its "
             + ("95% interval" if data["posterior"] is None else
                "total 95% interval (parameters and simulation noise)")
             + ". Below zero means fewer children entering care, or a saving.")]
