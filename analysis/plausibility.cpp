#include "analysis/plausibility.hpp"

#include <cstdio>

#include "sim/core/text.hpp"

namespace csc::analysis {

const std::vector<ObservedRange>& observed_ranges() {
  // Highest and lowest councils in England's published rates (docs/evidence.md 4.8): looked
  // after 24 (Wokingham, 2020) to 223 (Blackpool, 2020), and Blackpool 152-164 in 2014-2016
  // (RT-8 to RT-10); CP plans 22 (Westminster) to 156 (Blackpool), 2018 (RT-11). The CIN range
  // is GAP-6's marked assumption (0.5 to 2.5 times the national rate): no source was found.
  static const std::vector<ObservedRange> ranges = {
      {"stock_looked_after", 20, 230, "RT-8 to RT-10 (GAP-6)"},
      {"stock_cp", 20, 160, "RT-11, RT-12 (GAP-6)"},
      {"stock_cin", 165, 840, "ASSUMPTION GAP-6"},
  };
  return ranges;
}

std::vector<PlausibilityRow> plausibility(const RunFile& run, const std::vector<YearEnd>& year_ends) {
  std::vector<PlausibilityRow> rows;
  const Series children = run.series("children");
  for (const auto& range : observed_ranges()) {
    const Series stock = run.series(range.measure);
    for (const auto& [year, week] : year_ends) {
      for (int la = 0; la < stock.las; ++la) {
        double sum = 0;
        for (int r = 0; r < stock.replicates; ++r) {
          const double n = children.at(r, week, la);
          sum += n > 0 ? 10000.0 * stock.at(r, week, la) / n : 0.0;
        }
        rows.push_back({run.scenario_name, run.la_names[static_cast<std::size_t>(la)], year, range.measure,
                        sum / stock.replicates, range.low, range.high});
      }
    }
  }
  return rows;
}

std::string plausibility_csv(const std::vector<PlausibilityRow>& rows) {
  std::string out = "scenario,la,year,measure,per_10k,low,high,outside\n";
  char number[64];
  for (const auto& r : rows) {
    std::snprintf(number, sizeof number, "%.2f,%g,%g,%d", r.per_10k, r.low, r.high, r.outside() ? 1 : 0);
    out += sim::csv_field(r.scenario) + "," + sim::csv_field(r.la) + "," + sim::csv_field(r.year) + "," + r.measure +
           "," + number + "\n";
  }
  return out;
}

}  // namespace csc::analysis
