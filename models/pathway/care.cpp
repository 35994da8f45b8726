// Care (docs/design.md, The model): entering care as a sibling group, the placement, and the ways
// out of care, which depend on the child's legal status (docs/design.md, "The care decision
// and the law"): accommodated children can go home when need falls; a child under a care order
// goes home only when the order is discharged, after a permanence plan; adoption follows a
// placement order; special guardianship takes a child placed with kin out of care; and at 18.
#include <algorithm>
#include <cmath>

#include "models/core/streams.hpp"
#include "models/pathway/hazards.hpp"
#include "models/pathway/pathway.hpp"

namespace csc::models {

using hazards::above;
using hazards::child_state_of;

bool Pathway::has_willing_carer(std::uint32_t f) const {
  return kin_[pop_.families.la[f]].willing_carers_within(f, p_.kin.carer_steps) > 0;
}

Placement Pathway::draw_placement(std::uint32_t c, sim::Day d) const {
  const auto& cp = p_.care;
  const int age = pop_.children.age_years(c, d);
  PlacementWeights w = age < 5 ? cp.under_5 : (age < 12 ? cp.age_5_to_11 : cp.age_12_plus);
  // Kinship care needs a willing relative or friend within reach in the kin network; an
  // intervention can make that route more likely (a family group conference's plan:
  // evidence.md s2, FGC).
  const std::uint32_t f = pop_.children.rows[c].family;
  if (!has_willing_carer(f)) {
    w[0] = 0.0;
  } else {
    w[0] *= pop_.families.kinship_factor[f];
  }
  auto dr = draws(c, d, stream_id(Stream::placement_type));
  return static_cast<Placement>(1 + dr.categorical(w));  // weights start at kinship_foster
}

void Pathway::enter_care(std::uint32_t f, sim::Day d, LegalStatus status, Reason reason) {
  const auto& fam = pop_.families;
  std::vector<std::uint32_t> candidates;
  for (auto c = fam.first_child[f]; c < fam.first_child[f + 1]; ++c) {
    if (ledger_.at_home_in_case(c)) candidates.push_back(c);
  }
  if (candidates.empty()) return;
  auto dr = draws(f, d, stream_id(Stream::care_siblings));
  const std::uint32_t index_child = candidates[dr.below(static_cast<std::uint32_t>(candidates.size()))];
  std::vector<std::uint32_t> group;
  for (const std::uint32_t c : candidates) {
    const bool sibling_too = dr.bernoulli(p_.edge.sibling_share);
    if (c == index_child || sibling_too) group.push_back(c);
  }
  place_group(f, group, d, status, reason);
}

void Pathway::place_group(std::uint32_t f, const std::vector<std::uint32_t>& group, sim::Day d, LegalStatus status,
                          Reason reason) {
  // Siblings who enter care together share a placement when it can take them all (up to
  // care.siblings_together children); a larger group is split, each child placed on its own.
  auto& ch = pop_.children;
  const bool together = group.size() <= static_cast<std::size_t>(p_.care.siblings_together);
  Placement shared = Placement::none;
  for (const std::uint32_t c : group) {
    const Placement placement = together && shared != Placement::none ? shared : draw_placement(c, d);
    shared = placement;
    ledger_.set_placement(c, placement, d, false);  // first, so the entry row carries it
    ledger_.set_state(c, ChildState::looked_after, reason, d);
    set_legal_status(c, status);
    ch.rows[c].care_since = d;
    ch.own_account[c] = 0;  // the adolescent route sets it after placing
    legal_.breakdown_due[c] = kNever;
    if (status == LegalStatus::section20) ledger_.count(Metric::care_entries_section20, f);
  }
  update_status_after_removal(f);
}

void Pathway::open_care_case(std::uint32_t f, sim::Day d) {
  auto& fam = pop_.families;
  fam.cases[f].status = CaseStatus::care_only;
  ++fam.cases[f].generation;  // its dormant events lapse
  fam.cases[f].waiting_since = d;
  open_.open(fam, f);
}

void Pathway::update_status_after_removal(std::uint32_t f) {
  auto& fam = pop_.families;
  bool home_in_case = false;
  for (auto c = fam.first_child[f]; c < fam.first_child[f + 1]; ++c) {
    home_in_case = home_in_case || ledger_.at_home_in_case(c);
  }
  if (!home_in_case && fam.cases[f].status != CaseStatus::care_only && fam.cases[f].status != CaseStatus::dormant) {
    fam.cases[f].status = CaseStatus::care_only;
    ++fam.cases[f].generation;
    fam.cases[f].edge = 0;
  }
}

void Pathway::care_decisions(std::uint32_t c, sim::Day d) {
  auto& ch = pop_.children;
  const auto& cp = p_.care;
  const LegalStatus status = ch.rows[c].legal_status;
  // Under a placement order (the adoption events end it), or in proceedings (the final hearing does).
  if (status == LegalStatus::placement_order || status == LegalStatus::interim_order) return;
  const std::uint32_t f = ch.rows[c].family;
  const double weeks_in = (d - ch.rows[c].care_since) / 7.0;
  auto dr = draws(c, d, stream_id(Stream::care_exit));
  // A later return home needs the family's need to be low, and children go home early in a stay
  // or not at all: its chance falls with time in care (care.reunification_decay_weeks;
  // docs/evidence.md RH-1, RH-2: returns home come within months of entry, and past 28 days a
  // child is likely still in care a year later). Computed only where a status allows one.
  const auto later_return = [&](double rate_per_week) {
    const double s = severity(pop_.families, f, p_.severity);
    const double low_need = 1.0 - above(s, cp.return_home_threshold, p_.cin.softness);
    return rate_per_week * low_need * std::exp(-weeks_in / cp.reunification_decay_weeks);
  };
  double home = 0.0;
  if (status == LegalStatus::section20) {
    // Accommodated by agreement: a high exit hazard in the first weeks that decays (the 28-day
    // rule, evidence.md s1), plus a return-home hazard once the family's need is low enough.
    // A young person in care on its own account goes home once the relationship is mended,
    // at its own rate (care.adolescent_return_rate_per_week; RH-1: 42% of entrants aged 12-17
    // went home in one council, against 32-35% of younger children).
    const double rate = ch.own_account[c] ? cp.adolescent_return_rate_per_week : cp.return_home_rate_per_week;
    home = cp.early_exit_rate_per_week * std::exp(-weeks_in / cp.early_exit_decay_weeks) + later_return(rate);
  } else if (weeks_in >= p_.legal.permanence_weeks) {
    home = later_return(p_.legal.discharge_rate_per_week);  // a care order is discharged on a plan
  }
  if (dr.occurs(home)) {
    leave_care(c, d, Reason::returned_home);
    return;
  }
  // From 16 a young person may leave care before 18 for independent or supported living (EX-8:
  // about a third of the leavers aged 16 or over left at 16 or 17).
  if (ch.age_years(c, d) >= 16 && draws(c, d, stream_id(Stream::leaving_care)).occurs(cp.leave_at_16_rate_per_week)) {
    leave_care(c, d, Reason::independent_living);
    return;
  }
  const double sgo = cp.sgo_rate_per_week * pop_.families.sgo_factor[f];  // a family plan raises it
  if (ch.rows[c].placement == Placement::kinship_foster && dr.occurs(sgo)) {
    leave_care(c, d, Reason::special_guardianship);
    return;
  }
  // A young child under a care order who has not gone home: a placement order (adoption), planned
  // within a window of its time in care (after it, long-term care is the plan: GAP-15) and as
  // often as the adoption policy of the day has it (care.adoption_policy; ADP-4, ADP-5).
  auto da = draws(c, d, stream_id(Stream::adoption_plan));
  if (status == LegalStatus::care_order && pop_.children.age_years(c, d) < cp.adoption_max_age && weeks_in >= 26 &&
      weeks_in < cp.adoption_plan_window_weeks &&
      da.occurs(cp.adoption_plan_rate_per_week * factor_on(p_.adoption_policy.steps, d))) {
    apply_order(c, FinalOrder::placement, d);
  }
}

void Pathway::leave_care(std::uint32_t c, sim::Day d, Reason reason) {
  auto& fam = pop_.families;
  auto& ch = pop_.children;
  const std::uint32_t f = ch.rows[c].family;
  const bool home = reason == Reason::returned_home || reason == Reason::supervision_order;
  if (home) {
    // A child who goes home is supported as a child in need, in the family's current case.
    ch.returned_home[c] = 1;
    if (fam.cases[f].status == CaseStatus::care_only || fam.cases[f].status == CaseStatus::dormant) {
      fam.cases[f].status = CaseStatus::cin;
      ++fam.cases[f].generation;
    }
    ledger_.set_state(c, child_state_of(fam.cases[f].status), reason, d);
  } else {
    ledger_.set_state(c, ChildState::left, reason, d);
  }
  ledger_.set_placement(c, Placement::none, d, false);
  set_legal_status(c, LegalStatus::none);
  ch.adoption_due[c] = kNever;
  if (home) schedule_breakdown(c, d, d);
  if (fam.cases[f].status == CaseStatus::care_only && ledger_.case_children(f) == 0) end_case(f, d);
}

}  // namespace csc::models
