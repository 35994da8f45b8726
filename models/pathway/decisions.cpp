// The week's decisions on open cases (docs/design.md, The model): CIN cases close or escalate,
// families come to and leave the edge of care, and children enter and leave care; and the
// family's case status, which these decisions and the calendar's events change.
#include <cmath>

#include "models/core/streams.hpp"
#include "models/pathway/hazards.hpp"
#include "models/pathway/pathway.hpp"

namespace csc::models {

using hazards::above;
using hazards::child_state_of;

namespace {

/// Asks for the rows that the decisions on the family kAhead places on in a council's open
/// list read (prefetch_decision_rows); its children's rows need its first_child, and the day of
/// its CP plan (early_cp_review) its status, asked for then, so they are asked for half as far
/// ahead. Always inlined, as prefetch_casework_rows says why.
[[gnu::always_inline]] inline void prefetch_case(const Population& pop, const std::vector<std::uint32_t>& list,
                                                 std::size_t i) {
  constexpr std::size_t kAhead = 8;
  if (i + kAhead < list.size()) prefetch_decision_rows(pop.families, list[i + kAhead]);
  if (i + kAhead / 2 < list.size()) {
    const std::uint32_t f = list[i + kAhead / 2];
    const std::uint32_t first = pop.families.first_child[f], last = pop.families.first_child[f + 1];
    prefetch_child_rows(pop.children, first, last);
    if (pop.families.cases[f].status == CaseStatus::cp) __builtin_prefetch(&pop.families.last_plan_day[f]);
  }
}

}  // namespace

void Pathway::council_decisions(std::size_t l, sim::Day d) {
  // Councils run their weeks in parallel (World::council_week): a family's decisions change its
  // own rows, its council's counts and its council's intervention queues; what reaches
  // further waits in per-council buffers (event rows, children's home places: the ledger) or
  // is order-free (the calendar sorts what it is given). Every draw is keyed. So the output is
  // that of walking the councils one after another, at any thread count.
  const auto& list = open_.lists[l];  // may grow as we go (a case reopens)
  for (std::size_t i = 0; i < list.size(); ++i) {
    prefetch_case(pop_, list, i);
    if (pop_.families.cases[list[i]].status != CaseStatus::dormant) family_decisions(list[i], d);
  }
}

void Pathway::family_decisions(std::uint32_t f, sim::Day d) {
  auto& fam = pop_.families;
  if (fam.cases[f].crisis_pending) {
    fam.cases[f].crisis_pending = 0;
    ledger_.note(f, d, Reason::crisis);
  }
  const double s = severity(fam, f, p_.severity);  // casework brought it up to d
  const CaseStatus status = fam.cases[f].status;
  if (status != CaseStatus::care_only) {
    // Edge of care / pre-proceedings: above a threshold a family is at risk of care entry;
    // leaving the edge without an entry is a diversion (children kept at home).
    const auto& ep = p_.edge;
    std::uint32_t at_home = 0;
    for (auto c = fam.first_child[f]; c < fam.first_child[f + 1]; ++c) at_home += ledger_.at_home_in_case(c);
    if (!fam.cases[f].edge && s > ep.threshold) {
      fam.cases[f].edge = 1;
      for (auto* run : hooks_.enabled) run->on_edge_of_care(f, d);
      ledger_.count(Metric::edge_of_care_entries, f, static_cast<float>(at_home));
    } else if (fam.cases[f].edge && s < ep.exit_threshold) {
      fam.cases[f].edge = 0;
      ledger_.count(Metric::edge_of_care_diverted, f, static_cast<float>(at_home));
    }
    // The council acts on a family at the edge at a rate that rises with its risk (legal.cpp);
    // interventions can lower it (a volunteer host family instead of accommodation). Not while
    // proceedings run: the court decides then.
    if (fam.cases[f].edge && fam.cases[f].legal_stage != LegalStage::proceedings) {
      const double act = ep.care_rate_per_week * risk_factor(s) * fam.care_entry_factor[f];
      if (draws(f, d, stream_id(Stream::edge_care_entry)).occurs(act)) act_on_edge(f, d);
    }
    if (fam.cases[f].legal_stage != LegalStage::proceedings) adolescent_entries(f, s, d);
    if (fam.cases[f].status == CaseStatus::cin && fam.cases[f].legal_stage == LegalStage::none) {
      const auto& cp = p_.cin;
      // CIN cases close as need falls (not only when it is gone: many close with need left,
      // which drives re-referral) and escalate as it rises.
      // Each rate is at most its base rate, so most weeks decide without the smooth step.
      const auto close = [&] { return cp.close_rate_per_week * (1.0 - above(s, cp.close_threshold, cp.softness)); };
      const auto escalate = [&] {
        return cp.escalation_rate_per_week * above(s, cp.escalation_threshold, cp.softness);
      };
      if (draws(f, d, stream_id(Stream::cin_closure)).occurs_bounded(cp.close_rate_per_week, close)) {
        close_case(f, d, Reason::cin_closed);
      } else if (draws(f, d, stream_id(Stream::cin_escalation)).occurs_bounded(cp.escalation_rate_per_week, escalate)) {
        set_family_status(f, CaseStatus::s47, Reason::strategy_s47, d);
        schedule({days_.clock.add_working_days(d, p_.assessment.s47_working_days_to_conference), 0,
                  static_cast<std::uint8_t>(EventKind::conference_due), f, fam.cases[f].generation});
      }
    }
    if (fam.cases[f].status == CaseStatus::cp) early_cp_review(f, s, d);
  }
  if (fam.cases[f].legal_stage == LegalStage::none) section20_proceedings(f, s, d);
  for (auto c = fam.first_child[f]; c < fam.first_child[f + 1]; ++c) {
    if (pop_.children.rows[c].state == ChildState::looked_after) care_decisions(c, d);
  }
}

void Pathway::section20_proceedings(std::uint32_t f, double s, sim::Day d) {
  // A child accommodated by agreement may be brought before the court (LS-2, LS-5: section 20
  // gave way to care orders after 2015), more readily as risk rises.
  const auto& fam = pop_.families;
  bool accommodated = false;
  for (auto c = fam.first_child[f]; c < fam.first_child[f + 1]; ++c) {
    accommodated = accommodated || pop_.children.rows[c].legal_status == LegalStatus::section20;
  }
  if (!accommodated) return;
  const double rate = p_.legal.section20_proceedings_rate_per_week * risk_factor(s);
  if (draws(f, d, stream_id(Stream::section20_proceedings)).occurs(rate)) {
    issue_proceedings(f, d, false);
  }
}

void Pathway::adolescent_entries(std::uint32_t f, double s, sim::Day d) {
  // Adolescents come into care on their own account as well as with their family's risk: a
  // relationship that has broken down, their behaviour, harm outside the home, a 16- or
  // 17-year-old who is homeless. They are accommodated by agreement, one child at a time, at a
  // rate that rises with age and with the family's risk (docs/evidence.md AGE-1..AGE-3 and
  // GAP-13: the looked-after stock is old, 59.5% aged 10 or over, and a third of leavers are
  // 16 or over, which a family's risk alone, with children of every age, does not give).
  const auto& cp = p_.care;
  if (cp.adolescent_rate_per_week <= 0.0) return;
  const auto& fam = pop_.families;
  double risk = 0.0;  // the family's risk factor, computed for its first adolescent
  for (auto c = fam.first_child[f]; c < fam.first_child[f + 1]; ++c) {
    if (!ledger_.at_home_in_case(c)) continue;
    const double age = (d - pop_.children.rows[c].birth) / 365.25;
    if (age < cp.adolescent_min_age) continue;
    if (risk == 0.0) risk = risk_factor(s);
    const double rate =
        cp.adolescent_rate_per_week * std::exp(cp.adolescent_age_slope * (age - cp.adolescent_min_age)) * risk;
    if (draws(c, d, stream_id(Stream::adolescent_entry)).occurs(rate)) {
      ledger_.count(Metric::care_entries_adolescent, f);
      place_group(f, {c}, d, LegalStatus::section20, Reason::care_entry);
      pop_.children.own_account[c] = 1;
    }
  }
}

void Pathway::set_family_status(std::uint32_t f, CaseStatus s, Reason reason, sim::Day d) {
  auto& fam = pop_.families;
  fam.cases[f].status = s;
  ++fam.cases[f].generation;
  for (auto c = fam.first_child[f]; c < fam.first_child[f + 1]; ++c) {
    if (ledger_.at_home_in_case(c)) ledger_.set_state(c, child_state_of(s), reason, d);
  }
}

void Pathway::close_case(std::uint32_t f, sim::Day d, Reason reason) {
  auto& fam = pop_.families;
  bool in_care = false;
  for (auto c = fam.first_child[f]; c < fam.first_child[f + 1]; ++c) {
    if (ledger_.at_home_in_case(c)) ledger_.set_state(c, ChildState::closed, reason, d);
    in_care = in_care || pop_.children.rows[c].state == ChildState::looked_after;
  }
  fam.cases[f].edge = 0;
  if (in_care) {
    fam.cases[f].status = CaseStatus::care_only;
    ++fam.cases[f].generation;
    return;
  }
  end_case(f, d);
}

void Pathway::end_case(std::uint32_t f, sim::Day d) {
  auto& fam = pop_.families;
  fam.cases[f].status = CaseStatus::dormant;
  staffing_.release_worker(f);
  fam.cases[f].visible_until = d + static_cast<sim::Day>(p_.referral.visibility_weeks * 7);
  schedule_dormant(f, d);
}

}  // namespace csc::models
