#pragma once
// The table printed after a run: stocks and yearly flows per 10,000 children, by year, with
// the mean across replicates and its spread (5th to 95th percentile of replicates).
#include <string>
#include <vector>

#include "analysis/run_reader.hpp"

namespace csc::analysis {

struct SummaryRow {
  std::string metric;
  bool stock = false;                 // stock at year end, or flow summed over the year
  std::vector<double> year_means;     // per 10,000 children, mean across replicates
  double mean = 0, p05 = 0, p95 = 0;  // over the whole horizon (mean of yearly values)
};

/// Per-10,000 rates of the headline metrics (all LAs together).
std::vector<SummaryRow> summarise(const RunFile& run);
std::string format_summary(const RunFile& run, const std::vector<SummaryRow>& rows);

/// The p-quantile (0..1) of values by linear interpolation (values need not be sorted).
double quantile(std::vector<double> values, double p);

}  // namespace csc::analysis
