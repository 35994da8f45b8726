// Recording: each week of the horizon, the /series rows of every LA (stocks, flows,
// workforce, spend) and the state counts; at the end, each child's /cohort row.
#include <algorithm>

#include "models/costs/spend.hpp"
#include "models/world/world.hpp"
#include "sim/run/parallel.hpp"

namespace csc::models {

void World::record_week(int w) {
  staffing_.recount_caseloads();
  // Councils in parallel: each writes only its own cells of the series.
  sim::parallel_for(std::size_t{0}, p_.las.size(), [&](std::size_t l) { record_council(w, l); });
}

void World::record_council(int w, std::size_t l) {
  const auto& fam = pop_.families;
  const int la = static_cast<int>(l);
  auto stock = [&](ChildState s) { return static_cast<float>(ledger_.stock(l, s)); };
  auto placed = [&](Placement p) { return static_cast<float>(ledger_.placed(l, p)); };
  out_.at(Metric::stock_assessment, w, la) = stock(ChildState::assessment);
  out_.at(Metric::stock_section17, w, la) = stock(ChildState::cin);
  out_.at(Metric::stock_s47, w, la) = stock(ChildState::s47);
  out_.at(Metric::stock_cp, w, la) = stock(ChildState::cp);
  out_.at(Metric::stock_looked_after, w, la) = stock(ChildState::looked_after);
  out_.at(Metric::stock_cin, w, la) = stock(ChildState::assessment) + stock(ChildState::cin) + stock(ChildState::s47) +
                                      stock(ChildState::cp) + stock(ChildState::looked_after);
  out_.at(Metric::stock_kinship_foster, w, la) = placed(Placement::kinship_foster);
  out_.at(Metric::stock_la_foster, w, la) = placed(Placement::la_foster);
  out_.at(Metric::stock_agency_foster, w, la) = placed(Placement::agency_foster);
  out_.at(Metric::stock_childrens_home, w, la) = placed(Placement::childrens_home);
  out_.at(Metric::stock_placed_with_parents, w, la) = placed(Placement::placed_with_parents);
  out_.at(Metric::stock_placed_for_adoption, w, la) = placed(Placement::placed_for_adoption);
  out_.at(Metric::stock_out_of_area, w, la) = static_cast<float>(ledger_.out_of_area[l]);
  out_.at(Metric::children, w, la) = static_cast<float>(ledger_.alive[l]);
  float edge = 0.0f, waiting = 0.0f;
  float cin_families = 0.0f, cin_hours = 0.0f;
  for (const std::uint32_t f : open_.lists[l]) {  // one pass over the open cases
    if (fam.cases[f].status == CaseStatus::dormant) continue;
    if (fam.cases[f].worker == kNone) waiting += 1.0f;
    if (fam.cases[f].edge) {
      for (auto c = fam.first_child[f]; c < fam.first_child[f + 1]; ++c) {
        edge += ledger_.at_home_in_case(c) ? 1.0f : 0.0f;
      }
    }
    if (fam.cases[f].status == CaseStatus::cin) {
      cin_families += 1.0f;
      cin_hours += fam.cases[f].contact_hours;
    }
  }
  out_.at(Metric::stock_edge_of_care, w, la) = edge;
  out_.at(Metric::cin_contact_hours, w, la) = cin_families > 0 ? cin_hours / cin_families : 0.0f;
  out_.at(Metric::posts_created, w, la) = ledger_.flows[l * kMetricCount + midx(Metric::posts_created)];
  out_.at(Metric::care_entries_kinship, w, la) = ledger_.flows[l * kMetricCount + midx(Metric::care_entries_kinship)];
  out_.at(Metric::unallocated_cases, w, la) = waiting;
  for (std::size_t m = midx(Metric::referrals); m <= midx(Metric::edge_of_care_diverted); ++m) {
    out_.at(static_cast<Metric>(m), w, la) = ledger_.flows[l * kMetricCount + m];
  }
  using enum LegalStatus;
  out_.at(Metric::stock_section20, w, la) = static_cast<float>(pathway_.looked_after_under(l, section20));
  out_.at(Metric::stock_care_order, w, la) =
      static_cast<float>(pathway_.looked_after_under(l, interim_order) + pathway_.looked_after_under(l, care_order));
  out_.at(Metric::stock_placement_order, w, la) = static_cast<float>(pathway_.looked_after_under(l, placement_order));
  for (const Metric m : {Metric::pre_proceedings_starts, Metric::proceedings_issued, Metric::care_entries_section20,
                         Metric::exits_child_arrangements_order, Metric::reunification_breakdowns,
                         Metric::care_entries_adolescent, Metric::exits_independent_living, Metric::births,
                         Metric::first_referrals, Metric::first_in_need, Metric::first_cp_plans}) {
    out_.at(m, w, la) = ledger_.flow(l, m);
  }
  out_.at(Metric::worker_quits, w, la) = ledger_.flows[l * kMetricCount + midx(Metric::worker_quits)];
  out_.at(Metric::worker_changes, w, la) = ledger_.flows[l * kMetricCount + midx(Metric::worker_changes)];
  staffing_.record(out_, w, la);
  record_spend(p_.costs, ledger_, hooks_, out_, w, la);  // after the workforce rows it reads
  const std::size_t cell = (static_cast<std::size_t>(w) * p_.las.size() + l) * kStateCount;
  for (std::size_t s = 0; s < kStateCount; ++s) {
    out_.state_count[cell + s] = ledger_.state_count[l * kStateCount + s];
    out_.state_entries[cell + s] = ledger_.entries[l * kStateCount + s];
    out_.state_exits[cell + s] = ledger_.exits[l * kStateCount + s];
  }
}

ReplicateResult World::finish() {
  auto& ch = pop_.children;
  const sim::Day end = horizon_weeks_ * sim::kDaysPerWeek;
  for (std::uint32_t c = 0; c < ch.size(); ++c) {
    const ChildState s = ch.rows[c].state;
    if (is_tracked(s)) add_days(ch.days_in_state[c][day_slot(s)], end - std::max<sim::Day>(ch.state_since[c], 0));
    const auto& days = ch.days_in_state[c];
    const bool any_days = std::any_of(days.begin(), days.end(), [](std::uint16_t n) { return n > 0; });
    if (!p_.run.record_events || (!ch.recorded[c] && !any_days)) continue;
    const std::uint32_t f = ch.rows[c].family;
    ChildRow row{};
    row.replicate = out_.replicate;
    row.child = c;
    row.family = f;
    row.la = pop_.families.la[f];
    row.birth_day = ch.rows[c].birth;
    // Factors as they stand on the run's last day: episode changes an open case would take at
    // its next casework are applied, so the flags are the same in every scenario.
    advance_episodes(pop_.families, key_, f, end - 1, p_.population_model());
    for (std::size_t r = 0; r < kRiskCount; ++r) {
      row.risk[r] = static_cast<std::uint8_t>((pop_.families.risk_mask[f] >> r) & 1u);
    }
    row.first_referral_day = ch.first_referral[c];
    row.referrals = ch.referrals[c];
    row.cp_plans = ch.cp_plans[c];
    row.days_assessment = days[day_slot(ChildState::assessment)];
    row.days_cin = days[day_slot(ChildState::cin)];
    row.days_s47 = days[day_slot(ChildState::s47)];
    row.days_cp = days[day_slot(ChildState::cp)];
    row.days_looked_after = days[day_slot(ChildState::looked_after)];
    row.final_state = static_cast<std::uint8_t>(s);
    row.final_placement = static_cast<std::uint8_t>(ch.rows[c].placement);
    out_.children.push_back(row);
  }
  WorldProfile at_end;
  at_end.memory = memory();
  profile_.add(at_end);  // each table at its larger
  profile_.child_rows = ch.size();
  profile_.children_at_start = static_cast<std::uint64_t>(out_.children_at_start);
  out_.profile = std::move(profile_);
  return std::move(out_);
}

}  // namespace csc::models
