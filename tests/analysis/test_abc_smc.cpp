// ABC-SMC on a problem whose answer is known: data are 50 draws from Normal(mu, sigma); the
// summaries are their mean and standard deviation. The posterior must concentrate around the
// values that generated the observed data, and the run must not depend on how the proposals
// were batched or on being resumed.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "analysis/calibration/abc_smc.hpp"
#include "sim/rng/random.hpp"

using namespace csc::analysis::calibration;

namespace {

constexpr int kDraws = 50;

std::vector<double> summaries(double mu, double sigma, std::uint64_t seed) {
  csc::sim::Draws d(csc::sim::RunKey{seed, 0}, 0, 0, 0);
  double s = 0, s2 = 0;
  for (int i = 0; i < kDraws; ++i) {
    const double y = mu + sigma * d.normal();
    s += y;
    s2 += y * y;
  }
  const double m = s / kDraws;
  return {m, std::sqrt((s2 - kDraws * m * m) / (kDraws - 1))};
}

struct Toy {
  std::vector<double> observed = summaries(2.0, 1.5, 12345);
  Outcome operator()(const std::vector<double>& theta, std::uint64_t seed) const {
    Outcome o;
    o.statistics = summaries(theta[0], theta[1], seed);
    o.distance = std::hypot(o.statistics[0] - observed[0], o.statistics[1] - observed[1]);
    return o;
  }
};

const std::vector<Prior> kPriors{{"mu", -10, 10, false}, {"sigma", 0.1, 10, true}};

AbcSettings settings() {
  AbcSettings s;
  s.particles = 300;
  s.generations = 8;
  s.quantile = 0.5;
  s.min_acceptance = 0.01;
  s.seed = 7;
  return s;
}

}  // namespace

TEST_CASE("ABC-SMC recovers the mean and spread of a normal sample", "[calibration]") {
  const Toy toy;
  const AbcResult r = run_abc_smc(kPriors, settings(), toy, {}, {}, {});
  REQUIRE(r.generations.size() == 8);
  const Generation& last = r.generations.back();
  const auto m = last.mean();
  const auto sd = last.sd();
  // The exact posterior of mu is about Normal(mean of the data, sd / sqrt(50)) = sd ~0.21;
  // of sigma about sd / sqrt(2 x 49) ~0.15. ABC with a positive tolerance is somewhat wider.
  CHECK(std::abs(m[0] - toy.observed[0]) < 3 * 0.21);
  CHECK(std::abs(m[1] - toy.observed[1]) < 3 * 0.15);
  CHECK(sd[0] > 0.1);
  CHECK(sd[0] < 0.5);
  CHECK(std::abs(toy.observed[0] - 2.0) < 3 * 1.5 / std::sqrt(50.0));
  // Tolerances shrink generation by generation; weights are normalised.
  for (std::size_t t = 2; t < r.generations.size(); ++t) {
    CHECK(r.generations[t].epsilon <= r.generations[t - 1].epsilon);
  }
  double w = 0;
  for (const auto& p : last.particles) w += p.weight;
  CHECK(w == Approx(1.0));
}

TEST_CASE("ABC-SMC gives the same particles whatever the batch size and after a resume", "[calibration][parallel]") {
  const Toy toy;
  AbcSettings s = settings();
  s.generations = 4;
  s.particles = 60;
  const AbcResult whole = run_abc_smc(kPriors, s, toy, {}, {}, {});
  AbcSettings small = s;
  small.batch = 7;
  const AbcResult batched = run_abc_smc(kPriors, small, toy, {}, {}, {});
  std::vector<Generation> first_two(whole.generations.begin(), whole.generations.begin() + 2);
  int reported = 0;
  const AbcResult resumed = run_abc_smc(kPriors, s, toy, first_two, [&](const Generation&) { ++reported; }, {});
  CHECK(reported == 2);
  for (const AbcResult* other : {&batched, &resumed}) {
    REQUIRE(other->generations.size() == whole.generations.size());
    for (std::size_t t = 0; t < whole.generations.size(); ++t) {
      const auto& a = whole.generations[t].particles;
      const auto& b = other->generations[t].particles;
      REQUIRE(a.size() == b.size());
      for (std::size_t i = 0; i < a.size(); ++i) {
        CHECK(a[i].theta == b[i].theta);
        CHECK(a[i].weight == b[i].weight);
      }
    }
  }
}

TEST_CASE("ABC-SMC stops when too few proposals are accepted", "[calibration]") {
  // Distances that ignore the parameters: each tolerance halves the acceptance rate (and the
  // prior rejects part of the moves), so the run must stop early on min_acceptance = 0.05.
  AbcSettings s = settings();
  s.particles = 40;
  s.min_acceptance = 0.05;
  const Simulator noise = [](const std::vector<double>&, std::uint64_t seed) {
    csc::sim::Draws d(csc::sim::RunKey{seed, 0}, 0, 0, 0);
    return Outcome{d.uniform(), {}};
  };
  const AbcResult r = run_abc_smc(kPriors, s, noise, {}, {}, {});
  CHECK(r.stop == StopReason::acceptance);
  CHECK(r.generations.size() >= 2);
  CHECK(r.generations.size() <= 5);
}

TEST_CASE("The effective sample size counts equally weighted particles", "[calibration]") {
  // Kish's (sum w)^2 / sum w^2: N for equal weights, 1 when one particle holds all the weight,
  // 1 / (0.5^2 + 2 x 0.25^2) = 8/3 for weights 1/2, 1/4, 1/4; unnormalised weights give the same.
  const auto generation = [](std::vector<double> weights) {
    Generation g;
    for (const double w : weights) g.particles.push_back(Particle{{0.0}, w, 0.0, {}});
    return g;
  };
  CHECK(generation({0.25, 0.25, 0.25, 0.25}).effective_sample_size() == Approx(4.0));
  CHECK(generation({0.0, 1.0, 0.0}).effective_sample_size() == Approx(1.0));
  CHECK(generation({0.5, 0.25, 0.25}).effective_sample_size() == Approx(8.0 / 3.0));
  CHECK(generation({2.0, 1.0, 1.0}).effective_sample_size() == Approx(8.0 / 3.0));
  CHECK(generation({}).effective_sample_size() == 0.0);

  // In a run, generation 0 keeps its prior draws with equal weights; later ones weigh by
  // prior / proposal density, so their effective size lies between 1 and the particle count.
  AbcSettings s = settings();
  s.particles = 60;
  s.generations = 3;
  const AbcResult r = run_abc_smc(kPriors, s, Toy{}, {}, {}, {});
  REQUIRE(r.generations.size() == 3);
  CHECK(r.generations[0].effective_sample_size() == Approx(60.0));
  for (std::size_t t = 1; t < r.generations.size(); ++t) {
    CHECK(r.generations[t].effective_sample_size() >= 1.0);
    CHECK(r.generations[t].effective_sample_size() < 60.0);
  }
}

TEST_CASE("ABC-SMC weighs truncated moves so that an uninformative fit keeps the prior", "[calibration]") {
  // The distance ignores the parameters, so every generation's target is the prior itself:
  // the weighted particles must stay uniform on [0, 1] (mean 0.5, sd 0.289), including next to
  // the bounds, where a move is truncated and its normal's mass inside is small. 600 particles:
  // the weighted mean's standard error is about 0.289 / sqrt(effective size) < 0.02.
  const std::vector<Prior> priors{{"a", 0, 1, false}, {"b", 0, 1, false}, {"c", 0, 1, false}};
  const auto noise = [](const std::vector<double>&, std::uint64_t seed) {
    Outcome o;
    csc::sim::Draws d(csc::sim::RunKey{seed, 1}, 0, 0, 0);
    o.distance = d.uniform();
    return o;
  };
  AbcSettings s = settings();
  s.particles = 600;
  s.generations = 4;
  const AbcResult r = run_abc_smc(priors, s, noise, {}, {}, {});
  REQUIRE(r.generations.size() == 4);
  const Generation& last = r.generations.back();
  const double ess = last.effective_sample_size();
  REQUIRE(ess > 200);
  const auto m = last.mean();
  const auto sd = last.sd();
  for (std::size_t k = 0; k < priors.size(); ++k) {
    INFO("parameter " << k << ": mean " << m[k] << ", sd " << sd[k] << ", effective size " << ess);
    CHECK(std::abs(m[k] - 0.5) < 3 * 0.289 / std::sqrt(ess));
    CHECK(std::abs(sd[k] - 0.2887) < 0.025);
  }
}

TEST_CASE("ABC-SMC moves on with forty parameters, every proposal inside its prior", "[calibration]") {
  // Forty parameters, the first four informative: a move of all forty at once rarely stays
  // inside every prior, which stopped such fits after generation 0 when a move outside was
  // drawn again whole; each parameter now moves within its own range.
  std::vector<Prior> priors;
  for (int k = 0; k < 40; ++k) {
    std::string name(1, 'p');  // (not "p" + ...: GCC 12's -Wrestrict false positive)
    name += std::to_string(k);
    priors.push_back({name, 0, 1, false});
  }
  priors.push_back({"scaled", 0.1, 10, true});
  const auto fit = [](const std::vector<double>& theta, std::uint64_t) {
    Outcome o;
    double q = 0;
    for (std::size_t k = 0; k < 4; ++k) q += (theta[k] - 0.3) * (theta[k] - 0.3);
    o.distance = std::sqrt(q);
    return o;
  };
  AbcSettings s = settings();
  s.particles = 100;
  s.generations = 6;
  s.min_acceptance = 0.05;
  const AbcResult r = run_abc_smc(priors, s, fit, {}, {}, {});
  REQUIRE(r.generations.size() == 6);
  for (const auto& g : r.generations) {
    for (const auto& p : g.particles) {
      for (std::size_t k = 0; k < priors.size(); ++k) {
        REQUIRE(p.theta[k] >= priors[k].lower);
        REQUIRE(p.theta[k] <= priors[k].upper);
      }
    }
  }
  // The informative parameters move from the prior (mean 0.5, sd 0.29) towards 0.3 and
  // concentrate; with 41 dimensions the importance weights are uneven, so the mean is loose.
  const auto m = r.generations.back().mean();
  const auto sd = r.generations.back().sd();
  for (std::size_t k = 0; k < 4; ++k) {
    CHECK(std::abs(m[k] - 0.3) < 0.15);
    CHECK(sd[k] < 0.15);
  }
}
