#include "analysis/stats.hpp"

#include <cmath>
#include <stdexcept>

namespace csc::analysis {

double mean(const std::vector<double>& x) {
  if (x.empty()) return 0.0;
  double s = 0.0;
  for (double v : x) s += v;
  return s / static_cast<double>(x.size());
}

double variance(const std::vector<double>& x) {
  if (x.size() < 2) return 0.0;
  const double m = mean(x);
  double s = 0.0;
  for (double v : x) s += (v - m) * (v - m);
  return s / static_cast<double>(x.size() - 1);
}

double t975(double df) {
  if (!(df >= 1.0)) throw std::invalid_argument("t975: degrees of freedom below 1");
  // Exact values for small df (tables of Student's t), then the Cornish-Fisher expansion in
  // 1/df about the normal quantile, which is accurate to 1e-4 from df = 30 on.
  static constexpr double kTable[] = {12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
                                      2.2010,  2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
                                      2.0796,  2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423};
  constexpr int kTableSize = static_cast<int>(std::size(kTable));
  if (df < kTableSize) {
    const int lo = static_cast<int>(std::floor(df));
    const double frac = df - lo;
    // Interpolate in 1/df, where t is nearly linear.
    const double a = kTable[lo - 1];
    const double b = kTable[lo];
    const double x = (1.0 / df - 1.0 / lo) / (1.0 / (lo + 1) - 1.0 / lo);
    return frac == 0.0 ? a : a + x * (b - a);
  }
  const double z = 1.959963984540054;
  const double z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z;
  return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df) +
         (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df * df * df);
}

Interval paired_difference(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size() || a.empty()) throw std::invalid_argument("paired_difference: sizes");
  std::vector<double> d(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) d[i] = b[i] - a[i];
  Interval out;
  out.mean = mean(d);
  if (d.size() < 2) {
    out.low = out.high = out.mean;
    return out;
  }
  out.df = static_cast<double>(d.size() - 1);
  const double half = t975(out.df) * std::sqrt(variance(d) / static_cast<double>(d.size()));
  out.low = out.mean - half;
  out.high = out.mean + half;
  return out;
}

Interval unpaired_difference(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.empty() || b.empty()) throw std::invalid_argument("unpaired_difference: empty sample");
  Interval out;
  out.mean = mean(b) - mean(a);
  const double va = variance(a) / static_cast<double>(a.size());
  const double vb = variance(b) / static_cast<double>(b.size());
  if (a.size() < 2 || b.size() < 2 || va + vb == 0.0) {
    out.low = out.high = out.mean;
    return out;
  }
  // Welch-Satterthwaite degrees of freedom.
  out.df = (va + vb) * (va + vb) /
           (va * va / static_cast<double>(a.size() - 1) + vb * vb / static_cast<double>(b.size() - 1));
  const double half = t975(std::max(1.0, out.df)) * std::sqrt(va + vb);
  out.low = out.mean - half;
  out.high = out.mean + half;
  return out;
}

}  // namespace csc::analysis
