// Who comes into care, and at what age, and how long they stay (docs/design.md, "The care
// decision and the law"; docs/evidence.md AGE, BC, RH and GAP-13): adolescents come into care
// on their own account as well as with their family (care.adolescent_*) and go home at a rate
// of their own (care.adolescent_return_rate_per_week), a young person of 16 or 17 may leave
// care before 18 (care.leave_at_16_rate_per_week), a baby born into a family the council is
// working with is part of the case from birth, and the later chance of going home falls with
// time in care (care.reunification_decay_weeks).
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <string>

#include "models/scenario/parameters.hpp"
#include "models/world/world.hpp"
#include "sim/io/scenario.hpp"
#include "tests/models/series_total.hpp"

using namespace csc::models;
using csc::test::series_total;
namespace sim = csc::sim;

namespace {

ReplicateResult run_overlay(const std::string& overlay, std::uint64_t seed = 11) {
  const std::string text =
      "base = \"small.toml\"\n[[la]]\nname = \"Big\"\nchildren = 80000\nteams = 8\n[run]\nyears = 4\n" + overlay;
  const Params p = params_from_scenario(sim::Scenario::parse(text, "overlay.toml", model_schema(), CSC_FIXTURES_DIR));
  World world(p, seed, 0);
  return world.run([] {});
}

std::map<std::uint32_t, sim::Day> births(const ReplicateResult& r) {
  std::map<std::uint32_t, sim::Day> born;
  for (const ChildRow& c : r.children) born[c.child] = c.birth_day;
  return born;
}

bool enters_care(const EventRow& e) {
  return static_cast<ChildState>(e.to_state) == ChildState::looked_after &&
         static_cast<ChildState>(e.from_state) != ChildState::looked_after;
}

}  // namespace

TEST_CASE("adolescents come into care on their own account from care.adolescent_min_age", "[model][legal]") {
  // No family reaches the edge of care (its threshold out of reach), so the only way in is
  // the adolescent route (and, later, the breakdown of a return home from it); a zero decision
  // slope keeps the route's risk factor at 1 so far below the threshold, and no proceedings for
  // an accommodated adolescent take its younger siblings in with it.
  const std::string no_edge =
      "[edge]\nthreshold = 50\nexit_threshold = 49\n[legal]\nact_severity_slope = 0\n"
      "section20_proceedings_rate_per_week = 0\n[care]\nadolescent_min_age = 14\n";
  const ReplicateResult r = run_overlay(no_edge + "adolescent_rate_per_week = 0.002\n");
  const auto born = births(r);
  int entries = 0;
  for (const EventRow& e : r.all_events()) {
    if (!enters_care(e) || static_cast<Reason>(e.reason) != Reason::care_entry) continue;
    ++entries;
    CAPTURE(e.child, e.day, born.at(e.child));
    REQUIRE((e.day - born.at(e.child)) / 365.25 >= 14.0);
  }
  REQUIRE(entries > 50);
  CHECK(series_total(r, Metric::care_entries_adolescent) == entries);
  CHECK(series_total(r, Metric::care_entries_section20) >= entries);

  // The rate is a rate: twice the hazard gives more entries, by more than the noise (Poisson
  // counts: the difference has standard error sqrt(n1 + n2)), and at most twice as many.
  const double n1 = series_total(r, Metric::care_entries_adolescent);
  const double n2 =
      series_total(run_overlay(no_edge + "adolescent_rate_per_week = 0.004\n"), Metric::care_entries_adolescent);
  CAPTURE(n1, n2);
  CHECK(n2 - n1 > 3.0 * std::sqrt(n1 + n2));
  CHECK(n2 < 2.0 * n1 + 3.0 * std::sqrt(n1 + n2));
  CHECK(series_total(run_overlay(no_edge + "adolescent_rate_per_week = 0\n"), Metric::care_entries_adolescent) == 0);
}

TEST_CASE("a young person in care on its own account goes home at its own rate", "[model][legal]") {
  // Only the adolescent route leads into care (as above), and no early exit: every return home
  // is a later return, at care.adolescent_return_rate_per_week and not at the family route's
  // care.return_home_rate_per_week.
  const std::string only_adolescents =
      "[edge]\nthreshold = 50\nexit_threshold = 49\n[legal]\nact_severity_slope = 0\n"
      "section20_proceedings_rate_per_week = 0\n[care]\nadolescent_min_age = 14\nadolescent_rate_per_week = 0.002\n"
      "early_exit_rate_per_week = 0\n";
  // Returns home from a stay that began by the adolescent route in the run (the stock placed at
  // the start, and children who come back after a return breaks down, go home at the family
  // route's rate).
  const auto returns_home = [](const ReplicateResult& r) {
    std::map<std::uint32_t, bool> own_account_stay;
    int n = 0;
    for (const EventRow& e : r.all_events()) {
      if (enters_care(e)) own_account_stay[e.child] = static_cast<Reason>(e.reason) == Reason::care_entry;
      if (static_cast<Reason>(e.reason) == Reason::returned_home && own_account_stay[e.child]) ++n;
    }
    return n;
  };
  const ReplicateResult own_rate_zero =
      run_overlay(only_adolescents + "adolescent_return_rate_per_week = 0\nreturn_home_rate_per_week = 0.5\n");
  REQUIRE(series_total(own_rate_zero, Metric::care_entries_adolescent) > 50);
  CHECK(returns_home(own_rate_zero) == 0);
  const ReplicateResult family_rate_zero =
      run_overlay(only_adolescents + "adolescent_return_rate_per_week = 0.05\nreturn_home_rate_per_week = 0\n");
  CHECK(returns_home(family_rate_zero) > 20);
}

TEST_CASE("young people leave care for independent living only at 16 or 17", "[model][legal]") {
  const ReplicateResult r = run_overlay("[care]\nleave_at_16_rate_per_week = 0.02\n");
  const auto born = births(r);
  int left = 0;
  for (const EventRow& e : r.all_events()) {
    if (static_cast<Reason>(e.reason) != Reason::independent_living) continue;
    ++left;
    REQUIRE(static_cast<ChildState>(e.from_state) == ChildState::looked_after);
    REQUIRE(static_cast<ChildState>(e.to_state) == ChildState::left);
    const double age = (e.day - born.at(e.child)) / 365.25;
    CAPTURE(e.child, age);
    REQUIRE(age >= 16.0);
    REQUIRE(age < 18.0);
  }
  REQUIRE(left > 20);
  CHECK(series_total(r, Metric::exits_independent_living) == left);
  CHECK(series_total(run_overlay("[care]\nleave_at_16_rate_per_week = 0\n"), Metric::exits_independent_living) == 0);
}

TEST_CASE("a baby born into a family with an open case is in it from birth", "[model][legal]") {
  const ReplicateResult r = run_overlay("");
  const auto born = births(r);
  std::map<std::uint32_t, sim::Day> family_known;  // family -> day of its first row
  int babies = 0, removed_at_birth = 0;
  for (const EventRow& e : r.all_events()) {
    const bool referral = static_cast<Reason>(e.reason) == Reason::referral;
    const sim::Day birth = born.at(e.child);
    if (referral && birth >= 0 && e.day - birth < sim::kDaysPerWeek && family_known.contains(e.family) &&
        family_known[e.family] < birth) {
      ++babies;
    }
    if (enters_care(e) && birth >= 0 && e.day - birth < sim::kDaysPerWeek) ++removed_at_birth;
    family_known.emplace(e.family, e.day);
  }
  CAPTURE(babies, removed_at_birth);
  CHECK(babies > 20);           // referred in their first week, into a family already known
  CHECK(removed_at_birth > 5);  // decided on at birth (Born into care)
}

TEST_CASE("the chance of going home falls with time in care", "[model][legal]") {
  // Returns home after a year in care, as a share of all returns home of children who came into
  // care in the horizon: a short reunification window leaves fewer late returns than a window
  // that never closes (two proportions: standard error from the binomial variances).
  const auto late_share = [](const std::string& decay) {
    const ReplicateResult r = run_overlay("[care]\nreunification_decay_weeks = " + decay + "\n");
    std::map<std::uint32_t, sim::Day> entered;
    double late = 0, all = 0;
    for (const EventRow& e : r.all_events()) {
      if (enters_care(e)) entered[e.child] = e.day;
      const auto reason = static_cast<Reason>(e.reason);
      if ((reason == Reason::returned_home) && entered.contains(e.child)) {
        all += 1;
        late += (e.day - entered[e.child]) > 365 ? 1 : 0;
      }
    }
    return std::pair{late / all, all};
  };
  const auto [p_short, n_short] = late_share("13");
  const auto [p_long, n_long] = late_share("5200");
  const double se = std::sqrt(p_short * (1 - p_short) / n_short + p_long * (1 - p_long) / n_long);
  CAPTURE(p_short, n_short, p_long, n_long);
  CHECK(p_long - p_short > 3.0 * se);
}
