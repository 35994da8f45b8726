// Flows against the cohort: every /series flow of a week and LA equals the count of the cohort
// rows that change a state in that week, and ended CP plans fall in the DfE's bands of plan
// length (the ledger derives both from the same change, models/ledger/ledger.cpp).
#include <array>
#include <catch2/catch.hpp>
#include <cstdint>
#include <set>
#include <vector>

#include "tests/models/ledger/conservation_runs.hpp"

using namespace csc::models;
using namespace csc::models::conservation;

namespace {

/// The cohort events of one week in one LA that change a state, counted as the flow series
/// count them.
struct WeekCounts {
  float referrals = 0, re_referrals = 0, assessments = 0, no_further_action = 0, cin_starts = 0, s47 = 0,
        cp_entries = 0, cp_from_care = 0, cp_ends = 0, care_entries = 0, care_exits = 0, returned_home = 0, adopted = 0,
        sgo = 0, aged_18 = 0, arrangements = 0, breakdowns = 0;
  std::array<std::int32_t, kStateCount> entries{}, exits{};
};

/// Adds the event to its week's counts: placement changes and family notes change no state.
void count_event(WeekCounts& k, const EventRow& e) {
  const auto reason = static_cast<Reason>(e.reason);
  const auto from = static_cast<ChildState>(e.from_state);
  const auto to = static_cast<ChildState>(e.to_state);
  if (keeps_state(e)) return;
  ++k.entries[e.to_state];
  ++k.exits[e.from_state];
  if (reason == Reason::referral || reason == Reason::re_referral) ++k.referrals;
  if (reason == Reason::re_referral) ++k.re_referrals;
  if (from == ChildState::assessment &&
      (reason == Reason::no_further_action || reason == Reason::assessed_in_need || reason == Reason::strategy_s47)) {
    ++k.assessments;
  }
  if (reason == Reason::no_further_action) ++k.no_further_action;
  if (reason == Reason::assessed_in_need) ++k.cin_starts;
  if (to == ChildState::s47) ++k.s47;
  if (to == ChildState::cp) ++k.cp_entries;
  if (to == ChildState::cp && from == ChildState::looked_after) ++k.cp_from_care;
  if (from == ChildState::cp) ++k.cp_ends;
  if (to == ChildState::looked_after) ++k.care_entries;
  if (reason == Reason::reunification_breakdown) ++k.breakdowns;
  if (from == ChildState::looked_after) {
    ++k.care_exits;
    if (reason == Reason::returned_home || reason == Reason::supervision_order) ++k.returned_home;
    if (reason == Reason::child_arrangements_order) ++k.arrangements;
    if (reason == Reason::adopted) ++k.adopted;
    if (reason == Reason::special_guardianship) ++k.sgo;
    if (reason == Reason::aged_18) ++k.aged_18;
  }
}

/// The counts of every week and LA, at week * las + la.
std::vector<WeekCounts> count_events(const ReplicateResult& res) {
  const auto weeks = static_cast<std::size_t>(res.weeks);
  const auto las = static_cast<std::size_t>(res.las);
  std::vector<WeekCounts> counts(weeks * las);
  for (const EventRow& e : res.events) count_event(counts[static_cast<std::size_t>(week_of(e.day)) * las + e.la], e);
  return counts;
}

/// The flow series of week `w` in LA `la` equal the counts of its events.
void check_flows(ReplicateResult& res, const WeekCounts& k, int w, int la) {
  auto flow = [&](Metric m) { return series(res, m, w, la); };
  REQUIRE(flow(Metric::referrals) == k.referrals);
  REQUIRE(flow(Metric::re_referrals) == k.re_referrals);
  REQUIRE(flow(Metric::assessments) == k.assessments);
  REQUIRE(flow(Metric::no_further_action) == k.no_further_action);
  REQUIRE(flow(Metric::cin_starts) == k.cin_starts);
  REQUIRE(flow(Metric::s47) == k.s47);
  // Entering CP is a new plan or, back from care, possibly the plan the child left.
  REQUIRE(flow(Metric::cp_starts) + flow(Metric::cp_resumed) == k.cp_entries);
  REQUIRE(flow(Metric::cp_resumed) <= k.cp_from_care);
  REQUIRE(flow(Metric::cp_ends) == k.cp_ends);
  REQUIRE(flow(Metric::care_entries) == k.care_entries);
  REQUIRE(flow(Metric::care_exits) == k.care_exits);
  REQUIRE(flow(Metric::exits_returned_home) == k.returned_home);
  REQUIRE(flow(Metric::exits_adopted) == k.adopted);
  REQUIRE(flow(Metric::exits_special_guardianship) == k.sgo);
  REQUIRE(flow(Metric::exits_aged_18) == k.aged_18);
  REQUIRE(flow(Metric::exits_child_arrangements_order) == k.arrangements);
  REQUIRE(flow(Metric::reunification_breakdowns) == k.breakdowns);
  REQUIRE(flow(Metric::care_re_entries) <= flow(Metric::care_entries));
  REQUIRE(flow(Metric::reunification_breakdowns) <= flow(Metric::care_re_entries));
  REQUIRE(flow(Metric::care_entries_section20) <= flow(Metric::care_entries));
  // Every looked-after child has one legal status.
  REQUIRE(flow(Metric::stock_section20) + flow(Metric::stock_care_order) + flow(Metric::stock_placement_order) ==
          flow(Metric::stock_looked_after));
  REQUIRE(flow(Metric::cp_second_or_later) <= flow(Metric::cp_starts));
}

/// Every state change of a known child is an event; the changes without a row are births
/// (into not known) and children never known to services turning 18 (not known -> left).
void check_state_changes(const ReplicateResult& res, const WeekCounts& k, int w, int la) {
  for (std::size_t s = 0; s < kStateCount; ++s) {
    CAPTURE(kStateLabels[s]);
    const auto entries = res.state_entries[cell(res, w, la, s)];
    const auto exits = res.state_exits[cell(res, w, la, s)];
    if (s == idx(ChildState::not_known)) {
      REQUIRE(exits >= k.exits[s]);
    } else if (s == idx(ChildState::left)) {
      REQUIRE(entries >= k.entries[s]);
      REQUIRE(exits == 0);
      REQUIRE(entries - k.entries[s] ==
              res.state_exits[cell(res, w, la, idx(ChildState::not_known))] - k.exits[idx(ChildState::not_known)]);
    } else {
      REQUIRE(entries == k.entries[s]);
      REQUIRE(exits == k.exits[s]);
    }
  }
}

}  // namespace

TEST_CASE("flows and state entries equal the counts of cohort events in the week", "[model][conservation]") {
  Run r = run("two_las.toml", 0);
  auto& res = r.result;
  const auto weeks = static_cast<std::size_t>(res.weeks);
  const auto las = static_cast<std::size_t>(res.las);
  const std::vector<WeekCounts> counts = count_events(res);

  float total_entries = 0, total_referrals = 0;
  for (std::size_t w = 0; w < weeks; ++w) {
    for (std::size_t la = 0; la < las; ++la) {
      const WeekCounts& k = counts[w * las + la];
      CAPTURE(w, la);
      check_flows(res, k, static_cast<int>(w), static_cast<int>(la));
      check_state_changes(res, k, static_cast<int>(w), static_cast<int>(la));
      total_entries += k.care_entries;
      total_referrals += k.referrals;
    }
  }
  CHECK(total_entries > 0);
  CHECK(total_referrals > 0);
}

TEST_CASE("plans ended are counted in the DfE's bands of plan length", "[model][conservation]") {
  // Each week the five bands add up to the plans ended, and a plan whose start is among the
  // events falls in the band of its length (evidence.md s1: 3 months or less, 3-6 months,
  // 6-12 months, 1-2 years, 2 years or more). Plans begun before recording have no start
  // row; they can end in a band only after recording has run for that band's length, so a
  // plan ending in week w in a band that ends before w - 1 weeks must have a known start.
  Run r = run("two_las.toml", 0);
  auto& res = r.result;
  constexpr Metric kBands[] = {Metric::cp_ends_3m, Metric::cp_ends_3_6m, Metric::cp_ends_6_12m, Metric::cp_ends_1_2y,
                               Metric::cp_ends_2y};
  constexpr double kUpToMonths[] = {3, 6, 12, 24};
  auto band_of = [](sim::Day days) -> std::size_t {
    const double months = days / sim::kDaysPerMonth;
    return months <= 3 ? 0 : months <= 6 ? 1 : days < 365 ? 2 : days < 730 ? 3 : 4;
  };
  const auto cells = static_cast<std::size_t>(res.weeks) * static_cast<std::size_t>(res.las);
  std::vector<std::array<float, 5>> known(cells, std::array<float, 5>{});
  std::map<std::uint32_t, sim::Day> started;  // child -> day its plan (or its rejoining) began
  for (const EventRow& e : res.events) {
    const auto from = static_cast<ChildState>(e.from_state);
    const auto to = static_cast<ChildState>(e.to_state);
    if (to == ChildState::cp && from != ChildState::cp) started[e.child] = e.day;
    if (from == ChildState::cp && to != ChildState::cp) {
      const auto it = started.find(e.child);
      if (it == started.end()) continue;
      const auto cell = static_cast<std::size_t>(week_of(e.day)) * static_cast<std::size_t>(res.las) + e.la;
      known[cell][band_of(e.day - it->second)] += 1.0f;
      started.erase(it);
    }
  }
  float checked = 0;
  for (int w = 0; w < res.weeks; ++w) {
    for (int la = 0; la < res.las; ++la) {
      CAPTURE(w, la);
      const auto cell = static_cast<std::size_t>(w) * static_cast<std::size_t>(res.las) + static_cast<std::size_t>(la);
      float sum = 0;
      for (std::size_t b = 0; b < 5; ++b) {
        const float counted = series(res, kBands[b], w, la);
        sum += counted;
        REQUIRE(counted >= known[cell][b]);
        if (b < 4 && (w - 1) * 7 > kUpToMonths[b] * sim::kDaysPerMonth) {
          REQUIRE(counted == known[cell][b]);
          checked += counted;
        }
      }
      REQUIRE(sum == series(res, Metric::cp_ends, w, la));
    }
  }
  CHECK(checked > 0);
}

TEST_CASE("first-ever contacts count each child once, and births the children born", "[model][conservation]") {
  // With no burn-in the cohort holds each child's whole history, so the first-ever series
  // (the numerators of the cumulative incidence before 18) must equal the children with such
  // an event, and births the children entering the population.
  Params p = fixture("two_las.toml");
  p.run.burn_in_years = 0;
  World world(p, p.run.seed, 0);
  ReplicateResult res = world.run([] {});
  std::set<std::uint32_t> referred, in_need, on_plan;
  for (const EventRow& e : res.events) {
    const auto reason = static_cast<Reason>(e.reason);
    const auto to = static_cast<ChildState>(e.to_state);
    if (reason == Reason::referral || reason == Reason::re_referral) referred.insert(e.child);
    if (keeps_state(e)) continue;
    if (to == ChildState::cin || to == ChildState::cp || to == ChildState::looked_after) in_need.insert(e.child);
    if (to == ChildState::cp) on_plan.insert(e.child);
  }
  auto total = [&](Metric m) {
    double s = 0;
    for (int w = 0; w < res.weeks; ++w) {
      for (int la = 0; la < res.las; ++la) s += res.at(m, w, la);
    }
    return s;
  };
  double born = 0;
  for (int w = 0; w < res.weeks; ++w) {
    for (int la = 0; la < res.las; ++la) born += res.state_entries[cell(res, w, la, idx(ChildState::not_known))];
  }
  REQUIRE(!on_plan.empty());
  CHECK(total(Metric::first_referrals) == static_cast<double>(referred.size()));
  CHECK(total(Metric::first_in_need) == static_cast<double>(in_need.size()));
  CHECK(total(Metric::first_cp_plans) == static_cast<double>(on_plan.size()));
  CHECK(total(Metric::births) == born);
  CHECK(born > 0);
}
