// Review conferences end CP plans (Working Together 2013: the first within 3 months, then at
// most every 6). cp.first_review_end_factor makes the first review end plans less readily
// (fitted to evidence.md s1's lengths of plans ended: 0.25 in scenarios/calibrated/
// plan_ending.toml, which the fixtures take through the baseline): at 0 no review ends a plan
// at 3 months, at 0.5 fewer than at 1 (the parameter's own default, which skips the factor
// altogether). A review brought forward (cp.early_review_rate_per_week) ends plans between the
// scheduled reviews, never before the first; a long plan's factor (cp.long_plan_continue_factor)
// at 0 ends every plan at its first review from 18 months. Each run states what it tests, so
// the tests do not hang on the calibrated values.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <utility>
#include <vector>

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

/// The lengths (days from the family's latest plan) of plans that a review ended (stepped
/// down or closed). Families' plans, not children's: a child back from care rejoins its
/// family's plan part way through, and a baby born into a family on a plan joins it with a
/// cp_plan row of its own (from an assessment, not from a section 47 enquiry as a new plan).
std::vector<sim::Day> review_end_lengths(const ReplicateResult& r) {
  std::map<std::uint32_t, sim::Day> plan_made;  // family -> day of its latest plan
  std::vector<sim::Day> lengths;
  for (const EventRow& e : r.events) {
    const auto reason = static_cast<Reason>(e.reason);
    if (reason == Reason::cp_plan && static_cast<ChildState>(e.from_state) == ChildState::s47)
      plan_made[e.family] = e.day;
    if (reason != Reason::cp_step_down && reason != Reason::cp_closed) continue;
    const auto it = plan_made.find(e.family);
    if (it != plan_made.end()) lengths.push_back(e.day - it->second);
  }
  return lengths;
}

/// Whether a plan of this length ended at a scheduled review (3 months, then every 6).
bool at_scheduled_review(sim::Day length) {
  const auto first = static_cast<sim::Day>(3 * sim::kDaysPerMonth);
  const auto interval = static_cast<sim::Day>(6 * sim::kDaysPerMonth);
  return length >= first && (length - first) % interval == 0;
}

/// Plans that a review ended, by whether the review came within 3 months of the family's plan
/// (the first review) or later.
std::pair<int, int> review_ends(const ReplicateResult& r) {
  int first = 0, later = 0;
  for (const sim::Day length : review_end_lengths(r)) (length <= 3 * sim::kDaysPerMonth ? first : later) += 1;
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

TEST_CASE("a review brought forward ends plans between the scheduled reviews, after the first", "[model][cp]") {
  const std::string fixed = "first_review_end_factor = 1\nlong_plan_continue_factor = 1\n";
  const auto scheduled = review_end_lengths(run_with(fixed + "early_review_rate_per_week = 0\n"));
  REQUIRE(!scheduled.empty());
  for (const sim::Day length : scheduled) CHECK(at_scheduled_review(length));

  const auto early = review_end_lengths(run_with(fixed + "early_review_rate_per_week = 0.05\n"));
  int between = 0;
  for (const sim::Day length : early) {
    if (at_scheduled_review(length)) continue;
    ++between;
    CHECK(length > static_cast<sim::Day>(3 * sim::kDaysPerMonth));  // never before the first review
  }
  INFO(between << " of " << early.size() << " plans ended between the scheduled reviews");
  CHECK(between > 0);
}

TEST_CASE("a long plan's factor ends long plans at their next review", "[model][cp]") {
  // The small fixture's horizon is short: a plan is long here from 6 months, so that the first
  // review of a long plan is the one at 9 months (3 + 6).
  const std::string fixed = "first_review_end_factor = 1\nearly_review_rate_per_week = 0\nlong_plan_months = 6\n";
  const auto review_9 = static_cast<sim::Day>(3 * sim::kDaysPerMonth) + static_cast<sim::Day>(6 * sim::kDaysPerMonth);
  const auto count_longer = [&](const std::vector<sim::Day>& lengths) {
    int n = 0;
    for (const sim::Day length : lengths) n += length > review_9;
    return n;
  };
  const int plain = count_longer(review_end_lengths(run_with(fixed + "long_plan_continue_factor = 1\n")));
  INFO(plain << " plans ended by a review after 9 months with no long-plan factor");
  REQUIRE(plain > 0);
  CHECK(count_longer(review_end_lengths(run_with(fixed + "long_plan_continue_factor = 0\n"))) == 0);
}
