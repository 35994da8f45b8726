// Posterior draws (analysis/posterior_draws.hpp): a posterior file is read and checked, its
// particles are drawn by weight from the seed alone, a bad file is refused naming the file and
// the key, and a run records its draws in /meta/posterior, the same at any thread count.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "analysis/digest.hpp"
#include "analysis/posterior_draws.hpp"
#include "analysis/run_reader.hpp"
#include "models/scenario/parameters.hpp"
#include "models/world/runner.hpp"
#include "sim/core/errors.hpp"
#include "tests/analysis/posterior_fixture.hpp"
#include "tests/temp_path.hpp"

using namespace csc;
namespace fs = std::filesystem;

namespace {

const char* const kCare = "edge.care_rate_per_week";
const char* const kReferral = "referral.base_rate_per_year";

fs::path dir() {
  static const test::TempPath d("cscsim_posterior", "");
  fs::create_directories(d.path);
  return d.path;
}

/// Reads `file`; returns the InputError's message ("" when it reads).
std::string read_error(const fs::path& file) {
  try {
    analysis::read_posterior(file, models::model_schema());
  } catch (const sim::InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a posterior file is read with its weights normalised", "[analysis][posterior]") {
  const fs::path f = dir() / "good.h5";
  test::write_posterior_file(f, {kCare, kReferral}, {{0.01, 0.005}, {0.02, 0.006}, {0.03, 0.007}}, {1, 2, 1});
  const auto p = analysis::read_posterior(f, models::model_schema());
  REQUIRE(p.particles() == 3);
  CHECK(p.parameters == std::vector<std::string>{kCare, kReferral});
  CHECK(p.value(1, 1) == 0.006);
  CHECK(p.weight == std::vector<double>{0.25, 0.5, 0.25});
  CHECK(p.file_digest.rfind("fnv1a64:", 0) == 0);
}

TEST_CASE("draws follow the weights and depend on the seed alone", "[analysis][posterior]") {
  const fs::path f = dir() / "weights.h5";
  const std::vector<double> w{0.1, 0.0, 0.6, 0.3};
  test::write_posterior_file(f, {kCare}, {{0.01}, {0.02}, {0.03}, {0.04}}, w);
  const auto p = analysis::read_posterior(f, models::model_schema());
  const int n = 4000;
  const auto draws = analysis::draw_particles(p, 11, n);
  CHECK(draws == analysis::draw_particles(p, 11, n));  // the same seed, the same draws
  CHECK(draws != analysis::draw_particles(p, 12, n));
  // The first draws do not depend on how many are drawn.
  CHECK(std::vector<std::size_t>(draws.begin(), draws.begin() + 10) == analysis::draw_particles(p, 11, 10));
  std::vector<int> count(w.size(), 0);
  for (auto i : draws) ++count.at(i);
  CHECK(count[1] == 0);  // a particle of weight zero is never drawn
  for (std::size_t i = 0; i < w.size(); ++i) {
    const double se = std::sqrt(w[i] * (1 - w[i]) / n);  // binomial standard error
    CHECK(std::abs(count[i] / static_cast<double>(n) - w[i]) <= 4 * se + 1e-12);
  }
}

TEST_CASE("a bad posterior file is refused naming the file and the key", "[analysis][posterior][bad_input]") {
  const fs::path unknown = dir() / "unknown.h5";
  test::write_posterior_file(unknown, {"edge.care_rate_per_weak"}, {{0.01}});
  CHECK_THAT(read_error(unknown), Catch::Contains(unknown.string()) &&
                                      Catch::Contains("key 'edge.care_rate_per_weak'") &&
                                      Catch::Contains("not a parameter the model declares"));
  const fs::path range = dir() / "range.h5";
  test::write_posterior_file(range, {kReferral, kCare}, {{0.005, 0.01}, {0.006, 1.5}});
  CHECK_THAT(read_error(range), Catch::Contains(range.string()) && Catch::Contains("key 'edge.care_rate_per_week'") &&
                                    Catch::Contains("1.5 is outside the parameter's range [0, 1]"));
  const fs::path run_key = dir() / "run_key.h5";
  test::write_posterior_file(run_key, {"run.years"}, {{2}});
  CHECK_THAT(read_error(run_key), Catch::Contains("key 'run.years'") && Catch::Contains("cannot be drawn"));
  const fs::path shape = dir() / "shape.h5";
  test::write_posterior_file(shape, {kCare, kReferral}, {{0.01}, {0.02}});
  CHECK_THAT(read_error(shape), Catch::Contains(shape.string()) && Catch::Contains("/posterior/theta: shape (2, 1)"));
  const fs::path incomplete = dir() / "incomplete.h5";
  test::write_posterior_file(incomplete, {kCare}, {{0.01}}, {}, false);
  CHECK_THAT(read_error(incomplete), Catch::Contains("did not finish"));
  const fs::path zero = dir() / "zero.h5";
  test::write_posterior_file(zero, {kCare}, {{0.01}, {0.02}}, {0, 0});
  CHECK_THAT(read_error(zero), Catch::Contains("every weight is zero"));
  const fs::path text = dir() / "text.h5";
  std::ofstream(text) << "not an HDF5 file\n";
  CHECK_THAT(read_error(text), Catch::Contains(text.string()) && Catch::Contains("not an HDF5 file"));
  CHECK_THAT(read_error(dir() / "missing.h5"), Catch::Contains("missing.h5: not found"));
}

TEST_CASE("a scenario that sets a drawn key itself is refused", "[analysis][posterior][bad_input]") {
  const fs::path f = dir() / "care.h5";
  test::write_posterior_file(f, {kCare}, {{0.01}, {0.02}});
  const auto p = analysis::read_posterior(f, models::model_schema());
  const fs::path scenario_file = dir() / "sets_care.toml";
  std::ofstream(scenario_file) << "base = \"" << CSC_FIXTURES_DIR << "/small.toml\"\nname = \"sets\"\n[edge]\n"
                               << "care_rate_per_week = 0.02\n";
  const auto sets = models::load_scenario(scenario_file.string());
  CHECK_THROWS_WITH(analysis::draw_parameters(sets, p, 2, 2),
                    Catch::Contains(scenario_file.string() + ":4:1: key 'edge.care_rate_per_week'") &&
                        Catch::Contains("drawn from the posterior"));
  // Set by a base file (the calibrated values): the draw replaces it.
  const auto small = models::load_scenario(std::string(CSC_FIXTURES_DIR) + "/small.toml");
  const auto drawn = analysis::draw_parameters(small, p, 3, 2);
  REQUIRE(drawn.by_draw.size() == 3);
  CHECK(drawn.record.draw == std::vector<std::int64_t>{0, 0, 1, 1, 2, 2});
  for (std::uint32_t r = 0; r < 6; ++r) {
    CHECK(drawn.of_replicate(r).edge.care_rate_per_week == drawn.record.theta[r]);
    CHECK(drawn.record.theta[r] == p.value(static_cast<std::size_t>(drawn.record.particle[r]), 0));
  }
}

TEST_CASE("a run records its draws, the same at any thread count", "[analysis][posterior][parallel]") {
  const fs::path f = dir() / "threads.h5";
  test::write_posterior_file(f, {kCare, kReferral}, {{0.01, 0.005}, {0.015, 0.006}, {0.02, 0.007}}, {0.2, 0.5, 0.3});
  const auto p = analysis::read_posterior(f, models::model_schema());
  auto scenario = models::load_scenario(std::string(CSC_FIXTURES_DIR) + "/small.toml");
  scenario.set("run.years", std::int64_t{1});
  scenario.set("run.replicates", std::int64_t{8});
  const auto drawn = analysis::draw_parameters(scenario, p, 4, 2);
  std::vector<std::string> digests;
  std::vector<models::PosteriorRecord> records;
  for (int threads : {1, 2}) {
    const fs::path out = dir() / ("threads_" + std::to_string(threads) + ".h5");
    models::RunOptions options;
    options.threads = threads;
    options.replicate_params = [&](std::uint32_t r) -> const models::Params& { return drawn.of_replicate(r); };
    options.posterior = drawn.record;
    models::run_scenario(models::params_from_scenario(scenario), scenario.resolved_toml(), out, options);
    const auto run = analysis::RunFile::open(out);
    REQUIRE(run.posterior.has_value());
    records.push_back(*run.posterior);
    digests.push_back(analysis::format_digest(analysis::digest_file(run.handle())));
  }
  CHECK(records[0] == records[1]);
  CHECK(records[0] == drawn.record);
  CHECK(records[0].file == f.string());
  CHECK(digests[0] == digests[1]);
}
