// The ledger on its own (models/ledger/): a hand-made population of two LAs, no world. Every
// change of state moves the stocks, the week's flows and the cohort's event rows together;
// children's home places fill the child's own LA first, then the LA with most free places.
#include <catch2/catch.hpp>

#include <vector>

#include "models/ledger/ledger.hpp"

using namespace csc::models;

namespace {

/// Two families, one per LA; family 0 has children 0-2 and family 1 children 3-4, all born
/// before the run and not known to services.
Population two_families() {
  Population pop;
  auto& fam = pop.families;
  fam.la = {0, 1};
  fam.first_child = {0, 3, 5};
  fam.cp_plans_made = {0, 0};
  fam.cases.assign(2, CaseRow{});
  auto& ch = pop.children;
  for (const std::uint32_t f : {0, 0, 0, 1, 1}) {
    ch.rows.push_back(ChildCore{.family = f,
                                .birth = -1000,
                                .care_since = kNever,
                                .state = ChildState::not_known,
                                .placement = Placement::none,
                                .legal_status = LegalStatus::none,
                                .unused = 0});
  }
  const std::size_t n = ch.size();
  ch.state_since.assign(n, 0);
  ch.first_referral.assign(n, kNever);
  ch.referrals.assign(n, 0);
  ch.cp_plans.assign(n, 0);
  ch.cp_plans_known.assign(n, 0);
  ch.returned_home.assign(n, 0);
  ch.own_account.assign(n, 0);
  ch.cp_plan_left.assign(n, 0);
  ch.recorded.assign(n, 0);
  ch.ever.assign(n, 0);
  ch.days_in_state.assign(n, {});
  pop.la_first_family = {0, 1, 2};
  return pop;
}

std::vector<LaParams> las(std::int64_t homes0, std::int64_t homes1) {
  std::vector<LaParams> v(2);
  v[0].childrens_home_places = homes0;
  v[1].childrens_home_places = homes1;
  return v;
}

}  // namespace

TEST_CASE("a change of state moves stocks, flows and event rows together", "[ledger]") {
  Population pop = two_families();
  ReplicateResult out;
  Ledger ledger(pop, las(-1, -1), true, out);
  for (std::uint32_t c = 0; c < 5; ++c) ledger.born(c, -10);
  CHECK(ledger.stock(0, ChildState::not_known) == 3);
  CHECK(ledger.alive[1] == 2);

  ledger.set_state(0, ChildState::assessment, Reason::referral, 5);
  ledger.set_state(1, ChildState::assessment, Reason::re_referral, 5);
  CHECK(ledger.stock(0, ChildState::assessment) == 2);
  CHECK(ledger.flow(0, Metric::referrals) == 2.0f);
  CHECK(ledger.flow(0, Metric::re_referrals) == 1.0f);
  CHECK(ledger.case_children(0) == 2);
  CHECK(ledger.at_home_in_case(0));
  REQUIRE(out.events.size() == 2);
  CHECK(out.events[1].reason == static_cast<std::uint8_t>(Reason::re_referral));
  CHECK(pop.children.first_referral[0] == 5);

  // Before the horizon (day < 0) a change moves stocks and flows but writes no row.
  ledger.set_state(3, ChildState::assessment, Reason::referral, -3);
  CHECK(out.events.size() == 2);
  CHECK(ledger.flow(1, Metric::referrals) == 1.0f);

  ledger.set_placement(0, Placement::la_foster, 12, false);
  ledger.set_state(0, ChildState::looked_after, Reason::care_entry, 12);
  CHECK(ledger.placed(0, Placement::la_foster) == 1);
  CHECK(ledger.flow(0, Metric::care_entries) == 1.0f);
  CHECK(pop.children.days_in_state[0][day_slot(ChildState::assessment)] == 7);
  CHECK(ledger.case_children(0) == 2);  // a looked-after child is in the case
  CHECK_FALSE(ledger.at_home_in_case(0));
  // The family's counts by state, which a case's weight on its worker reads.
  ledger.set_state(1, ChildState::cp, Reason::cp_plan, 12);
  CHECK(pop.families.cases[0].children_cp == 1);
  CHECK(pop.families.cases[0].children_looked_after == 1);
  ledger.set_state(1, ChildState::closed, Reason::cp_closed, 13);
  CHECK(pop.families.cases[0].children_cp == 0);
  CHECK(ledger.case_children(0) == 1);

  ledger.clear_week();
  CHECK(ledger.flow(0, Metric::referrals) == 0.0f);
  CHECK(ledger.stock(0, ChildState::looked_after) == 1);  // stocks stay
}

TEST_CASE("children's home places fill the own LA, then the one with most free places", "[ledger]") {
  Population pop = two_families();
  ReplicateResult out;
  Ledger ledger(pop, las(1, 1), false, out);
  for (std::uint32_t c = 0; c < 5; ++c) ledger.born(c, 0);
  ledger.set_placement(0, Placement::childrens_home, 1, false);  // LA 0's one place
  CHECK(ledger.home_host[0] == 0);
  CHECK(ledger.out_of_area[0] == 0);
  ledger.set_placement(1, Placement::childrens_home, 1, false);  // LA 1's place
  CHECK(ledger.home_host[1] == 1);
  CHECK(ledger.out_of_area[0] == 1);
  ledger.set_placement(2, Placement::childrens_home, 1, false);  // no place anywhere: private home
  CHECK(ledger.home_host[2] == kNoHost);
  CHECK(ledger.out_of_area[0] == 2);
  ledger.set_placement(0, Placement::none, 2, false);  // frees LA 0's place
  CHECK(ledger.home_places_used[0] == 0);
  ledger.set_placement(3, Placement::childrens_home, 3, false);  // LA 1's child takes LA 0's place
  CHECK(ledger.home_host[3] == 0);
  CHECK(ledger.out_of_area[1] == 1);
  CHECK(out.events.empty());  // record_events off
}
