#pragma once
// The plausibility guard (issue "The care decision and the law", item 8): a run's stocks per
// 10,000 children at each 31 March, per LA, set against the range seen across English
// councils (docs/evidence.md 4.8, RT-8 to RT-13, and GAP-6). A value outside it is flagged
// "outside anything observed" in compare's outputs and the report; it is a flag, not an error:
// a what-if may leave the observed range on purpose, but its reader must know.
#include <string>
#include <utility>
#include <vector>

#include "analysis/run_reader.hpp"

namespace csc::analysis {

/// One measure's range across English councils, per 10,000 children.
struct ObservedRange {
  const char* measure;  // a /series stock
  double low, high;
  const char* source;
};

/// The documented table (docs/design.md, "The plausibility guard").
const std::vector<ObservedRange>& observed_ranges();

struct PlausibilityRow {
  std::string scenario, la, year, measure;
  double per_10k = 0;  // replicate mean at the year's last week in the horizon
  double low = 0, high = 0;
  [[nodiscard]] bool outside() const { return per_10k < low || per_10k > high; }
};

/// A financial year of the horizon: its label and its last week in the horizon (31 March, or
/// the horizon's end for a year the horizon ends within).
using YearEnd = std::pair<std::string, int>;

/// Every measure of observed_ranges() for every LA and year end of the run.
std::vector<PlausibilityRow> plausibility(const RunFile& run, const std::vector<YearEnd>& year_ends);
/// plausibility.csv: scenario, la, year, measure, per_10k, low, high, outside (0/1).
std::string plausibility_csv(const std::vector<PlausibilityRow>& rows);

}  // namespace csc::analysis
