// Paired comparison of runs written to disk: spend adds up, pairing is checked, the numbers
// and the break-even week follow from the series.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "analysis/compare.hpp"
#include "analysis/run_reader.hpp"
#include "models/scenario/parameters.hpp"
#include "models/world/runner.hpp"
#include "sim/core/errors.hpp"
#include "sim/io/hdf5.hpp"
#include "sim/io/scenario.hpp"
#include "tests/temp_path.hpp"

using namespace csc;
namespace fs = std::filesystem;

namespace {

/// The runs the tests share, in a directory removed at exit.
fs::path temp_dir() {
  static const csc::test::TempPath dir("cscsim_compare", "");
  fs::create_directories(dir.path);
  return dir.path;
}

/// Runs the small fixture with an overlay; returns the file.
fs::path run(const std::string& name, const std::string& overlay) {
  const std::string text = "base = \"small.toml\"\nname = \"" + name + "\"\n" + overlay;
  auto scenario = sim::Scenario::parse(text, name + ".toml", models::model_schema(), CSC_FIXTURES_DIR);
  const auto params = models::params_from_scenario(scenario);
  const fs::path out = temp_dir() / (name + ".h5");
  models::run_scenario(params, scenario.resolved_toml(), out, {});
  return out;
}

const fs::path& base_file() {
  static const fs::path f = run("base", "");
  return f;
}
const fs::path& specialists_file() {
  static const fs::path f = run("specialists", "[interventions.adult_specialists]\nenabled = true\n");
  return f;
}

}  // namespace

TEST_CASE("spend components add up to spend_total every week", "[analysis][compare]") {
  const auto run_file = analysis::RunFile::open(specialists_file());
  const auto total = run_file.series("spend_total");
  std::vector<analysis::Series> parts;
  for (const char* c : {"spend_placements", "spend_social_workers", "spend_agency_workers", "spend_adult_specialists",
                        "spend_administrators", "spend_family_practitioners", "spend_volunteers",
                        "spend_family_group_conference", "spend_caseload_cap"}) {
    parts.push_back(run_file.series(c));
  }
  for (int r = 0; r < total.replicates; ++r) {
    for (int w = 0; w < total.weeks; ++w) {
      float sum = 0.0f;  // the components are summed in this order, as stored
      for (const auto& p : parts) sum += p.at(r, w, 0);
      REQUIRE(sum == total.at(r, w, 0));
      REQUIRE(total.at(r, w, 0) > 0.0f);
    }
  }
}

TEST_CASE("an intervention with zero capacity costs nothing", "[analysis][compare]") {
  const auto f = run("zero", "[interventions.adult_specialists]\nenabled = true\nworkers_per_team = 0\n");
  const auto s = analysis::RunFile::open(f).series("spend_adult_specialists");
  for (float v : s.values) REQUIRE(v == 0.0f);
  const auto with = analysis::RunFile::open(specialists_file()).series("spend_adult_specialists");
  REQUIRE(with.values.front() > 0.0f);
}

TEST_CASE("the comparison follows from the series", "[analysis][compare]") {
  const auto base = analysis::RunFile::open(base_file());
  std::vector<analysis::RunFile> variants;
  variants.push_back(analysis::RunFile::open(specialists_file()));
  const auto c = analysis::compare_runs(base, variants, false);
  const auto entries_a = base.series("care_entries");
  const auto entries_b = variants[0].series("care_entries");
  // The horizon care-entry difference, by hand.
  std::vector<double> d;
  for (int r = 0; r < entries_a.replicates; ++r) {
    double a = 0, b = 0;
    for (int w = 0; w < entries_a.weeks; ++w) {
      a += entries_a.total(r, w);
      b += entries_b.total(r, w);
    }
    d.push_back(b - a);
  }
  const analysis::DiffRow* row = nullptr;
  for (const auto& r : c.rows) {
    if (r.metric == "care_entries" && r.period == "horizon") row = &r;
  }
  REQUIRE(row != nullptr);
  CHECK(row->difference.mean == Approx(analysis::mean(d)));
  CHECK(row->paired);
  // Break-even: the first week from which base spend minus variant spend, cumulated, stays > 0.
  const auto ta = base.series("spend_total");
  const auto tb = variants[0].series("spend_total");
  double cumulative = 0;
  int since = -1;
  for (int w = 0; w < ta.weeks; ++w) {
    double a = 0, b = 0;
    for (int r = 0; r < ta.replicates; ++r) {
      a += static_cast<double>(ta.total(r, w)) / ta.replicates;
      b += static_cast<double>(tb.total(r, w)) / tb.replicates;
    }
    cumulative += a - b;
    since = cumulative > 0 ? (since < 0 ? w : since) : -1;
  }
  CHECK(c.break_even.at(0).week == since);
  CHECK(c.break_even.at(0).cumulative_net_saving == Approx(cumulative));
  // The CSV holds the same numbers.
  const fs::path dir = temp_dir() / "tables";
  analysis::write_comparison(base, variants, c, dir);
  std::ifstream in(dir / "differences.csv");
  std::string line;
  bool found = false;
  while (std::getline(in, line)) {
    if (line.rfind("specialists,care_entries,horizon,", 0) != 0) continue;
    std::vector<std::string> cells;
    std::stringstream ss(line);
    for (std::string cell; std::getline(ss, cell, ',');) cells.push_back(cell);
    // 12 columns to `note`, then the 5 of posterior draws (empty here); the trailing empty
    // cell yields no token.
    REQUIRE(cells.size() == 16);
    CHECK(std::stod(cells[6]) == row->difference.mean);
    CHECK(std::stod(cells[7]) == row->difference.low);
    found = true;
  }
  CHECK(found);
}

TEST_CASE("runs that cannot be paired are refused with the reason", "[analysis][compare][bad_input]") {
  const auto base = analysis::RunFile::open(base_file());
  const auto other_seed = analysis::RunFile::open(run("seed2", "[run]\nseed = 7\n"));
  try {
    analysis::check_comparable(base, other_seed, false);
    FAIL("expected an InputError");
  } catch (const sim::InputError& e) {
    CHECK_THAT(e.what(), Catch::Contains("seeds differ") && Catch::Contains("--unpaired"));
  }
  CHECK_NOTHROW(analysis::check_comparable(base, other_seed, true));
  const auto shorter = analysis::RunFile::open(run("short", "[run]\nyears = 1\n"));
  CHECK_THROWS_AS(analysis::check_comparable(base, shorter, true), sim::InputError);
  // An incomplete run (complete = 0) is refused.
  const fs::path copy = temp_dir() / "incomplete.h5";
  fs::copy_file(base_file(), copy, fs::copy_options::overwrite_existing);
  {
    auto file = sim::h5::Handle(H5Fopen(copy.c_str(), H5F_ACC_RDWR, H5P_DEFAULT));
    auto meta = sim::h5::open_group(file.id(), "meta");
    sim::h5::write_attr(meta.id(), "complete", std::int64_t{0});
  }
  const auto incomplete = analysis::RunFile::open(copy);
  CHECK_THROWS_AS(analysis::check_comparable(base, incomplete, false), sim::InputError);
  // A file without the spend series (missing dataset) is an InputError too.
  CHECK_THROWS_AS(analysis::RunFile::open(copy).series("no_such_metric"), sim::InputError);
}
