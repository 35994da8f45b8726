// Parameter uncertainty in a comparison (analysis/psa.hpp, compare with posterior draws): the
// variance split and the rank correlation against values computed with scipy, and on real runs:
// the total interval is wider than the noise-only one with a posterior of real spread, and
// equals it for a posterior of one point.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "analysis/compare.hpp"
#include "analysis/posterior_draws.hpp"
#include "analysis/psa.hpp"
#include "models/scenario/parameters.hpp"
#include "models/world/runner.hpp"
#include "sim/core/errors.hpp"
#include "sim/io/scenario.hpp"
#include "tests/analysis/posterior_fixture.hpp"
#include "tests/temp_path.hpp"

using namespace csc;
namespace fs = std::filesystem;

namespace {

fs::path dir() {
  static const test::TempPath d("cscsim_psa", "");
  fs::create_directories(d.path);
  return d.path;
}

/// Runs the small fixture (1 recorded year) with an overlay, its parameters drawn from
/// `posterior` (4 draws x 3 replicates); returns the file.
fs::path run(const std::string& name, const std::string& overlay, const fs::path& posterior) {
  const std::string text = "base = \"small.toml\"\nname = \"" + name + "\"\n[run]\nyears = 1\n" + overlay;
  auto scenario = sim::Scenario::parse(text, name + ".toml", models::model_schema(), CSC_FIXTURES_DIR);
  scenario.set("run.replicates", std::int64_t{12});
  const auto drawn =
      analysis::draw_parameters(scenario, analysis::read_posterior(posterior, models::model_schema()), 4, 3);
  models::RunOptions options;
  options.replicate_params = [&](std::uint32_t r) -> const models::Params& { return drawn.of_replicate(r); };
  options.posterior = drawn.record;
  const fs::path out = dir() / (name + ".h5");
  models::run_scenario(models::params_from_scenario(scenario), scenario.resolved_toml(), out, options);
  return out;
}

/// Base and adult specialists, both drawn from `posterior`, compared.
analysis::Comparison compare_with(const fs::path& posterior, const std::string& tag) {
  const auto base = analysis::RunFile::open(run("base_" + tag, "", posterior));
  std::vector<analysis::RunFile> variants;
  variants.push_back(
      analysis::RunFile::open(run("as_" + tag, "[interventions.adult_specialists]\nenabled = true\n", posterior)));
  CHECK(*base.posterior == *variants[0].posterior);  // the same draw for replicate i of each
  return analysis::compare_runs(base, variants, false);
}

const analysis::DiffRow& row(const analysis::Comparison& c, const std::string& metric) {
  for (const auto& r : c.rows) {
    if (r.metric == metric && r.period == "horizon") return r;
  }
  throw std::logic_error("no row " + metric);
}

}  // namespace

TEST_CASE("the variance split of a nested design matches scipy", "[analysis][psa]") {
  // Draws {1, 3}, {5, 7}, {9, 11}: MSB = 32, MSW = 2, s2_p = 15, V = 20 + 1/3, Satterthwaite
  // df 1.8142; the intervals from scipy.stats.t.ppf(0.975, df).
  const auto u = analysis::decompose({1, 3, 5, 7, 9, 11}, 3, 2, false);
  CHECK(u.noise.mean == 6.0);
  CHECK(u.noise.low == Approx(4.162613768962601).epsilon(1e-12));
  CHECK(u.noise.df == 3.0);
  CHECK(u.total.df == Approx(1.8142369575816673).epsilon(1e-12));
  // Boost.Math and scipy agree on the t quantile at fractional df to about 1e-10.
  CHECK(u.total.low == Approx(-15.435515844964502).epsilon(1e-9));
  CHECK(u.total.high == Approx(27.435515844964502).epsilon(1e-9));
  CHECK(u.param_sd == Approx(std::sqrt(15.0)));
  CHECK(u.noise_sd == Approx(std::sqrt(2.0)));
  CHECK(u.param_share == Approx(0.9836065573770493).epsilon(1e-12));
  // Draws that differ less than their replicates: no parameter part, total = noise-only.
  const auto flat = analysis::decompose({1, 5, 2, 4, 5, 1}, 3, 2, false);
  CHECK(flat.param_sd == 0.0);
  CHECK(flat.total.low == flat.noise.low);
  CHECK(flat.total.high == flat.noise.high);
  // One point: the paired t interval over every replicate (scipy: 0.445739743239121).
  const auto one = analysis::decompose({1, 2, 3, 4}, 2, 2, true);
  CHECK(one.noise.low == Approx(0.445739743239121).epsilon(1e-12));
  CHECK(one.total.low == one.noise.low);
  CHECK(one.param_share == 0.0);
}

TEST_CASE("Spearman's rank correlation matches scipy", "[analysis][psa]") {
  const auto ties = analysis::spearman({1, 2, 2, 4, 5}, {3, 1, 4, 1, 5});  // ties in both
  REQUIRE(ties.defined);
  CHECK(ties.rho == Approx(0.2894736842105264).epsilon(1e-12));
  CHECK(ties.p_value == Approx(0.6366447547494903).epsilon(1e-9));
  const auto c = analysis::spearman({0.1, 0.5, 0.3, 0.9, 0.7, 0.2}, {10, 30, 25, 80, 60, 5});
  CHECK(c.rho == Approx(0.942857142857143).epsilon(1e-12));
  CHECK(c.p_value == Approx(0.004804664723032055).epsilon(1e-9));
  CHECK_FALSE(analysis::spearman({1, 1, 1}, {1, 2, 3}).defined);
  CHECK_FALSE(analysis::spearman({1, 2}, {1, 2}).defined);
}

TEST_CASE("posterior draws widen the interval and one point leaves it as it was", "[analysis][psa]") {
  // The specialists' effect from none to strong: the difference depends on the draw.
  const fs::path spread = dir() / "spread.h5";
  test::write_posterior_file(spread, {"interventions.adult_specialists.effect_per_week", "edge.care_rate_per_week"},
                             {{0.0, 0.016}, {0.03, 0.012}, {0.1, 0.018}, {0.3, 0.014}});
  const auto c = compare_with(spread, "spread");
  REQUIRE(c.posterior.has_value());
  CHECK_FALSE(c.posterior->one_point);
  for (const char* metric : {"care_entries", "days_in_care", "net_cost"}) {
    const auto& r = row(c, metric);
    INFO(metric);
    REQUIRE(r.psa.drawn);
    CHECK(r.psa.total.low < r.psa.noise.low);
    CHECK(r.psa.total.high > r.psa.noise.high);
    CHECK(r.psa.param_share > 0.5);
  }
  CHECK(c.drivers.size() == 6 * 2);  // six headline differences x two parameters
  const fs::path point = dir() / "point.h5";
  test::write_posterior_file(point, {"interventions.adult_specialists.effect_per_week", "edge.care_rate_per_week"},
                             {{0.04, 0.0143}});
  const auto one = compare_with(point, "point");
  REQUIRE(one.posterior->one_point);
  for (const auto& r : one.rows) {
    if (!r.has_interval) continue;
    INFO(r.metric << " " << r.period);
    CHECK(r.psa.total.low == r.psa.noise.low);
    CHECK(r.psa.total.high == r.psa.noise.high);
    CHECK(r.psa.param_share == 0.0);
    CHECK(r.difference.low == r.psa.noise.low);
  }
  for (const auto& d : one.drivers) CHECK_FALSE(d.rank.defined);
}

TEST_CASE("runs drawn from other posteriors or only one of them drawn are not paired", "[analysis][psa][bad_input]") {
  const fs::path a = dir() / "pair_a.h5";
  const fs::path b = dir() / "pair_b.h5";
  test::write_posterior_file(a, {"edge.care_rate_per_week"}, {{0.012}, {0.016}});
  test::write_posterior_file(b, {"edge.care_rate_per_week"}, {{0.012}, {0.017}});
  const auto base = analysis::RunFile::open(run("pair_base", "", a));
  const auto other = analysis::RunFile::open(run("pair_other", "", b));
  CHECK_THROWS_WITH(analysis::check_comparable(base, other, false), Catch::Contains("posterior files differ"));
  auto scenario = sim::Scenario::parse("base = \"small.toml\"\nname = \"fixed\"\n[run]\nyears = 1\nreplicates = 12\n",
                                       "fixed.toml", models::model_schema(), CSC_FIXTURES_DIR);
  models::run_scenario(models::params_from_scenario(scenario), scenario.resolved_toml(), dir() / "fixed.h5", {});
  const auto fixed = analysis::RunFile::open(dir() / "fixed.h5");
  CHECK_THROWS_WITH(analysis::check_comparable(base, fixed, false), Catch::Contains("in the base run only"));
  CHECK_NOTHROW(analysis::check_comparable(base, fixed, true));  // unpaired: independent samples
}
