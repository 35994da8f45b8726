// Review conferences end CP plans (Working Together 2013: the first within 3 months, then at
// most every 6). cp.first_review_end_factor makes the first review end plans less readily
// (fitted to evidence.md s1's lengths of plans ended: 0.25 in scenarios/calibrated/
// plan_ending.toml, which the fixtures take through the baseline): at 0 no review ends a plan
// at 3 months, at 0.5 fewer than at 1 (the parameter's own default, which skips the factor
// altogether). Each run states the factor, so the test does not hang on the calibrated value.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <utility>

#include "models/scenario/parameters.hpp"
#include "models/world/world.hpp"
#include "sim/io/scenario.hpp"

using namespace csc::models;
namespace sim = csc::sim;

namespace {

ReplicateResult run_with(const std::string& cp_lines) {
  const std::string text = "base = \"small.toml\"\n[cp]\n" + cp_lines;
  const Params p = params_from_scenario(sim::Scenario::parse(text, "overlay.toml", model_schema(), CSC_FIXTURES_DIR));
  World world(p, p.run.seed, 0);
  return world.run([] {});
}

/// Plans that a review ended (stepped down or closed), by whether the review came within 3
/// months of the family's plan (the first review) or later. Families' plans, not children's:
/// a child back from care rejoins its family's plan part way through.
std::pair<int, int> review_ends(const ReplicateResult& r) {
  std::map<std::uint32_t, sim::Day> plan_made;  // family -> day of its latest plan
  int first = 0, later = 0;
  for (const EventRow& e : r.events) {
    const auto reason = static_cast<Reason>(e.reason);
    if (reason == Reason::cp_plan) plan_made[e.family] = e.day;
    if (reason != Reason::cp_step_down && reason != Reason::cp_closed) continue;
    const auto it = plan_made.find(e.family);
    if (it == plan_made.end()) continue;
    (e.day - it->second <= 3 * sim::kDaysPerMonth ? first : later) += 1;
  }
  return {first, later};
}

}  // namespace

TEST_CASE("the first review's factor holds plans past the first review", "[model][cp]") {
  const ReplicateResult plain = run_with("first_review_end_factor = 1\n");
  const auto [plain_first, plain_later] = review_ends(plain);
  INFO("plans ended by the first review " << plain_first << ", by a later one " << plain_later);
  REQUIRE(plain_first > 0);
  REQUIRE(plain_later > 0);

  const auto [held_first, held_later] = review_ends(run_with("first_review_end_factor = 0\n"));
  CHECK(held_first == 0);
  CHECK(held_later > plain_later);

  // In between, the first review ends some plans, fewer than at 1.
  const auto [half_first, half_later] = review_ends(run_with("first_review_end_factor = 0.5\n"));
  CHECK(half_first > 0);
  CHECK(half_first < plain_first);
  CHECK(half_later > plain_later);
}
