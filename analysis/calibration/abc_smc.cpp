#include "analysis/calibration/abc_smc.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <limits>
#include <numbers>
#include <optional>
#include <stdexcept>

#include "sim/rng/random.hpp"
#include "sim/run/parallel.hpp"

namespace csc::analysis::calibration {

double Prior::to_fit(double value) const { return log_scale ? std::log(value) : value; }
double Prior::from_fit(double x) const { return log_scale ? std::exp(x) : x; }
bool Prior::inside(double x) const { return x >= to_fit(lower) && x <= to_fit(upper); }

double Generation::acceptance() const {
  return proposed == 0 ? 0.0 : static_cast<double>(particles.size()) / static_cast<double>(proposed);
}

double Generation::effective_sample_size() const {
  double sum = 0.0, sum_sq = 0.0;
  for (const auto& p : particles) {
    sum += p.weight;
    sum_sq += p.weight * p.weight;
  }
  return sum_sq > 0.0 ? sum * sum / sum_sq : 0.0;
}

std::vector<double> Generation::mean() const {
  if (particles.empty()) return {};
  std::vector<double> m(particles.front().theta.size(), 0.0);
  for (const auto& p : particles) {
    for (std::size_t k = 0; k < m.size(); ++k) m[k] += p.weight * p.theta[k];
  }
  return m;
}

std::vector<double> Generation::sd() const {
  const std::vector<double> m = mean();
  std::vector<double> v(m.size(), 0.0);
  for (const auto& p : particles) {
    for (std::size_t k = 0; k < m.size(); ++k) v[k] += p.weight * (p.theta[k] - m[k]) * (p.theta[k] - m[k]);
  }
  for (double& x : v) x = std::sqrt(x);
  return v;
}

std::uint64_t proposal_seed(std::uint64_t seed, int generation, std::uint64_t proposal) {
  std::uint64_t z =
      seed ^ (static_cast<std::uint64_t>(generation) * 0x9E3779B97F4A7C15ULL) ^ (proposal * 0xD1B54A32D192ED03ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

double next_epsilon(const Generation& g, double alpha) {
  std::vector<double> d;
  d.reserve(g.particles.size());
  for (const auto& p : g.particles) d.push_back(p.distance);
  std::sort(d.begin(), d.end());
  // The smallest distance with at least alpha of the particles at or below it.
  const auto n = d.size();
  const auto k = static_cast<std::size_t>(std::ceil(alpha * static_cast<double>(n)));
  return d[std::clamp<std::size_t>(k, 1, n) - 1];
}

namespace {

constexpr std::uint32_t kStreamProposal = 1;

/// Standard normal distribution function.
double phi_cdf(double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); }

/// The previous generation on the fitting scale, with the kernel it implies: each parameter
/// of a particle moves by a normal truncated to the prior's range, independently of the others.
struct Kernel {
  std::vector<std::vector<double>> x;  // particles, fitting scale
  std::vector<double> weight;
  std::vector<double> cumulative;
  std::vector<double> sigma;   // per parameter: sqrt(2 x weighted variance)
  std::vector<double> lo, hi;  // per parameter: the prior's range, fitting scale
  // Per particle and parameter: the normal's distribution function at the range's ends, and the
  // log of the mass between them (the truncated normal's normaliser).
  std::vector<std::vector<double>> cdf_lo, cdf_hi, log_mass;

  Kernel(const Generation& g, const std::vector<Prior>& priors) {
    const std::size_t dims = priors.size();
    std::vector<double> mean(dims, 0.0), var(dims, 0.0);
    double total = 0.0;
    for (const auto& p : g.particles) {
      std::vector<double> xi(dims);
      for (std::size_t k = 0; k < dims; ++k) xi[k] = priors[k].to_fit(p.theta[k]);
      for (std::size_t k = 0; k < dims; ++k) mean[k] += p.weight * xi[k];
      x.push_back(std::move(xi));
      weight.push_back(p.weight);
      total += p.weight;
      cumulative.push_back(total);
    }
    for (std::size_t i = 0; i < x.size(); ++i) {
      for (std::size_t k = 0; k < dims; ++k) var[k] += weight[i] * (x[i][k] - mean[k]) * (x[i][k] - mean[k]);
    }
    for (std::size_t k = 0; k < dims; ++k) {
      lo.push_back(priors[k].to_fit(priors[k].lower));
      hi.push_back(priors[k].to_fit(priors[k].upper));
      // A collapsed parameter still needs a kernel that moves: a floor of 1e-6 of its range.
      sigma.push_back(std::max(std::sqrt(2.0 * var[k]), 1e-6 * (hi[k] - lo[k])));
    }
    for (const auto& xj : x) {
      std::vector<double> a(dims), b(dims), m(dims);
      for (std::size_t k = 0; k < dims; ++k) {
        a[k] = phi_cdf((lo[k] - xj[k]) / sigma[k]);
        b[k] = phi_cdf((hi[k] - xj[k]) / sigma[k]);
        m[k] = std::log(std::max(b[k] - a[k], 1e-300));
      }
      cdf_lo.push_back(std::move(a));
      cdf_hi.push_back(std::move(b));
      log_mass.push_back(std::move(m));
    }
  }

  [[nodiscard]] std::size_t pick(double u) const {
    const double target = u * cumulative.back();
    const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), target);
    return std::min<std::size_t>(static_cast<std::size_t>(it - cumulative.begin()), x.size() - 1);
  }

  /// Parameter k of particle j moved: the normal N(x_jk, sigma_k) truncated to the prior's
  /// range, drawn by inversion from u in (0, 1).
  [[nodiscard]] double move(std::size_t j, std::size_t k, double u) const {
    const boost::math::normal_distribution<double> unit;
    const double p = cdf_lo[j][k] + u * (cdf_hi[j][k] - cdf_lo[j][k]);
    if (!(p > 0.0 && p < 1.0)) return p <= 0.0 ? lo[k] : hi[k];
    return std::clamp(x[j][k] + sigma[k] * boost::math::quantile(unit, p), lo[k], hi[k]);
  }

  /// sum_j w_j prod_k TN(x_k | x_jk, sigma_k, prior range), up to the constant factor
  /// prod_k 1 / (sigma_k sqrt(2 pi)), which cancels in the normalised weights.
  [[nodiscard]] double mixture_density(const std::vector<double>& xi) const {
    double s = 0.0;
    for (std::size_t j = 0; j < x.size(); ++j) {
      double log_q = 0.0;
      for (std::size_t k = 0; k < xi.size(); ++k) {
        const double z = (xi[k] - x[j][k]) / sigma[k];
        log_q -= 0.5 * z * z + log_mass[j][k];
      }
      s += weight[j] * std::exp(log_q);
    }
    return s;
  }
};

/// Proposal k of a generation, on the fitting scale: from the prior (generation 0), or a kept
/// particle drawn by weight and moved by the kernel, each parameter by a normal truncated to
/// its prior's range. (Drawing the whole move again until every parameter is inside, as Toni
/// et al. 2009 do, almost never succeeds with tens of parameters: at 40, each move stays in
/// its range with probability about 0.7 and all 40 about once in a million tries.)
std::vector<double> propose(const std::vector<Prior>& priors, const Kernel* kernel, std::uint64_t seed, int generation,
                            std::uint64_t k) {
  sim::Draws draws(sim::RunKey{seed, static_cast<std::uint64_t>(generation)}, k, 0, kStreamProposal);
  std::vector<double> x(priors.size());
  if (kernel == nullptr) {
    for (std::size_t i = 0; i < priors.size(); ++i) {
      const double lo = priors[i].to_fit(priors[i].lower), hi = priors[i].to_fit(priors[i].upper);
      x[i] = lo + draws.uniform() * (hi - lo);
    }
    return x;
  }
  const std::size_t j = kernel->pick(draws.uniform());
  for (std::size_t i = 0; i < priors.size(); ++i) x[i] = kernel->move(j, i, draws.uniform());
  return x;
}

void normalise(std::vector<Particle>& particles) {
  double total = 0.0;
  for (const auto& p : particles) total += p.weight;
  for (auto& p : particles) p.weight /= total;
}

}  // namespace

AbcResult run_abc_smc(const std::vector<Prior>& priors, const AbcSettings& s, const Simulator& simulate,
                      std::vector<Generation> done, const OnGeneration& on_generation,
                      const OnSimulation& on_simulation, const BatchEvaluator& evaluate) {
  if (priors.empty()) throw std::invalid_argument("ABC-SMC needs at least one parameter");
  if (s.particles < 2) throw std::invalid_argument("ABC-SMC needs at least two particles");
  AbcResult result;
  result.generations = std::move(done);
  const auto n = static_cast<std::size_t>(s.particles);
  const std::uint64_t batch = s.batch > 0 ? static_cast<std::uint64_t>(s.batch) : n;
  // A generation that cannot keep N particles within N / min_acceptance proposals is not
  // finished: the run stops with the generations before it.
  const auto max_proposals =
      static_cast<std::uint64_t>(std::ceil(static_cast<double>(n) / std::max(s.min_acceptance, 1e-9)));

  for (const auto& g : result.generations) {
    if (g.acceptance() < s.min_acceptance) {
      result.stop = StopReason::acceptance;
      return result;
    }
  }
  while (static_cast<int>(result.generations.size()) < s.generations) {
    const int t = static_cast<int>(result.generations.size());
    std::optional<Kernel> kernel;
    double eps = std::numeric_limits<double>::infinity();
    if (t > 0) {
      kernel.emplace(result.generations.back(), priors);
      eps = next_epsilon(result.generations.back(), s.quantile);
    }
    Generation g;
    g.index = t;
    g.epsilon = eps;
    std::uint64_t next = 0;
    while (g.particles.size() < n && next < max_proposals) {
      const std::uint64_t count = std::min(batch, max_proposals - next);
      std::vector<std::vector<double>> x(count);
      std::vector<Outcome> out(count);
      for (std::uint64_t i = 0; i < count; ++i)
        x[i] = propose(priors, kernel ? &*kernel : nullptr, s.seed, t, next + i);
      const auto one = [&](std::uint64_t i) {
        std::vector<double> theta(priors.size());
        for (std::size_t k = 0; k < priors.size(); ++k) theta[k] = priors[k].from_fit(x[i][k]);
        Outcome o = simulate(theta, proposal_seed(s.seed, t, next + i));
        if (on_simulation) on_simulation();
        return o;
      };
      if (evaluate) {
        evaluate(one, out);
      } else {
        sim::parallel_for(std::uint64_t{0}, count, [&](std::uint64_t i) { out[i] = one(i); });
      }
      for (std::uint64_t i = 0; i < count && g.particles.size() < n; ++i) {
        ++g.proposed;
        if (!(out[i].distance <= eps)) continue;
        Particle p;
        p.theta.resize(priors.size());
        for (std::size_t k = 0; k < priors.size(); ++k) p.theta[k] = priors[k].from_fit(x[i][k]);
        p.distance = out[i].distance;
        p.statistics = std::move(out[i].statistics);
        p.weight = kernel ? 1.0 / std::max(kernel->mixture_density(x[i]), 1e-300) : 1.0;
        g.particles.push_back(std::move(p));
      }
      next += count;
    }
    if (g.particles.size() < n) {
      result.stop = StopReason::acceptance;
      return result;
    }
    normalise(g.particles);
    result.generations.push_back(std::move(g));
    if (on_generation) on_generation(result.generations.back());
    if (result.generations.back().acceptance() < s.min_acceptance) {
      result.stop = StopReason::acceptance;
      return result;
    }
  }
  result.stop = StopReason::generations;
  return result;
}

}  // namespace csc::analysis::calibration
