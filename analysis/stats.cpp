#include "analysis/stats.hpp"

#include <boost/math/distributions/students_t.hpp>
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
  // Boost.Math's Student's t, exact for fractional df too (Welch's df is rarely whole).
  return boost::math::quantile(boost::math::students_t_distribution<double>(df), 0.975);
}

Interval paired_difference(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size() || a.empty()) throw std::invalid_argument("paired_difference: sizes");
  std::vector<double> d(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) d[i] = b[i] - a[i];
  Interval out;
  out.mean = mean(d);
  if (d.size() < 2) {  // one replicate: no interval (df stays 0)
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
  if (a.size() < 2 || b.size() < 2) {  // one replicate: no interval (df stays 0)
    out.low = out.high = out.mean;
    return out;
  }
  if (va + vb == 0.0) {  // every replicate agrees: an interval of zero width
    out.df = static_cast<double>(a.size() + b.size() - 2);
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
