#include "analysis/psa.hpp"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <boost/math/statistics/bivariate_statistics.hpp>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace csc::analysis {

namespace {

Interval around(double mean, double variance_of_mean, double df) {
  Interval out;
  out.mean = mean;
  out.low = out.high = mean;
  if (!(df >= 1.0)) return out;  // no interval
  out.df = df;
  const double half = t975(df) * std::sqrt(std::max(0.0, variance_of_mean));
  out.low = mean - half;
  out.high = mean + half;
  return out;
}

/// Mean ranks from 1, ties sharing the mean of the ranks they span.
std::vector<double> ranks(const std::vector<double>& v) {
  std::vector<std::size_t> order(v.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
  std::vector<double> out(v.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && v[order[j + 1]] == v[order[i]]) ++j;
    const double rank = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
    for (std::size_t k = i; k <= j; ++k) out[order[k]] = rank;
    i = j + 1;
  }
  return out;
}

bool constant(const std::vector<double>& v) {
  return std::all_of(v.begin(), v.end(), [&](double x) { return x == v.front(); });
}

}  // namespace

std::vector<double> draw_means(const std::vector<double>& d, int draws, int per_draw) {
  std::vector<double> out(static_cast<std::size_t>(draws), 0.0);
  for (int k = 0; k < draws; ++k) {
    for (int r = 0; r < per_draw; ++r)
      out[static_cast<std::size_t>(k)] += d[static_cast<std::size_t>(k * per_draw + r)];
    out[static_cast<std::size_t>(k)] /= per_draw;
  }
  return out;
}

Uncertainty decompose(const std::vector<double>& d, int draws, int per_draw, bool one_point) {
  if (draws < 1 || per_draw < 1 || d.size() != static_cast<std::size_t>(draws) * static_cast<std::size_t>(per_draw))
    throw std::invalid_argument("decompose: the differences are not draws x per_draw");
  Uncertainty u;
  u.drawn = true;
  const double n = static_cast<double>(d.size());
  const double grand = mean(d);
  if (one_point) {  // no parameter variance: the paired t interval over every replicate
    const double v = variance(d);
    u.noise = around(grand, v / n, n - 1.0);
    u.total = u.noise;
    u.noise_sd = std::sqrt(v);
    return u;
  }
  if (draws < 2 || per_draw < 2)
    throw std::invalid_argument("decompose: needs 2 or more draws and replicates per draw");
  const double k = draws, r = per_draw;
  const std::vector<double> means = draw_means(d, draws, per_draw);
  double ssb = 0.0, ssw = 0.0;
  for (int g = 0; g < draws; ++g) {
    const double m = means[static_cast<std::size_t>(g)];
    ssb += r * (m - grand) * (m - grand);
    for (int i = 0; i < per_draw; ++i) {
      const double x = d[static_cast<std::size_t>(g * per_draw + i)];
      ssw += (x - m) * (x - m);
    }
  }
  const double df_b = k - 1.0, df_w = k * (r - 1.0);
  const double msb = ssb / df_b, msw = ssw / df_w;
  const double s2_param = std::max(0.0, (msb - msw) / r);
  u.noise_sd = std::sqrt(msw);
  u.param_sd = std::sqrt(s2_param);
  u.noise = around(grand, msw / n, df_w);
  if (s2_param <= 0.0) {
    u.total = u.noise;
    return u;
  }
  // V = s2_p (1 + 1/K) + MSW / N = a MSB + b MSW, a = (K + 1) / N, b = -1 / R (Satterthwaite).
  const double v = s2_param * (1.0 + 1.0 / k) + msw / n;
  const double a = (k + 1.0) / n * msb, b = msw / r;
  const double df = v * v / (a * a / df_b + b * b / df_w);
  u.total = around(grand, v, std::max(1.0, df));
  u.param_share = s2_param * (1.0 + 1.0 / k) / v;
  return u;
}

RankCorrelation spearman(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() != y.size()) throw std::invalid_argument("spearman: sizes differ");
  RankCorrelation c;
  if (x.size() < 3) {
    c.why_undefined = "fewer than 3 draws";
    return c;
  }
  if (constant(x) || constant(y)) {
    c.why_undefined =
        constant(x) ? "the parameter is the same in every draw" : "the difference is the same in every draw";
    return c;
  }
  const std::vector<double> rx = ranks(x), ry = ranks(y);
  c.defined = true;
  c.rho = std::clamp(static_cast<double>(boost::math::statistics::correlation_coefficient(rx, ry)), -1.0, 1.0);
  const double df = static_cast<double>(x.size()) - 2.0;
  if (std::abs(c.rho) >= 1.0) {
    c.p_value = 0.0;
  } else if (df >= 1.0) {
    const double t = c.rho * std::sqrt(df / (1.0 - c.rho * c.rho));
    c.p_value =
        2.0 * boost::math::cdf(boost::math::complement(boost::math::students_t_distribution<double>(df), std::abs(t)));
  }
  return c;
}

}  // namespace csc::analysis
