// Adoption after a placement order (docs/design.md, "The care decision and the law"): the child
// waits in its placement for a match with adopters (care.adoption_match_weeks, ADP-1), is then
// placed for adoption, and leaves care at the adoption order (care.adoption_order_weeks). The
// two waits are exponential, drawn on their own stream (until 6 December 2026 the wait reused
// the uniform that had just decided the adoption plan, so every wait was years long): the mean
// match wait is checked against its parameter within 3 standard errors (a mean of n
// exponential waits has standard error mean / sqrt(n)).
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <string>

#include "models/scenario/parameters.hpp"
#include "models/world/world.hpp"
#include "sim/io/scenario.hpp"

using namespace csc::models;
namespace sim = csc::sim;

TEST_CASE("a placement order waits for a match, then placement for adoption, then the order", "[model][legal]") {
  // More placement orders than the fixture's defaults make, so the mean wait is measured.
  const std::string text =
      "base = \"small.toml\"\n[[la]]\nname = \"Big\"\nchildren = 80000\nteams = 8\n[run]\nyears = 6\n[care]\nadoption_plan_rate_per_week = 0.5\n"
      "adoption_match_weeks = 20\nadoption_order_weeks = 30\n[legal]\norder_weight.placement_order = 60\n";
  const Params p = params_from_scenario(sim::Scenario::parse(text, "overlay.toml", model_schema(), CSC_FIXTURES_DIR));
  World world(p, p.run.seed, 0);
  const ReplicateResult r = world.run([] {});
  std::map<std::uint32_t, sim::Day> ordered, placed;  // child -> day of its placement order, its placement
  int adoptions = 0;
  for (const EventRow& e : r.events) {
    const auto reason = static_cast<Reason>(e.reason);
    if (reason == Reason::placement_order) {
      REQUIRE(static_cast<Placement>(e.placement) != Placement::placed_for_adoption);  // it waits where it is
      ordered[e.child] = e.day;
    }
    if (reason == Reason::placement_change && static_cast<Placement>(e.placement) == Placement::placed_for_adoption) {
      if (!ordered.contains(e.child)) continue;  // its order fell in the burn-in
      REQUIRE(e.day > ordered[e.child]);
      placed[e.child] = e.day;
    }
    if (reason == Reason::adopted && ordered.contains(e.child)) {
      REQUIRE(placed.contains(e.child));
      REQUIRE(e.day > placed[e.child]);
      ++adoptions;
    }
  }
  // Orders made at least 100 weeks (5 mean waits) before the run ends: all but e^-5 of their
  // matches are seen, so the mean wait is not cut short by the end of the run.
  const sim::Day last_order = r.weeks * sim::kDaysPerWeek - 700;
  double wait_days = 0;
  int orders = 0;
  for (const auto& [child, day] : ordered) {
    if (day > last_order) continue;
    ++orders;
    wait_days += placed.contains(child) ? placed[child] - day : 700;
  }
  REQUIRE(orders >= 30);
  REQUIRE(adoptions > 0);
  // E[min(wait, 100 weeks)] = 20 (1 - e^-5) weeks; whole days add under a day.
  const double mean_weeks = wait_days / orders / 7.0, se = 20.0 / std::sqrt(orders);
  CAPTURE(orders, mean_weeks);
  CHECK(std::abs(mean_weeks - 20.0 * (1.0 - std::exp(-5.0))) < 3.0 * se);
}
