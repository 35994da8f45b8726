#pragma once
// Small statistics for comparing replicates: means, Student t intervals (paired, or Welch for
// independent samples). Replicates are few (tens), so intervals use the t distribution.
#include <cstddef>
#include <vector>

namespace csc::analysis {

struct Interval {
  double mean = 0.0;  // the estimate (a mean difference)
  double low = 0.0;
  double high = 0.0;
  double df = 0.0;  // degrees of freedom of the t quantile used; 0: no interval (one replicate)
  [[nodiscard]] bool exists() const { return df > 0.0; }
};

double mean(const std::vector<double>& x);
/// Sample variance (n - 1 in the denominator); 0 for fewer than two values.
double variance(const std::vector<double>& x);
/// The 0.975 quantile of Student's t with `df` degrees of freedom (df >= 1, fractional as
/// Welch's approximation gives), from Boost.Math.
double t975(double df);
/// 95% interval of the mean of b[i] - a[i] (common random numbers: replicate i of both).
Interval paired_difference(const std::vector<double>& a, const std::vector<double>& b);
/// 95% Welch interval of mean(b) - mean(a) for independent samples.
Interval unpaired_difference(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace csc::analysis
