#include "analysis/summary.hpp"

#include <algorithm>
#include <cstdio>

#include "analysis/stats.hpp"

namespace csc::analysis {
namespace {

/// How a headline is shown: children per 10,000, a rate or mean averaged over LAs, or a
/// count as it is.
enum class Scale { per_10k, la_average, count };

struct Headline {
  const char* metric;
  bool stock;
  Scale scale;
};

constexpr Headline kHeadlines[] = {
    {"referrals", false, Scale::per_10k},
    {"re_referrals", false, Scale::per_10k},
    {"s47", false, Scale::per_10k},
    {"icpc", false, Scale::per_10k},
    {"cp_starts", false, Scale::per_10k},
    {"care_entries", false, Scale::per_10k},
    {"care_exits", false, Scale::per_10k},
    {"exits_adopted", false, Scale::per_10k},
    {"stock_cin", true, Scale::per_10k},
    {"stock_section17", true, Scale::per_10k},
    {"stock_cp", true, Scale::per_10k},
    {"stock_looked_after", true, Scale::per_10k},
    {"stock_edge_of_care", true, Scale::per_10k},
    {"caseload_mean", true, Scale::la_average},
    {"agency_share", true, Scale::la_average},
    {"unallocated_cases", true, Scale::count},
};

}  // namespace

double quantile(std::vector<double> values, double p) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  const double pos = p * static_cast<double>(values.size() - 1);
  const auto lo = static_cast<std::size_t>(pos);
  const std::size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (pos - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

std::vector<SummaryRow> summarise(const RunFile& run) {
  const Series children = run.series("children");
  const int years = children.weeks / 52;
  std::vector<SummaryRow> rows;
  for (const auto& h : kHeadlines) {
    const Series s = run.series(h.metric);
    SummaryRow row{h.metric, h.stock, std::vector<double>(static_cast<std::size_t>(years), 0.0)};
    std::vector<double> per_replicate;
    for (int r = 0; r < s.replicates; ++r) {
      double horizon = 0.0;
      for (int y = 0; y < years; ++y) {
        const int last = y * 52 + 51;
        double v = 0.0;
        if (h.stock) {
          v = s.total(r, last);
        } else {
          for (int w = y * 52; w <= last; ++w) v += s.total(r, w);
        }
        if (h.scale == Scale::la_average) v /= std::max(1, s.las);
        if (h.scale == Scale::per_10k) v *= 10000.0 / std::max(1.0f, children.total(r, last));
        row.year_means[static_cast<std::size_t>(y)] += v / s.replicates;
        horizon += v / years;
      }
      per_replicate.push_back(horizon);
    }
    row.mean = mean(per_replicate);
    row.p05 = quantile(per_replicate, 0.05);
    row.p95 = quantile(per_replicate, 0.95);
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string format_summary(const RunFile& run, const std::vector<SummaryRow>& rows) {
  std::string out;
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "%s: %lld replicates, %lld weeks, %lld LA(s), %lld children at start\n"
                "Per 10,000 children (flows: a year; stocks: at year end). Caseload, agency "
                "share and unallocated cases as they are.\n",
                run.scenario_name.c_str(), static_cast<long long>(run.replicates), static_cast<long long>(run.weeks),
                static_cast<long long>(run.las), static_cast<long long>(run.children));
  out += buf;
  std::snprintf(buf, sizeof buf, "%-22s", "metric");
  out += buf;
  const std::size_t years = rows.empty() ? 0 : rows.front().year_means.size();
  for (std::size_t y = 0; y < years; ++y) {
    std::snprintf(buf, sizeof buf, "%9s", ("year " + std::to_string(y + 1)).c_str());
    out += buf;
  }
  out += "      mean   [ 5%, 95%] of replicates\n";
  for (const auto& r : rows) {
    std::snprintf(buf, sizeof buf, "%-22s", (r.metric + (r.stock ? "" : " /yr")).c_str());
    out += buf;
    for (double v : r.year_means) {
      std::snprintf(buf, sizeof buf, "%9.2f", v);
      out += buf;
    }
    std::snprintf(buf, sizeof buf, "  %8.2f   [%.2f, %.2f]\n", r.mean, r.p05, r.p95);
    out += buf;
  }
  return out;
}

}  // namespace csc::analysis
