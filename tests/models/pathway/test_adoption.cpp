// Adoption after a placement order (docs/design.md, "The care decision and the law"): the child
// waits in its placement for a match with adopters (care.adoption_match_weeks, ADP-1), is then
// placed for adoption, and leaves care at the adoption order (care.adoption_order_weeks). The
// two waits are exponential, drawn on their own stream (until 6 December 2026 the wait reused
// the uniform that had just decided the adoption plan, so every wait was years long): the mean
// match wait is checked against its parameter within 3 standard errors (a mean of n
// exponential waits has standard error mean / sqrt(n)).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "models/scenario/parameters.hpp"
#include "models/world/world.hpp"
#include "sim/core/errors.hpp"
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

namespace {

/// Placement orders made in the horizon of the fixture's large LA with these [care] and
/// [legal] lines, by day.
std::vector<sim::Day> placement_order_days(const std::string& care, const std::string& legal) {
  const std::string text =
      "base = \"small.toml\"\n[[la]]\nname = \"Big\"\nchildren = 80000\nteams = 8\n[run]\nyears = 4\n"
      "[care]\nadoption_plan_rate_per_week = 0.2\n" +
      care + "\n[legal]\n" + legal + "\n";
  const Params p = params_from_scenario(sim::Scenario::parse(text, "overlay.toml", model_schema(), CSC_FIXTURES_DIR));
  World world(p, p.run.seed, 0);
  std::vector<sim::Day> days;
  for (const EventRow& e : world.run([] {}).events) {
    if (static_cast<Reason>(e.reason) == Reason::placement_order) days.push_back(e.day);
  }
  return days;
}

}  // namespace

TEST_CASE("the adoption policy scales both routes to a placement order from its dates", "[model][legal]") {
  // care.adoption_policy multiplies the weight of placement orders at a final hearing and the
  // hazard of a later adoption plan: a factor of 0 from the third year leaves no placement
  // order from that day, where the same run with the factor at 1 has them throughout.
  const sim::Day third_year = 731;  // 2015-04-01, two years after the fixture's start
  const auto with = placement_order_days("adoption_policy = '2015-04-01:0'", "order_weight.placement_order = 60");
  const auto without = placement_order_days("adoption_policy = '2015-04-01:1'", "order_weight.placement_order = 60");
  const auto from = [third_year](const std::vector<sim::Day>& days) {
    return std::count_if(days.begin(), days.end(), [third_year](sim::Day d) { return d >= third_year; });
  };
  CAPTURE(with.size(), without.size());
  REQUIRE(from(without) >= 30);
  CHECK(from(with) == 0);
  CHECK(with.size() - from(with) >= 30);  // before the step, orders as usual
}

TEST_CASE("no adoption plan is made after care.adoption_plan_window_weeks in care", "[model][legal]") {
  // With no placement orders at final hearings, the only route is the plan hazard, which runs
  // from 26 weeks in care to the window's end: a window of 26 weeks leaves none.
  const std::string no_hearing_orders = "order_weight.placement_order = 0";
  CHECK(placement_order_days("adoption_plan_window_weeks = 26", no_hearing_orders).empty());
  CHECK(placement_order_days("adoption_plan_window_weeks = 5000", no_hearing_orders).size() >= 30);
}

TEST_CASE("a malformed care.adoption_policy is refused naming the key", "[model][legal][bad_input]") {
  for (const char* bad : {"2013-04-01", "2013-04-01:half", "2013-04-01:-1", "2013-04-01:11",
                          "2014-04-01:0.5, 2013-04-01:1", "01/04/2013:0.5"}) {
    const std::string text = std::string("base = 'small.toml'\n[care]\nadoption_policy = '") + bad + "'\n";
    CAPTURE(bad);
    try {
      (void)params_from_scenario(sim::Scenario::parse(text, "bad.toml", model_schema(), CSC_FIXTURES_DIR));
      FAIL("expected an InputError");
    } catch (const sim::InputError& e) {
      CHECK_THAT(e.messages()[0], Catch::Matchers::StartsWith("bad.toml:3:1: key 'care.adoption_policy': "));
    }
  }
}
