#include "analysis/summary.hpp"

#include <algorithm>
#include <cstdio>

namespace csc::analysis {
namespace {

struct Headline {
  const char* metric;
  bool stock;
};

constexpr Headline kHeadlines[] = {
    {"referrals", false},        {"re_referrals", false},      {"s47", false},
    {"icpc", false},             {"cp_starts", false},          {"care_entries", false},
    {"care_exits", false},       {"exits_adopted", false},      {"stock_cin", true},
    {"stock_section17", true},   {"stock_cp", true},            {"stock_looked_after", true},
    {"stock_edge_of_care", true}, {"caseload_mean", true},      {"agency_share", true},
    {"unallocated_cases", true},
};

bool is_per_child_count(const std::string& m) {
  return m != "caseload_mean" && m != "agency_share" && m != "unallocated_cases";
}

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
          if (!is_per_child_count(h.metric) && h.metric != std::string("unallocated_cases")) {
            v /= std::max(1, s.las);  // rates and means: average over LAs
          }
        } else {
          for (int w = y * 52; w <= last; ++w) v += s.total(r, w);
        }
        if (is_per_child_count(h.metric)) v *= 10000.0 / std::max(1.0f, children.total(r, last));
        row.year_means[static_cast<std::size_t>(y)] += v / s.replicates;
        horizon += v / years;
      }
      per_replicate.push_back(horizon);
    }
    double sum = 0.0;
    for (double v : per_replicate) sum += v;
    row.mean = per_replicate.empty() ? 0.0 : sum / static_cast<double>(per_replicate.size());
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
                run.scenario_name.c_str(), static_cast<long long>(run.replicates),
                static_cast<long long>(run.weeks), static_cast<long long>(run.las),
                static_cast<long long>(run.children));
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
