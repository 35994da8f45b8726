// Synthetic recovery (issue "Calibration", how it is checked): targets are made by the model
// itself at known parameter values; ABC-SMC, started from wide priors, must find them again.
// Referral and care-entry rates are set by two parameters (referral.severity_rate_per_year,
// edge.care_rate_per_week) that the targets (referrals, care entries, CP starts, the
// looked-after stock and pre-proceedings, in two years) identify; the truth must lie inside the posterior's
// central 95% and the posterior must be much narrower than the prior.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>

#include "analysis/calibration/abc_smc.hpp"
#include "analysis/calibration/outputs.hpp"
#include "analysis/calibration/problem.hpp"
#include "tests/temp_path.hpp"

using namespace csc::analysis::calibration;

namespace {

const std::string kFixtures = std::string(CSC_SOURCE_DIR) + "/tests/fixtures/calibration/";

/// A directory of its own under the temp directory, removed with its contents at the end.
struct TempDir : csc::test::TempPath {
  TempDir() : TempPath("cscsim_recovery", "") { std::filesystem::create_directories(path); }
};

void write(const std::filesystem::path& p, const std::string& text) { std::ofstream(p) << text; }

std::string target(const std::string& id, double value, const std::string& series, const std::string& year) {
  const std::string statistic = series.rfind("stock_", 0) == 0 ? "stock_rate" : "flow_rate";
  return "[[target]]\nid = \"" + id + "\"\nsource = \"synthetic\"\nvalue = " + std::to_string(value) +
         "\ntolerance = 0.05\nstatistic = \"" + statistic + "\"\nseries = \"" + series + "\"\nyear = \"" + year +
         "\"\n\n";
}

std::string config(const std::filesystem::path& targets) {
  return "schema = 1\nname = \"recovery\"\nscenario = \"" + kFixtures +
         "recovery_run.toml\"\n"
         "replicates = 2\n[abc]\nparticles = 40\ngenerations = 6\nseed = 3\n"
         "[[targets]]\nfile = \"" +
         targets.string() +
         "\"\n"
         "[[parameter]]\nkey = \"referral.severity_rate_per_year\"\nlower = 0.05\nupper = 0.4\nprior = \"log_uniform\"\n"
         "[[parameter]]\nkey = \"edge.care_rate_per_week\"\nlower = 0.005\nupper = 0.08\nprior = \"log_uniform\"\n";
}

/// Weighted quantile of parameter k.
double quantile(const Generation& g, std::size_t k, double q) {
  std::vector<std::pair<double, double>> v;
  for (const auto& p : g.particles) v.emplace_back(p.theta[k], p.weight);
  std::sort(v.begin(), v.end());
  double c = 0;
  for (const auto& [x, w] : v) {
    c += w;
    if (c >= q) return x;
  }
  return v.back().first;
}

}  // namespace

TEST_CASE("ABC-SMC recovers known referral and care rates from targets the model made", "[stat][calibration]") {
  TempDir dir;
  // The care rate's truth sits where care entries still respond to it: with the legal route,
  // at high rates nearly every family on the edge is acted on soon after it gets there, and
  // entries are limited by how many reach the edge (above about 0.03 a week the targets
  // barely move). Since adolescents come into care on their own account too (a fifth of the
  // entries, whatever the family route's rate), 0.012 was too high as well (95% posterior
  // [0.0068, 0.029], wider than half the prior even with 7 generations); at 0.008, near the
  // baseline's fitted 0.0095, seeds 3 and 4 recover it. Since the care-ages refit (referrals
  // hang more on severity, more adolescents come in on their own account) one replicate per
  // candidate left the care rate's 95% posterior [0.0052, 0.023], just wider than half the
  // prior; two replicates a candidate (seeds 3 and 4) pin it again.
  const std::vector<double> truth{0.14, 0.008};
  // 1. Targets at the truth: the mean of 8 replicates (their noise is small against the 5%
  //    tolerance), written as a target file as rates per 10,000 (children = 10,000). A first
  //    target file of the same shape gives the Problem that computes them.
  std::string targets = "schema = 1\nchildren = 10000\n";
  // With the legal route care entries come by several routes and respond less than in
  // proportion to edge.care_rate_per_week; the pre-proceedings and proceedings it starts
  // identify it as well.
  const char* series[] = {"referrals",          "care_entries",           "cp_starts",
                          "stock_looked_after", "pre_proceedings_starts", "proceedings_issued"};
  const char* years[] = {"2012-13", "2013-14"};
  std::string spec = "schema = 1\nchildren = 10000\n";
  for (const char* s : series) {
    for (const char* y : years) spec += target(std::string(s) + "_" + y, 1.0, s, y);
  }
  write(dir.path / "shape.toml", spec);
  write(dir.path / "config1.toml", config(dir.path / "shape.toml"));
  const Problem shape(load_config(dir.path / "config1.toml"));
  const TargetValues observed = shape.simulate(truth, 99, 8);
  std::size_t i = 0;
  for (const char* s : series) {
    for (const char* y : years) targets += target(std::string(s) + "_" + y, mean_of(observed[i++]), s, y);
  }
  write(dir.path / "targets.toml", targets);
  write(dir.path / "config.toml", config(dir.path / "targets.toml"));

  // 2. Calibrate from the priors.
  const Problem problem(load_config(dir.path / "config.toml"));
  const AbcResult r = run_abc_smc(
      problem.config().priors, problem.config().abc,
      [&](const std::vector<double>& theta, std::uint64_t seed) { return problem.outcome(theta, seed); }, {}, {}, {});
  REQUIRE_FALSE(r.generations.empty());
  const Generation& g = r.generations.back();
  for (std::size_t k = 0; k < truth.size(); ++k) {
    const double lo = quantile(g, k, 0.025), hi = quantile(g, k, 0.975);
    INFO(problem.config().priors[k].name << ": truth " << truth[k] << ", posterior 95% [" << lo << ", " << hi << "], "
                                         << r.generations.size() << " generations");
    CHECK(lo <= truth[k]);
    CHECK(truth[k] <= hi);
    // The posterior concentrates: its central 95% spans less than half the prior's range on
    // the log scale (the priors span factors of 8 and 16).
    const auto& prior = problem.config().priors[k];
    CHECK(std::log(hi / lo) < 0.5 * std::log(prior.upper / prior.lower));
  }
}

TEST_CASE("the distance's noise floor: each fitted mean one standard error off", "[calibration]") {
  // tiny.toml: one replicate per candidate, three fitted targets (tolerance 10%) and a forecast.
  const Problem problem(load_config(kFixtures + "tiny.toml"));
  REQUIRE(problem.config().replicates == 1);
  std::vector<FitRow> rows;
  const double sd_share[] = {0.05, 0.10, 0.20, 9.0};  // of the observed value; the forecast's must not count
  for (std::size_t i = 0; i < problem.targets().size(); ++i) {
    FitRow r;
    r.target = &problem.targets()[i];
    r.observed = r.target->observed();
    r.mean = r.observed;
    r.sd = sd_share[i] * r.observed;
    rows.push_back(r);
  }
  REQUIRE(problem.targets()[3].role == Role::forecast);
  // z of one standard error: 0.5, 1 and 2 tolerances; RMS sqrt((0.25 + 1 + 4) / 3).
  CHECK(distance_noise_floor(problem, rows) == Approx(std::sqrt(5.25 / 3.0)).epsilon(1e-12));
  Generation g;
  g.epsilon = 0.5;
  CHECK_THAT(noise_floor_note(problem, rows, &g), Catch::Contains("is below it"));
  g.epsilon = 2.0;
  CHECK_THAT(noise_floor_note(problem, rows, &g), Catch::Contains("is above it"));
  rows[0].sd = std::numeric_limits<double>::quiet_NaN();  // one replicate in the report
  CHECK(std::isnan(distance_noise_floor(problem, rows)));
  CHECK(noise_floor_note(problem, rows, nullptr).empty());
}
