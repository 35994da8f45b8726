// The comparison's ratios on hand-made spend (analysis/cost_ratios.hpp): savings per GBP 1
// divides the fall in placement spend by the rise in everything the council pays to deliver
// services, the interventions' own spend and the social workers they trigger; the cost per
// care entry avoided divides the net cost by the entries avoided; each is undefined, saying
// why, when its denominator is not positive.
#include <catch2/catch.hpp>

#include "analysis/cost_ratios.hpp"

using csc::analysis::cost_ratios;
using csc::analysis::SpendByKind;

TEST_CASE("savings per GBP 1 counts the staff an intervention triggers (caseload cap)", "[unit][ratios]") {
  // A cap met by hiring: GBP 0.1m of recruitment and GBP 1.0m more social workers save GBP
  // 0.5m of placements. Dividing by the recruitment alone gave -5 per GBP 1 (the placement
  // saving less the extra staff, over 0.1m); the economist's ratio is 0.5 / 1.1.
  const SpendByKind base{0.0, 10.0e6, 20.0e6};
  const SpendByKind cap{0.1e6, 11.0e6, 19.5e6};
  const auto r = cost_ratios(base, cap, 100.0, 96.0);
  CHECK(r.extra_inputs == Approx(1.1e6));
  CHECK(r.savings == Approx(0.5e6));
  CHECK(r.net_cost == Approx(0.6e6));
  REQUIRE(r.savings_per_pound.value);
  CHECK(*r.savings_per_pound.value == Approx(0.5 / 1.1));
  REQUIRE(r.cost_per_entry_avoided.value);
  CHECK(*r.cost_per_entry_avoided.value == Approx(0.6e6 / 4.0));
}

TEST_CASE("an intervention that pays for itself has savings above GBP 1 and a negative cost per entry",
          "[unit][ratios]") {
  const SpendByKind base{0.0, 10.0e6, 20.0e6};
  const SpendByKind specialists{1.0e6, 10.2e6, 17.0e6};  // posts 1.0m, funded social workers 0.2m
  const auto r = cost_ratios(base, specialists, 100.0, 80.0);
  CHECK(*r.savings_per_pound.value == Approx(3.0 / 1.2));
  CHECK(r.net_cost == Approx(-1.8e6));
  CHECK(*r.cost_per_entry_avoided.value == Approx(-1.8e6 / 20.0));
}

TEST_CASE("ratios without a positive denominator are undefined and say why", "[unit][ratios]") {
  const SpendByKind base{0.0, 10.0e6, 20.0e6};
  SECTION("no extra inputs") {
    const auto r = cost_ratios(base, SpendByKind{0.0, 9.5e6, 20.1e6}, 100.0, 100.0);
    CHECK_FALSE(r.savings_per_pound.value);
    CHECK(r.savings_per_pound.why_undefined.find("spends no more") != std::string::npos);
    CHECK_FALSE(r.cost_per_entry_avoided.value);
    CHECK(r.cost_per_entry_avoided.why_undefined == "no care entries avoided");
  }
  SECTION("more care entries than the base") {
    const auto r = cost_ratios(base, SpendByKind{0.5e6, 10.0e6, 20.0e6}, 100.0, 101.0);
    CHECK(*r.savings_per_pound.value == Approx(0.0));
    CHECK_FALSE(r.cost_per_entry_avoided.value);
  }
}
