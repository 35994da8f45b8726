#pragma once
// Parameter and simulation uncertainty of a paired difference from a nested design (docs/design.md,
// "Parameter uncertainty"): K posterior draws x R replicates per draw, replicate i of draw
// i / R. Each outcome difference d (variant - base, replicate by replicate) is split by the
// law of total variance, Var(d) = Var(E[d | theta]) + E[Var(d | theta)], estimated by a
// balanced one-way random-effects analysis of variance with the draws as groups:
//   MSB = R sum_k (mean_k - mean)^2 / (K - 1),  MSW = sum_k sum_r (d_kr - mean_k)^2 / (K (R - 1)),
//   noise variance (one replicate, parameters fixed) s2_n = MSW,
//   parameter variance (of the expected difference across the posterior)
//     s2_p = max(0, (MSB - MSW) / R)                      (method of moments, truncated at 0).
// Intervals, centred on the mean of all N = K R differences, with Student t quantiles from
// Boost.Math:
//   noise-only: mean +- t(K (R - 1)) sqrt(MSW / N): simulation noise alone, at the drawn parameters;
//   total: a 95% prediction interval for the expected difference at parameters drawn from the
//     posterior, the random-effects prediction interval (Higgins, Thompson & Spiegelhalter 2009,
//     J R Stat Soc A 172:137): variance V = s2_p + Var(mean) = s2_p (1 + 1/K) + MSW / N, with
//     Satterthwaite's (1946) degrees of freedom for V = a MSB + b MSW; where s2_p is 0 it is the
//     noise-only interval. param_share = s2_p (1 + 1/K) / V, the parameters' part of V.
// When every draw has the same parameter values (a posterior of one point) the parameter part
// is zero by construction and both intervals are the paired t interval over all N replicates.
#include <string>
#include <vector>

#include "analysis/stats.hpp"

namespace csc::analysis {

struct Uncertainty {
  bool drawn = false;        // the runs drew their parameters from a posterior
  Interval noise;            // simulation noise only (the difference's ci_low and ci_high)
  Interval total;            // parameters and simulation noise
  double param_sd = 0.0;     // sd of the expected difference across the posterior, sqrt(s2_p)
  double noise_sd = 0.0;     // sd of one replicate's difference at fixed parameters, sqrt(s2_n)
  double param_share = 0.0;  // the parameters' share of the total interval's variance (0 to 1)
};

/// The decomposition of the differences `d` (draw-major: d[k R + r]) of `draws` x `per_draw`
/// replicates; `one_point`: every draw has the same values. Needs draws >= 2 and per_draw >= 2
/// unless one_point (then any N >= 1; one replicate gives no interval).
Uncertainty decompose(const std::vector<double>& d, int draws, int per_draw, bool one_point);

/// Mean of each draw's replicates.
std::vector<double> draw_means(const std::vector<double>& d, int draws, int per_draw);

/// Spearman's rank correlation (Pearson's correlation of the ranks, ties given their mean
/// rank, as scipy.stats.spearmanr computes it) and its two-sided p-value from Student's t with
/// n - 2 degrees of freedom, t = rho sqrt((n - 2) / (1 - rho^2)).
struct RankCorrelation {
  bool defined = false;
  double rho = 0.0, p_value = 0.0;
  std::string why_undefined;  // fewer than 3 points, or a constant variable
};
RankCorrelation spearman(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace csc::analysis
