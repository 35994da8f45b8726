// Moves between LAs (cp.move_rate_per_year) act only on what a council holds on record: a
// child's earlier CP plans in another council do not make a new plan a second one (the DfE's
// count). The model's LAs are closed populations, so a move must leave every path, every
// other figure and the cohort untouched, and can only lower the count of second-or-later plans.
#include <catch2/catch.hpp>

#include <string>

#include "models/scenario/parameters.hpp"
#include "models/world/world.hpp"
#include "sim/io/scenario.hpp"
#include "tests/models/compare_rows.hpp"
#include "tests/models/series_total.hpp"

using namespace csc::models;
using csc::test::key;
using csc::test::series_total;
namespace sim = csc::sim;

namespace {

ReplicateResult run_with_move_rate(const std::string& rate, std::uint32_t replicate) {
  const std::string text =
      "base = \"small.toml\"\n[run]\nyears = 3\nburn_in_years = 4\n[cp]\nmove_rate_per_year = " + rate + "\n";
  const Params p = params_from_scenario(sim::Scenario::parse(text, "overlay.toml", model_schema(), CSC_FIXTURES_DIR));
  World world(p, p.run.seed, replicate);
  return world.run([] {});
}

}  // namespace

TEST_CASE("moves between LAs change only the count of second-or-later CP plans", "[model][records]") {
  for (std::uint32_t rep = 0; rep < 3; ++rep) {
    const ReplicateResult stay = run_with_move_rate("0", rep);
    const ReplicateResult move = run_with_move_rate("2", rep);
    INFO("replicate " << rep);
    REQUIRE(stay.series.size() == move.series.size());
    for (std::size_t i = 0; i < kMetricCount; ++i) {
      const auto m = static_cast<Metric>(i);
      if (m == Metric::cp_second_or_later) continue;
      for (int w = 0; w < stay.weeks; ++w) {
        INFO("metric " << kMetrics[i].name << " week " << w);
        REQUIRE(stay.at(m, w, 0) == move.at(m, w, 0));
      }
    }
    REQUIRE(stay.state_count == move.state_count);
    REQUIRE(stay.events.size() == move.events.size());
    for (std::size_t i = 0; i < stay.events.size(); ++i) REQUIRE(key(stay.events[i]) == key(move.events[i]));
    REQUIRE(stay.children.size() == move.children.size());  // cp_plans: every plan, whatever the record
    for (std::size_t i = 0; i < stay.children.size(); ++i) REQUIRE(key(stay.children[i]) == key(move.children[i]));
    CHECK(series_total(stay, Metric::cp_starts) > 0);
    CHECK(series_total(stay, Metric::cp_second_or_later) > series_total(move, Metric::cp_second_or_later));
  }
}

TEST_CASE("a higher move rate never counts more second-or-later CP plans", "[model][records]") {
  // Each new plan makes one draw u (keyed by family and day, the same at every rate): the
  // family moved when u < 1 - exp(-rate x years). A higher rate moves a superset of families,
  // so fewer earlier plans are on record, in every replicate, not only on average.
  for (std::uint32_t rep = 0; rep < 3; ++rep) {
    double previous = -1;
    for (const char* rate : {"10", "0.5", "0.05", "0"}) {
      const double second = series_total(run_with_move_rate(rate, rep), Metric::cp_second_or_later);
      INFO("replicate " << rep << " rate " << rate << " second-or-later " << second);
      CHECK(second >= previous);
      previous = second;
    }
    CHECK(previous > 0);
  }
}
