// The plausibility guard (analysis/plausibility.hpp): every stock of the documented table, per
// LA and 31 March, equals the replicate mean of the stock per 10,000 children, and only values
// outside the councils' range are flagged, in plausibility.csv and compare's table.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "analysis/compare.hpp"
#include "analysis/plausibility.hpp"
#include "analysis/run_reader.hpp"
#include "models/scenario/parameters.hpp"
#include "models/world/runner.hpp"
#include "sim/io/scenario.hpp"
#include "tests/temp_path.hpp"

using namespace csc;
namespace fs = std::filesystem;

TEST_CASE("the plausibility guard reads each 31 March's stocks per 10,000", "[analysis][plausibility]") {
  const csc::test::TempPath dir("cscsim_plausibility", "");
  fs::create_directories(dir.path);
  auto scenario = sim::Scenario::parse("base = \"small.toml\"\nname = \"small\"\n", "small.toml",
                                       models::model_schema(), CSC_FIXTURES_DIR);
  models::run_scenario(models::params_from_scenario(scenario), scenario.resolved_toml(), dir.path / "run.h5", {});
  const auto run = analysis::RunFile::open(dir.path / "run.h5");
  const auto periods = analysis::financial_periods(run.start_date, static_cast<int>(run.weeks));
  const auto ends = analysis::year_ends(periods);
  REQUIRE(ends.size() == 2);  // FY2013-14 and (its part in the horizon) FY2014-15
  const auto rows = analysis::plausibility(run, ends);
  REQUIRE(rows.size() == analysis::observed_ranges().size() * ends.size() * static_cast<std::size_t>(run.las));
  const auto children = run.series("children");
  for (const auto& row : rows) {
    const auto stock = run.series(row.measure);
    const int week = row.year == ends[0].first ? ends[0].second : ends[1].second;
    double sum = 0;
    for (int r = 0; r < stock.replicates; ++r) sum += 10000.0 * stock.at(r, week, 0) / children.at(r, week, 0);
    CHECK(row.per_10k == Approx(sum / stock.replicates).epsilon(1e-12));
    CHECK(row.scenario == "small");
  }
}

TEST_CASE("only values outside the councils' range are flagged", "[analysis][plausibility]") {
  analysis::Comparison c;
  c.plausibility = {{"what if, funded", "North", "FY2015-16", "stock_looked_after", 12.0, 20, 230},
                    {"what if, funded", "North", "FY2015-16", "stock_cp", 40.0, 20, 160}};
  CHECK(c.plausibility[0].outside());
  CHECK_FALSE(c.plausibility[1].outside());
  const std::string csv = analysis::plausibility_csv(c.plausibility);
  CHECK(csv.find("\"what if, funded\",North,FY2015-16,stock_looked_after,12.00,20,230,1\n") != std::string::npos);
  CHECK(csv.find("stock_cp,40.00,20,160,0\n") != std::string::npos);
  const std::string table = analysis::format_comparison(c);
  CHECK(table.find("stock_looked_after 12 per 10,000 is outside anything observed (20-230)") != std::string::npos);
  CHECK(table.find("stock_cp 40") == std::string::npos);
}
