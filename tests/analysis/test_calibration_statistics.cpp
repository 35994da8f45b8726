// The statistics that turn runs into target values (analysis/calibration/statistics.hpp),
// on hand-made replicates whose answers are known.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>

#include "analysis/calibration/statistics.hpp"
#include "analysis/calibration/targets.hpp"
#include "models/interventions/adult_specialists.hpp"
#include "models/interventions/family_group_conference.hpp"
#include "models/interventions/volunteers.hpp"
#include "models/scenario/parameters.hpp"
#include "sim/core/errors.hpp"
#include "tests/temp_path.hpp"

using namespace csc::analysis::calibration;
using csc::models::ChildState;
using csc::models::Metric;
using csc::models::ReplicateResult;

namespace {

constexpr int kWeeks = 156;  // three years from 2012-04-01

Runs runs_with(std::initializer_list<std::pair<Metric, double>> constant, double growth_per_week = 0.0) {
  Runs r;
  r.params =
      csc::models::params_from_scenario(csc::models::load_scenario(std::string(CSC_FIXTURES_DIR) + "/small.toml"));
  r.params.run.start_date = csc::sim::Date{2012, 4, 1};
  r.params.run.years = 3;
  ReplicateResult rep;
  rep.weeks = kWeeks;
  rep.las = 2;
  rep.series.assign(csc::models::kMetricCount * kWeeks * 2, 0.0f);
  for (int w = 0; w < kWeeks; ++w) {
    for (int la = 0; la < 2; ++la) {
      rep.at(Metric::children, w, la) = 5000;
      for (const auto& [m, v] : constant) rep.at(m, w, la) = static_cast<float>(v * (1.0 + growth_per_week * w));
    }
  }
  r.replicates.push_back(rep);
  return r;
}

Target series_target(std::string statistic, Metric series, std::string year) {
  Target t;
  t.id = "t";
  t.statistic = std::move(statistic);
  t.series = {series};
  t.year = std::move(year);
  t.children = 10000;
  return t;
}

}  // namespace

TEST_CASE("series statistics: rates per 10,000, shares, weighted means and growth", "[calibration]") {
  Runs r = runs_with({{Metric::referrals, 5.0},
                      {Metric::re_referrals, 1.25},
                      {Metric::stock_looked_after, 30.0},
                      {Metric::caseload_mean, 17.0},
                      {Metric::social_workers, 20.0}});
  // 2 LAs x 5 referrals a week = 10 a week over 10,000 children: 10 x 365.25 / 7 a year.
  CHECK(series_statistic(series_target("flow_rate", Metric::referrals, "2012-13"), r)[0] == Approx(10 * 365.25 / 7));
  CHECK(series_statistic(series_target("flow_rate", Metric::referrals, "2013-14"), r)[0] == Approx(10 * 365.25 / 7));
  CHECK(series_statistic(series_target("stock_rate", Metric::stock_looked_after, "2013-14"), r)[0] == Approx(60));
  Target share = series_target("flow_share", Metric::re_referrals, "2012-13");
  share.of = {Metric::referrals};
  CHECK(series_statistic(share, r)[0] == Approx(0.25));
  Target caseload = series_target("mean", Metric::caseload_mean, "2012-13");
  caseload.of = {Metric::social_workers};
  CHECK(series_statistic(caseload, r)[0] == Approx(17));
  // Several series are summed.
  Target both = series_target("flow_rate", Metric::referrals, "2012-13");
  both.series = {Metric::referrals, Metric::re_referrals};
  CHECK(series_statistic(both, r)[0] == Approx(12.5 * 365.25 / 7));

  // A stock growing 0.1% a week grows by (1 + 0.001 x last) / (1 + 0.001 x previous last) - 1.
  Runs g = runs_with({{Metric::stock_looked_after, 30.0}}, 0.001);
  const double growth = series_statistic(series_target("growth", Metric::stock_looked_after, "2013-14"), g)[0];
  CHECK(growth > 0.045);
  CHECK(growth < 0.055);
}

TEST_CASE("a financial year outside the run is refused before anything runs", "[calibration]") {
  Runs r = runs_with({});
  Target t = series_target("flow_rate", Metric::referrals, "2015-16");
  t.file = "targets.toml";
  t.id = "late";
  CHECK_THROWS_WITH(check_target_fits_runs(t, r.params, nullptr),
                    Catch::Contains("target 'late': key 'year': financial year 2015-16 is not wholly inside the run"));
}

TEST_CASE("programme statistics compare variant with base over the window after the start", "[calibration]") {
  Runs base = runs_with({{Metric::spend_placements, 1000.0}, {Metric::care_entries, 2.0}});
  Runs variant = runs_with(
      {{Metric::spend_placements, 900.0}, {Metric::care_entries, 1.5}, {Metric::spend_family_group_conference, 10.0}});
  variant.params.interventions.get<csc::models::VolunteerParams>().enabled = true;
  variant.params.interventions.get<csc::models::VolunteerParams>().start_day = 7 * 52;  // a year in
  Target t;
  t.window_months = 12;  // 52 weeks
  t.series = {Metric::spend_placements};
  t.statistic = "saving";
  CHECK(programme_statistic(t, base, variant)[0] == Approx(52 * 2 * 100.0));
  t.statistic = "saving_per_cost";
  t.of = {Metric::spend_family_group_conference};
  CHECK(programme_statistic(t, base, variant)[0] == Approx(10.0));
  t.statistic = "ratio";
  t.series = {Metric::care_entries};
  CHECK(programme_statistic(t, base, variant)[0] == Approx(0.75));
  t.statistic = "variant_total";  // 1.5 a week in each of two LAs over 52 weeks
  CHECK(programme_statistic(t, base, variant)[0] == Approx(52 * 2 * 1.5));
}

TEST_CASE("stock_ratio reads the stocks on the window's last week, not their mean", "[calibration]") {
  Runs base = runs_with({{Metric::stock_cp, 100.0}});
  Runs variant = runs_with({{Metric::stock_cp, 100.0}}, -0.002);  // falls 0.2% of its start a week
  variant.params.interventions.get<csc::models::AdultSpecialistParams>().enabled = true;
  variant.params.interventions.get<csc::models::AdultSpecialistParams>().start_day = 7 * 52;
  Target t;
  t.window_months = 12;  // weeks 52 to 103
  t.series = {Metric::stock_cp};
  t.statistic = "stock_ratio";
  CHECK(programme_statistic(t, base, variant)[0] == Approx(1.0 - 0.002 * 103));
  t.statistic = "ratio";  // the mean over the window is higher
  CHECK(programme_statistic(t, base, variant)[0] == Approx(1.0 - 0.002 * (52 + 103) / 2.0));
}

namespace {

/// A replicate of families that each enter CIN on `entry` and have one child in care from
/// `entry + 10` for `days` days.
ReplicateResult cohort(const std::vector<std::tuple<std::uint32_t, int, int>>& families) {
  ReplicateResult r;
  r.weeks = kWeeks;
  r.las = 1;
  const auto cin = static_cast<std::uint8_t>(ChildState::cin);
  const auto lac = static_cast<std::uint8_t>(ChildState::looked_after);
  std::vector<csc::models::EventRow> ev;
  for (const auto& [f, entry, days] : families) {
    ev.push_back({0, f, f, 0, entry, 0, cin, 0, 0});
    if (days > 0) {
      ev.push_back({0, f, f, 0, entry + 10, cin, lac, 10, 2});
      ev.push_back({0, f, f, 0, entry + 10 + days, lac, cin, 11, 0});
    }
    csc::models::ChildRow row{};
    row.family = f;
    row.child = f;
    row.risk[0] = 1;  // domestic abuse: eligible as parental_factor and domestic_abuse
    r.children.push_back(row);
  }
  std::stable_sort(ev.begin(), ev.end(), [](const auto& a, const auto& b) { return a.day < b.day; });
  r.events = ev;
  return r;
}

constexpr int kStart = 364;  // the day the variant's intervention starts

/// Runs without (first) and with (second) an intervention that starts on kStart; the tests
/// give them their replicates.
std::pair<Runs, Runs> without_and_with() {
  Runs variant = runs_with({});
  variant.params.interventions.get<csc::models::AdultSpecialistParams>().enabled = true;
  variant.params.interventions.get<csc::models::AdultSpecialistParams>().start_day = kStart;
  return {runs_with({}), variant};
}

}  // namespace

TEST_CASE("before/after cohorts: days in care per family, after / before", "[calibration]") {
  Runs v = runs_with({});
  v.params.interventions.get<csc::models::AdultSpecialistParams>().enabled = true;
  v.params.interventions.get<csc::models::AdultSpecialistParams>().start_day = 2 * 364;
  const int s = 2 * 364;
  // Before: entries in [s - 728, s - 364): 40 and 20 days in care. After: [s, s + 364): 15 and 5.
  // A family entering between the two windows, and a spell past its 364-day follow-up, do not count.
  v.replicates = {cohort(
      {{1, s - 700, 40}, {2, s - 400, 20}, {3, s - 100, 99}, {4, s + 10, 15}, {5, s + 300, 5}, {6, s + 380, 77}})};
  Target t;
  t.statistic = "ratio";
  t.eligible = "parental_factor";
  t.outcome = "days_in_care";
  t.sample_before = t.sample_after = 100;  // more than the cohort: everyone
  t.window_months = 12;
  CHECK(before_after_statistic(t, v, 1)[0] == Approx((15.0 + 5.0) / 2 / ((40.0 + 20.0) / 2)));
  t.statistic = "difference";
  CHECK(before_after_statistic(t, v, 1)[0] == Approx(30.0 - 10.0));
  t.outcome = "care_entries";
  CHECK(before_after_statistic(t, v, 1)[0] == Approx(0.0));
  // Samples smaller than the cohorts draw families: the estimate is one of the possible ones.
  t.outcome = "days_in_care";
  t.sample_before = t.sample_after = 1;
  const double one = before_after_statistic(t, v, 1)[0];
  const bool possible = one == 40 - 15 || one == 40 - 5 || one == 20 - 15 || one == 20 - 5;
  CHECK(possible);
}

TEST_CASE("randomised design: eligible families drawn to the two arms, paired runs", "[calibration]") {
  auto [base, variant] = without_and_with();
  const int s = kStart;
  // Every eligible family: 20 days in care without the intervention, 10 with it, so any
  // draw gives the same answer. Family 9 enters before the window; family 8 has no risk
  // factor (not eligible for domestic_abuse): both carry large outcomes that must not count.
  base.replicates = {cohort({{1, s + 5, 20}, {2, s + 50, 20}, {3, s + 100, 20}, {4, s + 200, 20}, {9, s - 30, 900}})};
  variant.replicates = {
      cohort({{1, s + 5, 10}, {2, s + 50, 10}, {3, s + 100, 10}, {4, s + 200, 10}, {9, s - 30, 900}})};
  for (Runs* r : {&base, &variant}) {
    auto extra = cohort({{8, s + 20, 500}});
    extra.children[0].risk[0] = 0;
    r->replicates[0].children.push_back(extra.children[0]);
    for (const auto& e : extra.events) r->replicates[0].events.push_back(e);
    std::stable_sort(r->replicates[0].events.begin(), r->replicates[0].events.end(),
                     [](const auto& a, const auto& b) { return a.day < b.day; });
  }
  Target t;
  t.eligible = "domestic_abuse";
  t.outcome = "days_in_care";
  t.sample_before = 2;
  t.sample_after = 2;
  t.window_months = 12;
  t.statistic = "ratio";
  CHECK(randomised_statistic(t, base, variant, 4)[0] == Approx(0.5));
  t.statistic = "difference";
  CHECK(randomised_statistic(t, base, variant, 4)[0] == Approx(10.0));
  // With every family eligible, family 8 (500 days in both runs) may be drawn.
  t.eligible = "any";
  t.sample_before = t.sample_after = 5;
  CHECK(randomised_statistic(t, base, variant, 4)[0] != Approx(10.0));
}

TEST_CASE("randomised design with arms = all: every eligible family seen with and without", "[calibration]") {
  auto [base, variant] = without_and_with();
  const int s = kStart;
  // Family by family (days in care without / with): 20 / 10, 40 / 40, 0 / 0, 30 / 0.
  base.replicates = {cohort({{1, s + 5, 20}, {2, s + 50, 40}, {3, s + 100, 0}, {4, s + 200, 30}})};
  variant.replicates = {cohort({{1, s + 5, 10}, {2, s + 50, 40}, {3, s + 100, 0}, {4, s + 200, 0}})};
  Target t;
  t.eligible = "any";
  t.outcome = "days_in_care";
  t.sample_before = t.sample_after = 1;  // ignored: all families are in both arms
  t.window_months = 12;
  t.arms = "all";
  t.statistic = "difference";
  CHECK(randomised_statistic(t, base, variant, 4)[0] == Approx((10.0 + 0 + 0 + 30) / 4));
  t.statistic = "ratio";
  CHECK(randomised_statistic(t, base, variant, 4)[0] == Approx(50.0 / 90.0));
  // Drawn study arms of one family each see a single family in each world instead.
  t.arms = "study";
  t.statistic = "difference";
  const double one = randomised_statistic(t, base, variant, 4)[0];
  CHECK(one != Approx(10.0));
}

TEST_CASE("entry = cp_plan: the cohort joins at its first CP plan, not when its case opened", "[calibration]") {
  auto [base, variant] = without_and_with();
  const int s = kStart;
  // Family 5's case opened before the window; its CP plan starts inside it, on s + 20, and a
  // child is in care from s + 40 for 50 days (60 with the intervention). Families 6 and 7
  // open inside the window and never have a plan.
  const auto cin = static_cast<std::uint8_t>(ChildState::cin);
  const auto cp = static_cast<std::uint8_t>(ChildState::cp);
  const auto lac = static_cast<std::uint8_t>(ChildState::looked_after);
  base.replicates = {cohort({{6, s + 30, 100}, {7, s + 60, 200}})};
  variant.replicates = {cohort({{6, s + 30, 100}, {7, s + 60, 200}})};
  for (Runs* r : {&base, &variant}) {
    const int days = r == &base ? 50 : 60;
    auto& rep = r->replicates[0];
    rep.events.push_back({0, 5, 5, 0, s - 30, 0, cin, 0, 0});
    rep.events.push_back({0, 5, 5, 0, s + 20, cin, cp, 6, 0});
    rep.events.push_back({0, 5, 5, 0, s + 40, cp, lac, 10, 2});
    rep.events.push_back({0, 5, 5, 0, s + 40 + days, lac, cin, 11, 0});
    csc::models::ChildRow row{};
    row.family = row.child = 5;
    rep.children.push_back(row);
    std::stable_sort(rep.events.begin(), rep.events.end(), [](const auto& a, const auto& b) { return a.day < b.day; });
  }
  Target t;
  t.eligible = "any";
  t.outcome = "days_in_care";
  t.window_months = 12;
  t.arms = "all";
  t.statistic = "difference";
  t.entry = "cp_plan";
  CHECK(randomised_statistic(t, base, variant, 4)[0] == Approx(50.0 - 60.0));
  t.entry = "case_opened";  // families 6 and 7 (no difference); family 5 opened before the window
  CHECK(randomised_statistic(t, base, variant, 4)[0] == Approx(0.0));
}

TEST_CASE("arms = treated: the cases that held a conference against their own twins", "[calibration]") {
  auto [base, variant] = without_and_with();
  const int s = kStart;
  // Days in care (from 10 days after the case opens) without / with: family 1 40 / 10, family
  // 2 20 / 20, family 3 30 / 0, family 4 50 / 50. In the run with conferences, family 1 holds
  // one on s + 8 and family 2 on s + 60; family 3 held one before the window, family 4 none:
  // neither is a case, whatever its outcome.
  base.replicates = {cohort({{1, s + 5, 40}, {2, s + 50, 20}, {3, s - 40, 300}, {4, s + 5, 50}})};
  variant.replicates = {cohort({{1, s + 5, 10}, {2, s + 50, 20}, {3, s - 40, 0}, {4, s + 5, 50}})};
  const auto cin = static_cast<std::uint8_t>(ChildState::cin);
  const auto held = static_cast<std::uint8_t>(csc::models::Reason::fgc_conference);
  auto& ev = variant.replicates[0].events;
  for (const auto& [f, day] : {std::pair<std::uint32_t, int>{1, s + 8}, {2, s + 60}, {3, s - 30}}) {
    ev.push_back({0, f, f, 0, day, cin, cin, held, 0});
  }
  std::stable_sort(ev.begin(), ev.end(), [](const auto& a, const auto& b) { return a.day < b.day; });
  Target t;
  t.design = Design::randomised;
  t.eligible = "any";
  t.entry = "fgc_conference";
  t.arms = "treated";
  t.outcome = "days_in_care";
  t.sample_after = 20;  // more than the two cases: both are taken
  t.window_months = 12;
  t.statistic = "difference";
  // From each conference on: family 1 saves 30 days, family 2 none.
  CHECK(randomised_statistic(t, base, variant, 4)[0] == Approx((30.0 + 0.0) / 2));
  // Saved placement cost over one conference's cost (a coordinator-year over its conferences).
  t.outcome = "placement_cost";
  t.statistic = "saving_per_cost";
  const auto& fgc = variant.params.interventions.get<csc::models::FgcParams>();
  const double per_conference = fgc.unit_cost / (12.0 * fgc.conferences_per_coordinator_month);
  const double per_day = variant.params.costs.placement_per_week[2] / 7.0;
  CHECK(randomised_statistic(t, base, variant, 4)[0] == Approx(15.0 * per_day / per_conference));
}

TEST_CASE("outcome engaged: the family's engagement when its follow-up ends", "[calibration]") {
  auto [base, variant] = without_and_with();
  const int s = kStart;
  using csc::models::Reason;
  const auto r = [](Reason x) { return static_cast<std::uint8_t>(x); };
  const auto known = static_cast<std::uint8_t>(ChildState::not_known);
  const auto asmt = static_cast<std::uint8_t>(ChildState::assessment);
  const auto cin = static_cast<std::uint8_t>(ChildState::cin);
  const auto closed = static_cast<std::uint8_t>(ChildState::closed);
  // Family 1 engages when its case opens; family 2 does not, and engages with a specialist
  // (with the intervention only); family 3's case opened before recording (unknown: left
  // out); family 4 engages, closes and is re-referred without engaging; family 5 has one
  // parental factor, not all three.
  for (Runs* run : {&base, &variant}) {
    ReplicateResult rep;
    rep.weeks = kWeeks;
    rep.las = 1;
    std::vector<csc::models::EventRow> ev{
        {0, 1, 1, 0, s, known, asmt, r(Reason::referral), 0},
        {0, 1, 1, 0, s, asmt, asmt, r(Reason::engaged), 0},
        {0, 1, 1, 0, s + 30, asmt, cin, r(Reason::assessed_in_need), 0},
        {0, 2, 2, 0, s + 5, known, asmt, r(Reason::referral), 0},
        {0, 2, 2, 0, s + 35, asmt, cin, r(Reason::assessed_in_need), 0},
        {0, 3, 3, 0, s + 40, asmt, cin, r(Reason::assessed_in_need), 0},
        {0, 4, 4, 0, s + 10, known, asmt, r(Reason::referral), 0},
        {0, 4, 4, 0, s + 10, asmt, asmt, r(Reason::engaged), 0},
        {0, 4, 4, 0, s + 40, asmt, cin, r(Reason::assessed_in_need), 0},
        {0, 4, 4, 0, s + 100, cin, closed, r(Reason::cin_closed), 0},
        {0, 4, 4, 0, s + 200, closed, asmt, r(Reason::re_referral), 0},
        {0, 5, 5, 0, s + 1, known, asmt, r(Reason::referral), 0},
        {0, 5, 5, 0, s + 31, asmt, cin, r(Reason::assessed_in_need), 0},
    };
    if (run == &variant) ev.push_back({0, 2, 2, 0, s + 60, cin, cin, r(Reason::engaged), 0});
    std::stable_sort(ev.begin(), ev.end(), [](const auto& a, const auto& b) { return a.day < b.day; });
    rep.events = ev;
    for (std::uint32_t f = 1; f <= 5; ++f) {
      csc::models::ChildRow row{};
      row.family = row.child = f;
      for (int k = 0; k < 3; ++k) row.risk[k] = f == 5 && k > 0 ? 0 : 1;
      rep.children.push_back(row);
    }
    run->replicates = {rep};
  }
  Target t;
  t.eligible = "all_parental";
  t.outcome = "engaged";
  t.window_months = 12;
  t.arms = "all";
  t.sample_before = t.sample_after = 1;
  t.statistic = "difference";  // without - with: (1 + 0 + 0) / 3 - (1 + 1 + 0) / 3
  CHECK(randomised_statistic(t, base, variant, 4)[0] == Approx(-1.0 / 3.0));
  t.eligible = "any";  // family 5 (engaged in neither) joins
  CHECK(randomised_statistic(t, base, variant, 4)[0] == Approx(1.0 / 4.0 - 2.0 / 4.0));
}

TEST_CASE("days in care count spells that began before recording, and notes change no spell", "[calibration]") {
  auto [base, variant] = without_and_with();
  const int s = kStart;
  using csc::models::Reason;
  const auto lac = static_cast<std::uint8_t>(ChildState::looked_after);
  const auto cin = static_cast<std::uint8_t>(ChildState::cin);
  base.replicates = {cohort({{1, s + 5, 0}})};
  variant.replicates = {cohort({{1, s + 5, 0}})};
  // In the base run only: child 11 of family 1 was in care before recording began and goes
  // home on s + 50 (its first row), with a crisis of the family noted on it on s + 20;
  // child 12 has no row of its own (only a note of another crisis) and ends the run in care,
  // so it was in care throughout.
  auto& rep = base.replicates[0];
  rep.events.push_back({0, 11, 1, 0, s + 20, lac, lac, static_cast<std::uint8_t>(Reason::crisis), 2});
  rep.events.push_back({0, 11, 1, 0, s + 50, lac, cin, static_cast<std::uint8_t>(Reason::returned_home), 2});
  rep.events.push_back({0, 12, 1, 0, s + 60, lac, lac, static_cast<std::uint8_t>(Reason::crisis), 2});
  for (const std::uint32_t c : {11u, 12u}) {
    csc::models::ChildRow row{};
    row.family = 1;
    row.child = c;
    row.final_state = c == 12 ? lac : cin;
    row.final_placement = c == 12 ? 2 : 0;
    rep.children.push_back(row);
  }
  Target t;
  t.eligible = "any";
  t.outcome = "days_in_care";
  t.window_months = 12;  // 364 days from the entry on s + 5
  t.arms = "all";
  t.sample_before = t.sample_after = 1;
  t.statistic = "difference";
  CHECK(randomised_statistic(t, base, variant, 4)[0] == Approx(45.0 + 364.0));
  t.outcome = "crises";
  CHECK(randomised_statistic(t, base, variant, 4)[0] == Approx(2.0));
}

TEST_CASE("a study of cases needs cases that each cost one conference", "[calibration]") {
  // saving_per_cost in a randomised design divides by one conference's cost, so its cases must
  // be families that held one; `treated` arms belong to a randomised design.
  const csc::test::TempPath dir("cscsim_targets", "");
  std::filesystem::create_directories(dir.path);
  const std::string evaluations = std::string(CSC_SOURCE_DIR) + "/scenarios/evaluations/";
  auto load = [&](const std::string& entry, const std::string& design) {
    const auto file = dir.path / "t.toml";
    std::ofstream(file) << "[[target]]\nid = \"x\"\nsource = \"s\"\nvalue = 18.2\nrole = \"check\"\n"
                        << "design = \"" << design
                        << "\"\nstatistic = \"saving_per_cost\"\nseries = \"spend_placements\"\n"
                        << "of = \"spend_family_group_conference\"\n"
                        << "scenario = \"" << evaluations << "family_group_conference.toml\"\n"
                        << "base = \"" << evaluations << "baseline_4y.toml\"\neligible = \"any\"\n"
                        << "entry = \"" << entry << "\"\noutcome = \"placement_cost\"\narms = \"treated\"\n"
                        << "sample_after = 20\n";
    return load_targets(file);
  };
  CHECK(load("fgc_conference", "randomised").size() == 1);
  CHECK_THROWS_WITH(load("cp_plan", "randomised"), Catch::Contains("key 'entry'"));
  CHECK_THROWS_WITH(load("fgc_conference", "programme"), Catch::Contains("key 'arms'"));
}
